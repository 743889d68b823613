using System.Security.Cryptography;

namespace Ocf.Communication;

/// <summary>
/// HMAC-SHA256 over the whole datagram (header and body), a 32-byte tag, keyed by an HKDF subkey of the cluster key
/// named by the header's key id. Verifies under any key of the current ring; signs with the ring's signing key.
/// </summary>
public sealed class OcfHmacAuthenticator(OcfKeyStore keys) : IOcfPacketAuthenticator
{
    public const string AuthenticatorName = "hmac";
    private const string Purpose = "ocf-hmac-sha256";

    public string Name => AuthenticatorName;
    public int TagSize => HMACSHA256.HashSizeInBytes;
    public byte SigningKeyId => keys.Current.SigningKeyId;

    public void Sign(byte keyId, ReadOnlySpan<byte> data, Span<byte> tag)
    {
        byte[] key = keys.Current.DeriveKey(keyId, Purpose) ?? throw new InvalidOperationException($"key {keyId} is not in the key ring");
        HMACSHA256.HashData(key, data, tag);
    }

    public OcfAuthenticationResult Verify(byte keyId, ReadOnlySpan<byte> data, ReadOnlySpan<byte> tag)
    {
        if (tag.Length != TagSize) return OcfAuthenticationResult.BadSignature;
        byte[]? key = keys.Current.DeriveKey(keyId, Purpose);
        if (key is null) return OcfAuthenticationResult.UnknownKey;
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, data, expected);
        return CryptographicOperations.FixedTimeEquals(expected, tag) ? OcfAuthenticationResult.Valid : OcfAuthenticationResult.BadSignature;
    }
}
