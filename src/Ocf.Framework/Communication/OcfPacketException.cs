namespace Ocf.Communication;

/// <summary>
/// The one exception the packet decoder raises: the datagram is unusable for <see cref="Reason"/>. Decoding never
/// throws anything else, whatever the input.
/// </summary>
public sealed class OcfPacketException : Exception
{
    public OcfPacketException(OcfDropReason reason, string message, Exception? inner = null) : base(message, inner) => Reason = reason;

    public OcfDropReason Reason { get; }
}
