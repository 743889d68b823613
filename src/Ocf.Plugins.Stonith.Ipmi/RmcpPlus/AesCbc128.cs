using System.Security.Cryptography;
using Ocf.Plugins.Stonith.Ipmi.Messages;

namespace Ocf.Plugins.Stonith.Ipmi.RmcpPlus;

/// <summary>
/// The AES-CBC-128 confidentiality algorithm (IPMI v2.0 §13.29): payload = IV (16 bytes) | AES-CBC-128 with the first
/// 16 bytes of K2 over (data | pad 0x01, 0x02, … 0xN | N), padded to a multiple of 16.
/// </summary>
internal static class AesCbc128
{
    public const int BlockLength = 16;

    /// <summary>The encrypted payload, IV first. The IV must be fresh random bytes for every packet.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> k2, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data)
    {
        int pad = (BlockLength - (data.Length + 1) % BlockLength) % BlockLength;
        var plain = new byte[data.Length + pad + 1];
        data.CopyTo(plain);
        for (int i = 0; i < pad; i++) plain[data.Length + i] = (byte)(i + 1);
        plain[^1] = (byte)pad;
        using var aes = Aes.Create();
        aes.Key = k2[..BlockLength].ToArray();
        var result = new byte[BlockLength + plain.Length];
        iv[..BlockLength].CopyTo(result);
        aes.EncryptCbc(plain, iv[..BlockLength], result.AsSpan(BlockLength), PaddingMode.None);
        return result;
    }

    /// <summary>Decrypts an IV-first payload and removes (and checks) the confidentiality pad.</summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> k2, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2 * BlockLength || payload.Length % BlockLength != 0)
            throw new IpmiFormatException($"encrypted payload of {payload.Length} bytes is not IV + whole AES blocks");
        using var aes = Aes.Create();
        aes.Key = k2[..BlockLength].ToArray();
        var plain = aes.DecryptCbc(payload[BlockLength..], payload[..BlockLength], PaddingMode.None);
        int pad = plain[^1];
        if (pad >= BlockLength || pad + 1 > plain.Length) throw new IpmiFormatException($"bad confidentiality pad length {pad}");
        for (int i = 0; i < pad; i++)
            if (plain[plain.Length - 1 - pad + i] != i + 1) throw new IpmiFormatException("bad confidentiality pad bytes");
        return plain[..(plain.Length - 1 - pad)];
    }
}
