namespace Ocf.Plugins.Stonith.Ipmi.Messages;

/// <summary>
/// The IPMI LAN message inside a session packet (IPMI v2.0 §13.8): rsAddr, netFn/rsLUN, checksum, rqAddr, rqSeq/rqLUN,
/// cmd, data, checksum. Pure functions of bytes.
/// </summary>
internal static class IpmiMessageCodec
{
    /// <summary>The BMC's responder address.</summary>
    public const byte BmcAddress = 0x20;
    /// <summary>Software ID of a remote console (IPMI v2.0 §5.5).</summary>
    public const byte RemoteConsoleAddress = 0x81;
    /// <summary>Header (6 bytes) + final checksum; completion code not included.</summary>
    public const int Overhead = 7;

    /// <summary>The 2's complement checksum: the bytes plus the checksum sum to 0 (mod 256).</summary>
    public static byte Checksum(ReadOnlySpan<byte> bytes)
    {
        byte sum = 0;
        foreach (byte b in bytes) sum += b;
        return (byte)-sum;
    }

    /// <summary>The request message for <paramref name="request"/> with sequence number <paramref name="rqSeq"/> (0..63).</summary>
    public static byte[] EncodeRequest(IpmiRequest request, byte rqSeq)
    {
        var m = new byte[Overhead + request.Data.Length];
        m[0] = BmcAddress;
        m[1] = (byte)(request.NetFn << 2);          // rsLUN 0
        m[2] = Checksum(m.AsSpan(0, 2));
        m[3] = RemoteConsoleAddress;
        m[4] = (byte)((rqSeq & 0x3F) << 2);         // rqLUN 0
        m[5] = request.Command;
        request.Data.CopyTo(m, 6);
        m[^1] = Checksum(m.AsSpan(3, m.Length - 4));
        return m;
    }

    /// <summary>Parses a response message, checking both checksums and the addresses.</summary>
    public static IpmiResponse DecodeResponse(ReadOnlySpan<byte> m)
    {
        if (m.Length < Overhead + 1) throw new IpmiFormatException($"IPMI response too short ({m.Length} bytes)");
        if (Checksum(m[..2]) != m[2]) throw new IpmiFormatException("IPMI response header checksum mismatch");
        if (Checksum(m[3..^1]) != m[^1]) throw new IpmiFormatException("IPMI response data checksum mismatch");
        if (m[0] != RemoteConsoleAddress) throw new IpmiFormatException($"IPMI response for address 0x{m[0]:X2}, not the remote console");
        if (m[3] != BmcAddress) throw new IpmiFormatException($"IPMI response from address 0x{m[3]:X2}, not the BMC");
        byte netFn = (byte)(m[1] >> 2);
        if ((netFn & 1) == 0) throw new IpmiFormatException($"IPMI message with request network function 0x{netFn:X2}");
        return new IpmiResponse(netFn, m[5], (byte)(m[4] >> 2), m[6], m[7..^1].ToArray());
    }
}
