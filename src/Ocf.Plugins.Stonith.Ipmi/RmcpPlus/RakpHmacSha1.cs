using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Ocf.Plugins.Stonith.Ipmi.RmcpPlus;

/// <summary>
/// The RAKP-HMAC-SHA1 authentication algorithm (IPMI v2.0 §13.28, §13.31-§13.32): the key-exchange authentication
/// codes of RAKP messages 2 and 3, the integrity check value of RAKP message 4, the Session Integrity Key and the
/// additional keys K1 (integrity) and K2 (confidentiality). Pure functions; the user key is the 20-byte zero-padded
/// password, and Kg (the BMC key) equals it when the BMC has no key of its own.
/// </summary>
internal static class RakpHmacSha1
{
    public const int KeyLength = 20;
    public const int RandomLength = 16;
    public const int GuidLength = 16;
    /// <summary>RAKP 4's integrity check value is HMAC-SHA1 truncated to 96 bits.</summary>
    public const int Rakp4IcvLength = 12;

    /// <summary>RAKP 2 (from the BMC): HMAC_Kuid(SIDm | SIDc | Rm | Rc | GUIDc | ROLEm | ULENm | UNAMEm).</summary>
    public static byte[] Rakp2AuthCode(ReadOnlySpan<byte> userKey, uint consoleSessionId, uint bmcSessionId, ReadOnlySpan<byte> consoleRandom,
        ReadOnlySpan<byte> bmcRandom, ReadOnlySpan<byte> bmcGuid, byte role, ReadOnlySpan<byte> userName)
    {
        var input = new byte[4 + 4 + RandomLength + RandomLength + GuidLength + 2 + userName.Length];
        int i = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(input.AsSpan(i), consoleSessionId); i += 4;
        BinaryPrimitives.WriteUInt32LittleEndian(input.AsSpan(i), bmcSessionId); i += 4;
        consoleRandom[..RandomLength].CopyTo(input.AsSpan(i)); i += RandomLength;
        bmcRandom[..RandomLength].CopyTo(input.AsSpan(i)); i += RandomLength;
        bmcGuid[..GuidLength].CopyTo(input.AsSpan(i)); i += GuidLength;
        input[i++] = role;
        input[i++] = (byte)userName.Length;
        userName.CopyTo(input.AsSpan(i));
        return HMACSHA1.HashData(userKey, input);
    }

    /// <summary>RAKP 3 (from the console): HMAC_Kuid(Rc | SIDm | ROLEm | ULENm | UNAMEm).</summary>
    public static byte[] Rakp3AuthCode(ReadOnlySpan<byte> userKey, ReadOnlySpan<byte> bmcRandom, uint consoleSessionId, byte role, ReadOnlySpan<byte> userName)
    {
        var input = new byte[RandomLength + 4 + 2 + userName.Length];
        bmcRandom[..RandomLength].CopyTo(input);
        BinaryPrimitives.WriteUInt32LittleEndian(input.AsSpan(RandomLength), consoleSessionId);
        input[RandomLength + 4] = role;
        input[RandomLength + 5] = (byte)userName.Length;
        userName.CopyTo(input.AsSpan(RandomLength + 6));
        return HMACSHA1.HashData(userKey, input);
    }

    /// <summary>SIK = HMAC_Kg(Rm | Rc | ROLEm | ULENm | UNAMEm).</summary>
    public static byte[] SessionIntegrityKey(ReadOnlySpan<byte> kg, ReadOnlySpan<byte> consoleRandom, ReadOnlySpan<byte> bmcRandom, byte role, ReadOnlySpan<byte> userName)
    {
        var input = new byte[RandomLength * 2 + 2 + userName.Length];
        consoleRandom[..RandomLength].CopyTo(input);
        bmcRandom[..RandomLength].CopyTo(input.AsSpan(RandomLength));
        input[RandomLength * 2] = role;
        input[RandomLength * 2 + 1] = (byte)userName.Length;
        userName.CopyTo(input.AsSpan(RandomLength * 2 + 2));
        return HMACSHA1.HashData(kg, input);
    }

    /// <summary>RAKP 4 (from the BMC): HMAC_SIK(Rm | SIDc | GUIDc), first 96 bits.</summary>
    public static byte[] Rakp4IntegrityCheck(ReadOnlySpan<byte> sik, ReadOnlySpan<byte> consoleRandom, uint bmcSessionId, ReadOnlySpan<byte> bmcGuid)
    {
        var input = new byte[RandomLength + 4 + GuidLength];
        consoleRandom[..RandomLength].CopyTo(input);
        BinaryPrimitives.WriteUInt32LittleEndian(input.AsSpan(RandomLength), bmcSessionId);
        bmcGuid[..GuidLength].CopyTo(input.AsSpan(RandomLength + 4));
        return HMACSHA1.HashData(sik, input)[..Rakp4IcvLength];
    }

    /// <summary>K_n = HMAC_SIK(constant n repeated 20 times): K1 keys integrity, K2 (first 16 bytes) confidentiality.</summary>
    public static byte[] AdditionalKey(ReadOnlySpan<byte> sik, byte n)
    {
        Span<byte> constant = stackalloc byte[KeyLength];
        constant.Fill(n);
        return HMACSHA1.HashData(sik, constant);
    }
}
