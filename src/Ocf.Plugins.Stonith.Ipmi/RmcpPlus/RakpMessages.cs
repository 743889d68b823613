using System.Buffers.Binary;
using Ocf.Plugins.Stonith.Ipmi.Messages;

namespace Ocf.Plugins.Stonith.Ipmi.RmcpPlus;

/// <summary>RAKP Message 2 (IPMI v2.0 §13.21).</summary>
internal sealed record Rakp2(byte Tag, byte Status, uint ConsoleSessionId, byte[] BmcRandom, byte[] BmcGuid, byte[] AuthCode);

/// <summary>RAKP Message 4 (IPMI v2.0 §13.23).</summary>
internal sealed record Rakp4(byte Tag, byte Status, uint ConsoleSessionId, byte[] IntegrityCheck);

/// <summary>RAKP messages 1-4 payloads (IPMI v2.0 §13.20-§13.23). Pure functions.</summary>
internal static class RakpMessages
{
    /// <summary>Role bit 4: look the user up by name only (the privilege is then checked against the user's limit).</summary>
    public const byte NameOnlyLookup = 0x10;

    public static byte[] EncodeRakp1(byte tag, uint bmcSessionId, ReadOnlySpan<byte> consoleRandom, byte role, ReadOnlySpan<byte> userName)
    {
        if (userName.Length > 16) throw new ArgumentException("user name longer than 16 bytes", nameof(userName));
        var d = new byte[28 + userName.Length];
        d[0] = tag;
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(4), bmcSessionId);
        consoleRandom[..RakpHmacSha1.RandomLength].CopyTo(d.AsSpan(8));
        d[24] = role;
        d[27] = (byte)userName.Length;
        userName.CopyTo(d.AsSpan(28));
        return d;
    }

    public static Rakp2 DecodeRakp2(ReadOnlySpan<byte> d)
    {
        if (d.Length < 2) throw new IpmiFormatException("RAKP message 2 too short");
        uint sid = d.Length >= 8 ? BinaryPrimitives.ReadUInt32LittleEndian(d[4..]) : 0;
        if (d[1] != 0) return new Rakp2(d[0], d[1], sid, [], [], []);
        if (d.Length < 40 + 20) throw new IpmiFormatException($"RAKP message 2 too short ({d.Length} bytes)");
        return new Rakp2(d[0], d[1], sid, d[8..24].ToArray(), d[24..40].ToArray(), d[40..60].ToArray());
    }

    public static byte[] EncodeRakp3(byte tag, byte status, uint bmcSessionId, ReadOnlySpan<byte> authCode)
    {
        var d = new byte[8 + authCode.Length];
        d[0] = tag;
        d[1] = status;
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(4), bmcSessionId);
        authCode.CopyTo(d.AsSpan(8));
        return d;
    }

    public static Rakp4 DecodeRakp4(ReadOnlySpan<byte> d)
    {
        if (d.Length < 2) throw new IpmiFormatException("RAKP message 4 too short");
        uint sid = d.Length >= 8 ? BinaryPrimitives.ReadUInt32LittleEndian(d[4..]) : 0;
        if (d[1] != 0) return new Rakp4(d[0], d[1], sid, []);
        if (d.Length < 8 + RakpHmacSha1.Rakp4IcvLength) throw new IpmiFormatException($"RAKP message 4 too short ({d.Length} bytes)");
        return new Rakp4(d[0], d[1], sid, d[8..(8 + RakpHmacSha1.Rakp4IcvLength)].ToArray());
    }
}
