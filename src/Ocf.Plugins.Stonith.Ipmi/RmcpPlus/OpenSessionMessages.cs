using System.Buffers.Binary;
using Ocf.Plugins.Stonith.Ipmi.Messages;
using Ocf.Plugins.Stonith.Ipmi.Session;

namespace Ocf.Plugins.Stonith.Ipmi.RmcpPlus;

/// <summary>Algorithm numbers of cipher suite 3 (IPMI v2.0 Table 22-20).</summary>
internal static class CipherSuite3
{
    public const byte Number = 3;
    public const byte RakpHmacSha1 = 0x01;
    public const byte HmacSha196 = 0x01;
    public const byte AesCbc128 = 0x01;
}

/// <summary>The RMCP+ Open Session Response (IPMI v2.0 §13.17).</summary>
internal sealed record OpenSessionResponse(byte Tag, byte Status, IpmiPrivilege MaxPrivilege, uint ConsoleSessionId, uint BmcSessionId,
    byte Authentication, byte Integrity, byte Confidentiality);

/// <summary>RMCP+ Open Session Request / Response payloads (IPMI v2.0 §13.17). Pure functions.</summary>
internal static class OpenSessionMessages
{
    public static byte[] EncodeRequest(byte tag, IpmiPrivilege? requestedMaximum, uint consoleSessionId,
        byte authentication = CipherSuite3.RakpHmacSha1, byte integrity = CipherSuite3.HmacSha196, byte confidentiality = CipherSuite3.AesCbc128)
    {
        var d = new byte[32];
        d[0] = tag;
        d[1] = (byte)(requestedMaximum ?? 0);          // 0: the highest level matching the proposed algorithms
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(4), consoleSessionId);
        WriteAlgorithm(d.AsSpan(8), 0x00, authentication);
        WriteAlgorithm(d.AsSpan(16), 0x01, integrity);
        WriteAlgorithm(d.AsSpan(24), 0x02, confidentiality);
        return d;
    }

    private static void WriteAlgorithm(Span<byte> d, byte payloadType, byte algorithm)
    {
        d[0] = payloadType;     // 0 authentication, 1 integrity, 2 confidentiality
        d[3] = 0x08;            // payload length
        d[4] = algorithm;
    }

    /// <summary>Decodes a response; an error response (non-zero status) may stop after the status and the console's session ID.</summary>
    public static OpenSessionResponse DecodeResponse(ReadOnlySpan<byte> d)
    {
        if (d.Length < 2) throw new IpmiFormatException("Open Session Response too short");
        if (d[1] != 0)
            return new OpenSessionResponse(d[0], d[1], 0, d.Length >= 8 ? BinaryPrimitives.ReadUInt32LittleEndian(d[4..]) : 0, 0, 0, 0, 0);
        if (d.Length < 36) throw new IpmiFormatException($"Open Session Response too short ({d.Length} bytes)");
        return new OpenSessionResponse(d[0], d[1], (IpmiPrivilege)(d[2] & 0x0F),
            BinaryPrimitives.ReadUInt32LittleEndian(d[4..]), BinaryPrimitives.ReadUInt32LittleEndian(d[8..]),
            (byte)(d[16] & 0x3F), (byte)(d[24] & 0x3F), (byte)(d[32] & 0x3F));
    }
}
