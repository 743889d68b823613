namespace Ocf.Plugins.Comm.Udp;

/// <summary>What went wrong creating a UDP transport.</summary>
public enum UdpTransportError
{
    /// <summary>An address is not "host:port" (IPv6 literals as "[addr]:port", port 1–65535).</summary>
    InvalidAddress,
    /// <summary>A host name did not resolve (or resolved to no address).</summary>
    UnresolvableHost,
    /// <summary>A node has no addresses.</summary>
    NoAddresses,
    /// <summary>The same address is configured twice (for two nodes, or twice for one).</summary>
    DuplicateAddress,
    /// <summary>A peer's address is of a family (IPv4/IPv6) the local node has no socket for.</summary>
    NoRoute,
    /// <summary>The local address's port is already in use.</summary>
    AddressInUse,
    /// <summary>The local address could not be bound (not an address of this host, permission, …).</summary>
    CannotBind,
}

/// <summary>A UDP transport could not be created; <see cref="Address"/> names the offending address where there is one.</summary>
public sealed class UdpTransportException : Exception
{
    public UdpTransportException(UdpTransportError error, string message, uint? nodeId = null, string? address = null, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
        NodeId = nodeId;
        Address = address;
    }

    public UdpTransportError Error { get; }
    /// <summary>The node whose address is at fault, if any.</summary>
    public uint? NodeId { get; }
    /// <summary>The address as configured (or the local endpoint that could not be bound).</summary>
    public string? Address { get; }
}
