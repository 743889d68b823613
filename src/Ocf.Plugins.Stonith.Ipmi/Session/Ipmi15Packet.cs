using System.Buffers.Binary;
using System.Security.Cryptography;
using Ocf.Plugins.Stonith.Ipmi.Messages;
using Ocf.Plugins.Stonith.Ipmi.Rmcp;

namespace Ocf.Plugins.Stonith.Ipmi.Session;

/// <summary>A decoded IPMI 1.5 session packet: the session header fields and the IPMI message it carries.</summary>
internal sealed record Ipmi15Frame(IpmiAuthType AuthType, uint SessionSequence, uint SessionId, byte[] AuthCode, byte[] Message);

/// <summary>
/// The IPMI 1.5 session wrapper (IPMI v2.0 §13.6): RMCP header, auth type, session sequence number, session ID,
/// the 16-byte auth code (absent for auth type none), message length, message. Pure functions of bytes.
/// </summary>
internal static class Ipmi15Packet
{
    public static byte[] Encode(IpmiAuthType authType, uint sessionSequence, uint sessionId, ReadOnlySpan<byte> password16, ReadOnlySpan<byte> message)
    {
        if (message.Length > 255) throw new ArgumentException("IPMI message longer than 255 bytes", nameof(message));
        bool hasAuth = authType != IpmiAuthType.None;
        int header = RmcpHeader.Length + 9 + (hasAuth ? Ipmi15AuthCode.Length : 0);
        var p = new byte[header + 1 + message.Length];
        RmcpHeader.Write(p, RmcpHeader.ClassIpmi);
        p[4] = (byte)authType;
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(5), sessionSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(9), sessionId);
        if (hasAuth)
            Ipmi15AuthCode.Compute(authType, password16, sessionId, message, sessionSequence).CopyTo(p, 13);
        p[header] = (byte)message.Length;
        message.CopyTo(p.AsSpan(header + 1));
        return p;
    }

    public static Ipmi15Frame Decode(ReadOnlySpan<byte> p)
    {
        if (RmcpHeader.Read(p) != RmcpHeader.ClassIpmi) throw new IpmiFormatException("not an RMCP IPMI-class message");
        if (p.Length < RmcpHeader.Length + 10) throw new IpmiFormatException("IPMI 1.5 packet too short");
        var authType = (IpmiAuthType)(p[4] & 0x0F);
        if (authType == IpmiAuthType.RmcpPlus) throw new IpmiFormatException("an RMCP+ packet where an IPMI 1.5 packet was expected");
        int header = RmcpHeader.Length + 9 + (authType == IpmiAuthType.None ? 0 : Ipmi15AuthCode.Length);
        if (p.Length < header + 1) throw new IpmiFormatException("IPMI 1.5 packet too short for its session header");
        int length = p[header];
        if (p.Length < header + 1 + length) throw new IpmiFormatException($"IPMI 1.5 message length {length} exceeds the datagram");
        return new Ipmi15Frame(authType,
            BinaryPrimitives.ReadUInt32LittleEndian(p[5..]),
            BinaryPrimitives.ReadUInt32LittleEndian(p[9..]),
            authType == IpmiAuthType.None ? [] : p.Slice(13, Ipmi15AuthCode.Length).ToArray(),
            p.Slice(header + 1, length).ToArray());
    }

    /// <summary>True when the frame's auth code is the one <paramref name="password16"/> gives (constant-time compare).</summary>
    public static bool Verify(Ipmi15Frame frame, ReadOnlySpan<byte> password16)
    {
        if (frame.AuthType == IpmiAuthType.None) return frame.AuthCode.Length == 0;
        if (frame.AuthType is not (IpmiAuthType.Md5 or IpmiAuthType.Password)) return false;
        var expected = Ipmi15AuthCode.Compute(frame.AuthType, password16, frame.SessionId, frame.Message, frame.SessionSequence);
        return CryptographicOperations.FixedTimeEquals(expected, frame.AuthCode);
    }
}
