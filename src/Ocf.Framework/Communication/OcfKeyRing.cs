using System.Collections.Immutable;
using System.Security.Cryptography;

namespace Ocf.Communication;

/// <summary>
/// An immutable set of shared cluster keys by id (1–255) and the id new packets are signed with (by default the highest).
/// Each stage derives its own subkey with HKDF-SHA256 (purpose string as info), so HMAC and AES never share key bytes.
/// </summary>
public sealed class OcfKeyRing
{
    /// <summary>Shortest accepted key: 256 bits.</summary>
    public const int MinimumKeyLength = 32;

    private readonly ImmutableSortedDictionary<byte, byte[]> _keys;
    private ImmutableDictionary<(byte, string), byte[]> _derived = ImmutableDictionary<(byte, string), byte[]>.Empty;

    public OcfKeyRing(IEnumerable<KeyValuePair<byte, byte[]>> keys, byte? signingKeyId = null)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<byte, byte[]>();
        foreach (var (id, key) in keys)
        {
            if (id == 0) throw new ArgumentException("key id 0 is reserved; use 1–255", nameof(keys));
            if (key.Length < MinimumKeyLength) throw new ArgumentException($"key {id} has {key.Length} bytes; at least {MinimumKeyLength} are required", nameof(keys));
            if (!builder.TryAdd(id, (byte[])key.Clone())) throw new ArgumentException($"key id {id} appears twice", nameof(keys));
        }
        if (builder.Count == 0) throw new ArgumentException("a key ring needs at least one key", nameof(keys));
        _keys = builder.ToImmutable();
        SigningKeyId = signingKeyId ?? _keys.Keys.Last();
        if (!_keys.ContainsKey(SigningKeyId)) throw new ArgumentException($"the signing key {SigningKeyId} is not in the ring", nameof(signingKeyId));
    }

    /// <summary>A ring of one key.</summary>
    public OcfKeyRing(byte keyId, byte[] key) : this([new KeyValuePair<byte, byte[]>(keyId, key)]) { }

    public byte SigningKeyId { get; }

    public IReadOnlyList<byte> KeyIds => _keys.Keys.ToArray();

    public bool Contains(byte keyId) => _keys.ContainsKey(keyId);

    /// <summary>A ring with the same keys, signing with another of them.</summary>
    public OcfKeyRing WithSigningKey(byte keyId) => new(_keys, keyId);

    /// <summary>A ring with one more key (not signing with it unless asked).</summary>
    public OcfKeyRing WithKey(byte keyId, byte[] key, bool sign = false) => new(_keys.SetItem(keyId, key), sign ? keyId : SigningKeyId);

    /// <summary>A ring without one key (not the signing key).</summary>
    public OcfKeyRing WithoutKey(byte keyId) => new(_keys.Remove(keyId), SigningKeyId);

    /// <summary>Fresh random key material of <paramref name="length"/> bytes.</summary>
    public static byte[] GenerateKey(int length = 64)
    {
        if (length < MinimumKeyLength) throw new ArgumentOutOfRangeException(nameof(length), $"at least {MinimumKeyLength} bytes");
        return RandomNumberGenerator.GetBytes(length);
    }

    internal ReadOnlySpan<byte> RawKey(byte keyId) => _keys[keyId];

    internal IEnumerable<KeyValuePair<byte, byte[]>> RawKeys => _keys;

    /// <summary>The 32-byte subkey of key <paramref name="keyId"/> for <paramref name="purpose"/>, or null if the ring lacks the key.</summary>
    public byte[]? DeriveKey(byte keyId, string purpose)
    {
        if (!_keys.TryGetValue(keyId, out var key)) return null;
        if (_derived.TryGetValue((keyId, purpose), out var cached)) return cached;
        var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, salt: "ocf-cluster-key"u8.ToArray(), info: System.Text.Encoding.UTF8.GetBytes(purpose));
        ImmutableInterlocked.TryAdd(ref _derived, (keyId, purpose), derived);
        return derived;
    }
}
