using System.Security.Cryptography;

namespace Ocf.Plugins.Stonith.Ipmi.RmcpPlus;

/// <summary>The HMAC-SHA1-96 integrity algorithm (IPMI v2.0 §13.28.4): HMAC-SHA1 keyed with K1, first 12 bytes.</summary>
internal static class HmacSha196
{
    public const int Length = 12;

    public static byte[] Compute(ReadOnlySpan<byte> k1, ReadOnlySpan<byte> data) => HMACSHA1.HashData(k1, data)[..Length];

    public static bool Verify(ReadOnlySpan<byte> k1, ReadOnlySpan<byte> data, ReadOnlySpan<byte> authCode) =>
        authCode.Length == Length && CryptographicOperations.FixedTimeEquals(Compute(k1, data), authCode);
}
