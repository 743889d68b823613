namespace Ocf.Communication;

/// <summary>Receives one datagram; the span is valid only during the call.</summary>
public delegate void OcfDatagramHandler(ReadOnlySpan<byte> datagram);

/// <summary>
/// The transport seam (plugin type "transport"): best-effort datagrams between configured nodes, addressed by node id.
/// Loss, duplication and reordering are allowed; the core provides everything else. The UDP transport maps node ids
/// to the addresses in <see cref="OcfNodeDefinition.Addresses"/>; the in-memory one to endpoints of a hub.
/// </summary>
public interface IOcfDatagramTransport : IDisposable
{
    /// <summary>Largest datagram the transport can carry.</summary>
    int MaxDatagramSize { get; }

    /// <summary>Starts receiving; <paramref name="handler"/> may be called from any thread (the node serialises).</summary>
    void Start(OcfDatagramHandler handler);

    /// <summary>Sends best-effort without blocking; failures (unreachable, buffer full) are silent losses.</summary>
    void Send(uint destination, ReadOnlySpan<byte> datagram);
}
