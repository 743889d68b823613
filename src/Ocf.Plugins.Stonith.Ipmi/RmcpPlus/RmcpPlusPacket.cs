using System.Buffers.Binary;
using Ocf.Plugins.Stonith.Ipmi.Messages;
using Ocf.Plugins.Stonith.Ipmi.Rmcp;
using Ocf.Plugins.Stonith.Ipmi.Session;

namespace Ocf.Plugins.Stonith.Ipmi.RmcpPlus;

/// <summary>RMCP+ payload types (IPMI v2.0 §13.27.3).</summary>
internal enum RmcpPlusPayloadType : byte
{
    Ipmi = 0x00,
    Sol = 0x01,
    OemExplicit = 0x02,
    OpenSessionRequest = 0x10,
    OpenSessionResponse = 0x11,
    Rakp1 = 0x12,
    Rakp2 = 0x13,
    Rakp3 = 0x14,
    Rakp4 = 0x15,
}

/// <summary>A decoded RMCP+ packet. <see cref="Payload"/> is the plain payload (decrypted when it was encrypted).</summary>
internal sealed record RmcpPlusFrame(RmcpPlusPayloadType PayloadType, bool Encrypted, bool Authenticated, uint SessionId, uint Sequence, byte[] Payload);

/// <summary>The session keys of an active RMCP+ session (cipher suite 3: K1 for HMAC-SHA1-96, K2 for AES-CBC-128).</summary>
internal sealed record RmcpPlusKeys(byte[] K1, byte[] K2);

/// <summary>
/// The IPMI v2.0 / RMCP+ session packet (IPMI v2.0 §13.6, §13.28.4): RMCP header, auth type 6, payload type with the
/// encrypted (bit 7) and authenticated (bit 6) flags, session ID, session sequence number, payload length (2 bytes),
/// payload, and for authenticated packets the integrity pad (0xFF), pad length, next header (0x07) and the 12-byte
/// HMAC-SHA1-96 over everything from the auth type on. Pure functions of bytes.
/// </summary>
internal static class RmcpPlusPacket
{
    private const int SessionHeaderOffset = RmcpHeader.Length;          // the auth type byte
    private const int PayloadOffset = SessionHeaderOffset + 12;         // after auth type, payload type, SID, seq, length
    private const byte NextHeader = 0x07;

    /// <summary>An unauthenticated, unencrypted packet outside a session (session setup: Open Session and RAKP messages).</summary>
    public static byte[] EncodeClear(RmcpPlusPayloadType type, ReadOnlySpan<byte> payload) => Encode(type, 0, 0, payload, false, false, null);

    /// <summary>An authenticated and encrypted in-session packet (cipher suite 3) with the given IV.</summary>
    public static byte[] EncodeSecured(RmcpPlusPayloadType type, uint sessionId, uint sequence, ReadOnlySpan<byte> payload, RmcpPlusKeys keys, ReadOnlySpan<byte> iv) =>
        Encode(type, sessionId, sequence, AesCbc128.Encrypt(keys.K2, iv, payload), true, true, keys.K1);

    private static byte[] Encode(RmcpPlusPayloadType type, uint sessionId, uint sequence, ReadOnlySpan<byte> body, bool encrypted, bool authenticated, byte[]? k1)
    {
        if (body.Length > ushort.MaxValue) throw new ArgumentException("payload too long", nameof(body));
        int unpadded = 12 + body.Length + 2;                                  // session header + payload + pad length + next header
        int pad = authenticated ? (4 - unpadded % 4) % 4 : 0;
        int length = PayloadOffset + body.Length + (authenticated ? pad + 2 + HmacSha196.Length : 0);
        var p = new byte[length];
        RmcpHeader.Write(p, RmcpHeader.ClassIpmi);
        p[4] = (byte)IpmiAuthType.RmcpPlus;
        p[5] = (byte)((byte)type | (encrypted ? 0x80 : 0) | (authenticated ? 0x40 : 0));
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(6), sessionId);
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(10), sequence);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(14), (ushort)body.Length);
        body.CopyTo(p.AsSpan(PayloadOffset));
        if (authenticated)
        {
            int t = PayloadOffset + body.Length;
            p.AsSpan(t, pad).Fill(0xFF);
            p[t + pad] = (byte)pad;
            p[t + pad + 1] = NextHeader;
            int covered = t + pad + 2 - SessionHeaderOffset;
            HmacSha196.Compute(k1!, p.AsSpan(SessionHeaderOffset, covered)).CopyTo(p, t + pad + 2);
        }
        return p;
    }

    /// <summary>True when the datagram is an RMCP+ (auth type 6) IPMI-class packet.</summary>
    public static bool IsRmcpPlus(ReadOnlySpan<byte> p) =>
        p.Length > SessionHeaderOffset && p[0] == RmcpHeader.Version && (p[3] & 0x7F) == RmcpHeader.ClassIpmi && (p[4] & 0x0F) == (byte)IpmiAuthType.RmcpPlus;

    /// <summary>
    /// Decodes a packet. With <paramref name="keys"/>, authenticated packets are verified and encrypted ones decrypted;
    /// without keys, only clear packets are accepted.
    /// </summary>
    public static RmcpPlusFrame Decode(ReadOnlySpan<byte> p, RmcpPlusKeys? keys)
    {
        if (RmcpHeader.Read(p) != RmcpHeader.ClassIpmi) throw new IpmiFormatException("not an RMCP IPMI-class message");
        if (p.Length < PayloadOffset) throw new IpmiFormatException("RMCP+ packet too short");
        if ((p[4] & 0x0F) != (byte)IpmiAuthType.RmcpPlus) throw new IpmiFormatException($"not an RMCP+ packet (auth type {p[4] & 0x0F})");
        bool encrypted = (p[5] & 0x80) != 0, authenticated = (p[5] & 0x40) != 0;
        var type = (RmcpPlusPayloadType)(p[5] & 0x3F);
        if (type == RmcpPlusPayloadType.OemExplicit) throw new IpmiFormatException("OEM explicit payloads are not supported");
        uint sessionId = BinaryPrimitives.ReadUInt32LittleEndian(p[6..]);
        uint sequence = BinaryPrimitives.ReadUInt32LittleEndian(p[10..]);
        int length = BinaryPrimitives.ReadUInt16LittleEndian(p[14..]);
        if (p.Length < PayloadOffset + length) throw new IpmiFormatException($"RMCP+ payload length {length} exceeds the datagram");
        var body = p.Slice(PayloadOffset, length);
        if ((encrypted || authenticated) && keys is null) throw new IpmiFormatException("a secured RMCP+ packet outside a session");
        if (authenticated)
        {
            int trailer = p.Length - PayloadOffset - length;                     // pad + pad length + next header + auth code
            int pad = trailer - 2 - HmacSha196.Length;
            if (pad < 0 || pad > 3) throw new IpmiFormatException($"RMCP+ integrity trailer of {trailer} bytes is malformed");
            int padLengthAt = PayloadOffset + length + pad;
            if (p[padLengthAt] != pad || p[padLengthAt + 1] != NextHeader) throw new IpmiFormatException("RMCP+ integrity pad length or next header wrong");
            if (!HmacSha196.Verify(keys!.K1, p[SessionHeaderOffset..(padLengthAt + 2)], p[(padLengthAt + 2)..]))
                throw new IpmiFormatException("RMCP+ integrity check failed (HMAC-SHA1-96 mismatch)");
        }
        byte[] payload = encrypted ? AesCbc128.Decrypt(keys!.K2, body) : body.ToArray();
        return new RmcpPlusFrame(type, encrypted, authenticated, sessionId, sequence, payload);
    }
}
