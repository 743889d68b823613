using System.Buffers.Binary;
using Ocf.Plugins.Stonith.Ipmi.Messages;

namespace Ocf.Plugins.Stonith.Ipmi.Rmcp;

/// <summary>What an ASF Presence Pong says about the device.</summary>
internal readonly record struct AsfPong(byte MessageTag, uint Iana, uint OemDefined, bool IpmiSupported, byte AsfVersion, byte SupportedInteractions);

/// <summary>
/// ASF Presence Ping / Pong over RMCP (class 6, IANA 4542; IPMI v2.0 §13.2.3): a sessionless "is anything there that
/// speaks IPMI" probe.
/// </summary>
internal static class AsfPing
{
    public const uint AsfIana = 4542;
    public const byte PingType = 0x80;
    public const byte PongType = 0x40;

    public static byte[] EncodePing(byte messageTag, byte rmcpSequence = 0)
    {
        var p = new byte[RmcpHeader.Length + 8];
        RmcpHeader.Write(p, RmcpHeader.ClassAsf, rmcpSequence);
        BinaryPrimitives.WriteUInt32BigEndian(p.AsSpan(4), AsfIana);   // ASF fields are big-endian
        p[8] = PingType;
        p[9] = messageTag;
        p[10] = 0;          // reserved
        p[11] = 0;          // data length
        return p;
    }

    public static AsfPong DecodePong(ReadOnlySpan<byte> p)
    {
        if (RmcpHeader.Read(p) != RmcpHeader.ClassAsf) throw new IpmiFormatException("not an ASF message");
        if (p.Length < 12) throw new IpmiFormatException("ASF message too short");
        if (BinaryPrimitives.ReadUInt32BigEndian(p[4..]) != AsfIana) throw new IpmiFormatException("ASF message with a foreign IANA number");
        if (p[8] != PongType) throw new IpmiFormatException($"ASF message type 0x{p[8]:X2} is not a Presence Pong");
        int length = p[11];
        if (length < 16 || p.Length < 12 + length) throw new IpmiFormatException("ASF Presence Pong too short");
        var d = p.Slice(12, length);
        return new AsfPong(p[9], BinaryPrimitives.ReadUInt32BigEndian(d), BinaryPrimitives.ReadUInt32BigEndian(d[4..]),
            (d[8] & 0x80) != 0, (byte)(d[8] & 0x0F), d[9]);
    }
}
