namespace Ocf.Plugins.Stonith.Ipmi.Messages;

/// <summary>
/// A datagram that is not a well-formed (or not an authentic) answer. The transport drops such datagrams and keeps
/// waiting; the last reason is quoted if no good answer arrives.
/// </summary>
internal sealed class IpmiFormatException(string message) : Exception(message);
