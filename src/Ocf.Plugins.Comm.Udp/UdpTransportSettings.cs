using System.Net;

namespace Ocf.Plugins.Comm.Udp;

/// <summary>The udp plugin's own settings (the cluster's nodes and addresses come from the cluster options).</summary>
public sealed record UdpTransportSettings
{
    public const int MinBufferSize = 4096;
    public const int MaxBufferSize = 256 * 1024 * 1024;

    /// <summary>
    /// The IP address every local socket binds instead of the local node's own address (the port stays each
    /// address's); null: the local node's own addresses. The IPv6 wildcard "::" binds dual-mode sockets that reach
    /// IPv4 peers too.
    /// </summary>
    public IPAddress? BindAddress { get; init; }
    /// <summary>SO_RCVBUF in bytes; null: the operating system's default.</summary>
    public int? ReceiveBufferSize { get; init; }
    /// <summary>SO_SNDBUF in bytes; null: the operating system's default.</summary>
    public int? SendBufferSize { get; init; }
    /// <summary>Unicast TTL / IPv6 hop limit (1–255); null: the operating system's default.</summary>
    public int? Ttl { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a value out of range.</summary>
    public void EnsureValid()
    {
        if (ReceiveBufferSize is { } r && (r < MinBufferSize || r > MaxBufferSize))
            throw new ArgumentOutOfRangeException(nameof(ReceiveBufferSize), r, $"the receive buffer must be {MinBufferSize}–{MaxBufferSize} bytes");
        if (SendBufferSize is { } s && (s < MinBufferSize || s > MaxBufferSize))
            throw new ArgumentOutOfRangeException(nameof(SendBufferSize), s, $"the send buffer must be {MinBufferSize}–{MaxBufferSize} bytes");
        if (Ttl is { } t && (t < 1 || t > 255))
            throw new ArgumentOutOfRangeException(nameof(Ttl), t, "the TTL must be 1–255");
    }
}

/// <summary>A snapshot of a UDP transport's counters (every send or receive problem is a silent loss, counted here).</summary>
public sealed record UdpTransportStatistics(
    long DatagramsSent,
    long SendFailures,
    long Oversized,
    long UnknownDestination,
    long DatagramsReceived,
    long ReceiveErrors,
    long HandlerErrors);
