using Ocf.Plugins.Stonith.Ipmi.Messages;

namespace Ocf.Plugins.Stonith.Ipmi.Rmcp;

/// <summary>
/// The 4-byte RMCP header every IPMI-over-LAN datagram starts with (IPMI v2.0 §13.1.3): version 6, reserved, sequence
/// (0xFF: no RMCP ACK wanted, as IPMI messages use), message class (6 ASF, 7 IPMI).
/// </summary>
internal static class RmcpHeader
{
    public const int Length = 4;
    public const byte Version = 0x06;
    public const byte NoAck = 0xFF;
    public const byte ClassAsf = 0x06;
    public const byte ClassIpmi = 0x07;

    public static void Write(Span<byte> destination, byte messageClass, byte sequence = NoAck)
    {
        destination[0] = Version;
        destination[1] = 0;
        destination[2] = sequence;
        destination[3] = messageClass;
    }

    /// <summary>Checks the header of a received datagram and returns its message class (the ACK bit cleared).</summary>
    public static byte Read(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < Length) throw new IpmiFormatException($"datagram too short for RMCP ({packet.Length} bytes)");
        if (packet[0] != Version) throw new IpmiFormatException($"not RMCP version 1.0 (version byte 0x{packet[0]:X2})");
        return (byte)(packet[3] & 0x7F);
    }
}
