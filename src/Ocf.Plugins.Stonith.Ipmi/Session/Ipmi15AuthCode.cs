using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Ocf.Plugins.Stonith.Ipmi.Session;

/// <summary>
/// IPMI 1.5 per-message authentication codes (IPMI v2.0 §22.17.1): MD5 = MD5(password | session ID | message |
/// session sequence | password) with the 16-byte zero-padded password; "straight password" = the password itself.
/// </summary>
internal static class Ipmi15AuthCode
{
    public const int Length = 16;

    /// <summary>A secret as the fixed-size, zero-padded key IPMI uses (16 bytes for 1.5, 20 for RMCP+ user keys).</summary>
    public static byte[] PadKey(string? secret, int length)
    {
        var key = new byte[length];
        if (string.IsNullOrEmpty(secret)) return key;
        int n = System.Text.Encoding.UTF8.GetByteCount(secret);
        if (n > length) throw new ArgumentException($"longer than {length} bytes", nameof(secret));
        System.Text.Encoding.UTF8.GetBytes(secret, key);
        return key;
    }

    public static byte[] Compute(IpmiAuthType type, ReadOnlySpan<byte> password16, uint sessionId, ReadOnlySpan<byte> message, uint sessionSequence)
    {
        switch (type)
        {
            case IpmiAuthType.Password:
                return password16[..Length].ToArray();
            case IpmiAuthType.Md5:
            {
                var input = new byte[Length + 4 + message.Length + 4 + Length];
                password16[..Length].CopyTo(input);
                BinaryPrimitives.WriteUInt32LittleEndian(input.AsSpan(Length), sessionId);
                message.CopyTo(input.AsSpan(Length + 4));
                BinaryPrimitives.WriteUInt32LittleEndian(input.AsSpan(Length + 4 + message.Length), sessionSequence);
                password16[..Length].CopyTo(input.AsSpan(Length + 8 + message.Length));
                return MD5.HashData(input);
            }
            default:
                throw new NotSupportedException($"IPMI 1.5 authentication type {type} is not supported");
        }
    }
}
