namespace Ocf.Communication;

/// <summary>
/// Base of everything the cluster core reports (the runtime logs these; the core has no logger).
/// <see cref="Timestamp"/> is monotonic time since the local node started (not wall time).
/// </summary>
public abstract record OcfClusterEvent
{
    public uint LocalNodeId { get; init; }
    public TimeSpan Timestamp { get; init; }
}
