namespace Ocf.Rpc.Cluster;

/// <summary>Settings of a node's cluster RPC service.</summary>
public sealed record OcfClusterRpcOptions
{
    /// <summary>Timeout of calls that name none.</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When set, a call re-sends its request (same request id) at this interval until answered: the receiver's reply
    /// cache makes the retransmission harmless (at most once). The reliable broadcast already repairs losses, so this
    /// only matters across a receiver that lost its queue; off by default.
    /// </summary>
    public TimeSpan? RetransmitInterval { get; init; }

    /// <summary>How many recent requests the receiver remembers (with their responses) to recognise duplicates.</summary>
    public int ReplyCacheCapacity { get; init; } = 4096;

    /// <summary>How long the receiver remembers a finished request.</summary>
    public TimeSpan ReplyCacheAge { get; init; } = TimeSpan.FromMinutes(2);

    public static readonly OcfClusterRpcOptions Default = new();
}
