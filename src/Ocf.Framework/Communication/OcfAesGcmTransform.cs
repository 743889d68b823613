using System.Buffers;
using System.Security.Cryptography;

namespace Ocf.Communication;

/// <summary>
/// AES-256-GCM on each datagram body, the header as associated data. Output: a random 12-byte nonce, the ciphertext,
/// the 16-byte tag (28 bytes of overhead). The key is an HKDF subkey of the cluster key named by the header's key id.
/// </summary>
public sealed class OcfAesGcmTransform(OcfKeyStore keys) : IOcfPacketTransform, IDisposable
{
    public const string TransformName = "aes-gcm";
    private const string Purpose = "ocf-aes-256-gcm";
    private const int NonceSize = 12, TagSize = 16;

    private readonly Dictionary<byte, (byte[] Key, AesGcm Cipher)> _ciphers = [];

    public string Name => TransformName;
    public OcfTransformStage Stage => OcfTransformStage.Datagram;
    public OcfPacketFlags Flag => OcfPacketFlags.Encrypted;
    public int Overhead => NonceSize + TagSize;
    public byte? PreferredKeyId => keys.Current.SigningKeyId;

    public bool TryEncode(in OcfTransformContext context, ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        var cipher = Cipher(context.KeyId) ?? throw new InvalidOperationException($"key {context.KeyId} is not in the key ring");
        var span = output.GetSpan(input.Length + Overhead)[..(input.Length + Overhead)];
        var nonce = span[..NonceSize];
        RandomNumberGenerator.Fill(nonce);
        cipher.Encrypt(nonce, input, span.Slice(NonceSize, input.Length), span[(NonceSize + input.Length)..], context.AssociatedData);
        output.Advance(span.Length);
        return true;
    }

    public void Decode(in OcfTransformContext context, ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        if (input.Length < Overhead) throw new OcfPacketException(OcfDropReason.Malformed, $"an encrypted body needs at least {Overhead} bytes");
        int length = input.Length - Overhead;
        if (length > context.MaxOutputLength) throw new OcfPacketException(OcfDropReason.Oversized, "decrypted body too large");
        var cipher = Cipher(context.KeyId) ?? throw new OcfPacketException(OcfDropReason.UnknownKey, $"key {context.KeyId} is not in the key ring");
        var plain = output.GetSpan(Math.Max(length, 1))[..length];
        try
        {
            cipher.Decrypt(input[..NonceSize], input.Slice(NonceSize, length), input[(NonceSize + length)..], plain, context.AssociatedData);
        }
        catch (CryptographicException e)
        {
            plain.Clear();
            throw new OcfPacketException(OcfDropReason.DecryptFailed, "the ciphertext does not decrypt (AES-GCM tag mismatch)", e);
        }
        output.Advance(length);
    }

    private AesGcm? Cipher(byte keyId)
    {
        byte[]? key = keys.Current.DeriveKey(keyId, Purpose);
        if (key is null) return null;
        if (_ciphers.TryGetValue(keyId, out var entry) && ReferenceEquals(entry.Key, key)) return entry.Cipher;
        entry.Cipher?.Dispose();
        var cipher = new AesGcm(key, TagSize);
        _ciphers[keyId] = (key, cipher);
        return cipher;
    }

    public void Dispose()
    {
        foreach (var (_, cipher) in _ciphers.Values) cipher.Dispose();
        _ciphers.Clear();
    }
}
