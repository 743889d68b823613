using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Ocf.Data;

/// <summary>
/// An immutable associative array with string keys, kept in insertion order (the paper's &lt;AL&gt;, XML-RPC's struct).
/// Keys are compared ordinally; a duplicate key is an error, never a silent overwrite.
/// </summary>
public sealed class OcfMap : OcfValue, IReadOnlyList<KeyValuePair<string, OcfValue>>
{
    public static readonly OcfMap Empty = new(Array.Empty<KeyValuePair<string, OcfValue>>(), null);

    private readonly KeyValuePair<string, OcfValue>[] _entries;
    // Small maps are searched linearly; an index is built only when it pays for itself.
    private readonly Dictionary<string, int>? _index;
    internal const int IndexThreshold = 8;

    public OcfMap(IEnumerable<KeyValuePair<string, OcfValue>> entries)
    {
        var list = new List<KeyValuePair<string, OcfValue>>();
        foreach (var e in entries)
        {
            ArgumentNullException.ThrowIfNull(e.Key, nameof(entries));
            ArgumentNullException.ThrowIfNull(e.Value, nameof(entries));
            list.Add(e);
        }
        _entries = list.ToArray();
        _index = BuildIndex(_entries, out var duplicate);
        if (duplicate is not null) throw new OcfDuplicateKeyException(duplicate);
    }

    private OcfMap(KeyValuePair<string, OcfValue>[] entries, Dictionary<string, int>? index)
    {
        _entries = entries;
        _index = index;
    }

    /// <summary>Takes ownership of the array; returns the first duplicate key instead of throwing so decoders can report its position.</summary>
    internal static OcfMap? TryOwn(KeyValuePair<string, OcfValue>[] entries, out string? duplicateKey)
    {
        var index = BuildIndex(entries, out duplicateKey);
        return duplicateKey is null ? (entries.Length == 0 ? Empty : new OcfMap(entries, index)) : null;
    }

    /// <summary>
    /// Takes ownership of entries whose keys the caller has already checked for duplicates, with the index it built
    /// while checking (null for at most <see cref="IndexThreshold"/> entries, otherwise key → position), so a decoder
    /// hashes each key once.
    /// </summary>
    internal static OcfMap OwnChecked(KeyValuePair<string, OcfValue>[] entries, Dictionary<string, int>? index)
    {
        System.Diagnostics.Debug.Assert((index is null) == (entries.Length <= IndexThreshold) && (index is null || index.Count == entries.Length));
        return entries.Length == 0 ? Empty : new OcfMap(entries, index);
    }

    private static Dictionary<string, int>? BuildIndex(KeyValuePair<string, OcfValue>[] entries, out string? duplicate)
    {
        duplicate = null;
        if (entries.Length <= IndexThreshold)
        {
            for (int i = 1; i < entries.Length; i++)
                for (int j = 0; j < i; j++)
                    if (string.Equals(entries[i].Key, entries[j].Key, StringComparison.Ordinal)) { duplicate = entries[i].Key; return null; }
            return null;
        }
        var index = new Dictionary<string, int>(entries.Length, StringComparer.Ordinal);
        for (int i = 0; i < entries.Length; i++)
            if (!index.TryAdd(entries[i].Key, i)) { duplicate = entries[i].Key; return null; }
        return index;
    }

    public override OcfValueKind Kind => OcfValueKind.Map;
    public int Count => _entries.Length;
    public KeyValuePair<string, OcfValue> this[int index] => _entries[index];
    public IEnumerable<string> Keys => _entries.Select(e => e.Key);

    public OcfValue this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"The map has no key '{key}'.");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out OcfValue value)
    {
        int i = IndexOf(key);
        value = i >= 0 ? _entries[i].Value : null;
        return i >= 0;
    }

    private int IndexOf(string key)
    {
        if (_index is not null) return _index.TryGetValue(key, out var i) ? i : -1;
        for (int i = 0; i < _entries.Length; i++)
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal)) return i;
        return -1;
    }

    public IEnumerator<KeyValuePair<string, OcfValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, OcfValue>>)_entries).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _entries.GetEnumerator();

    /// <summary>Order matters: two maps are equal when they hold the same entries in the same order.</summary>
    public override bool Equals(OcfValue? other)
    {
        if (other is not OcfMap m || m._entries.Length != _entries.Length) return false;
        for (int i = 0; i < _entries.Length; i++)
            if (!string.Equals(m._entries[i].Key, _entries[i].Key, StringComparison.Ordinal) || !m._entries[i].Value.Equals(_entries[i].Value))
                return false;
        return true;
    }

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var e in _entries) { h.Add(e.Key, StringComparer.Ordinal); h.Add(e.Value); }
        return h.ToHashCode();
    }
}

/// <summary>A builder that keeps insertion order and rejects duplicate keys as they are added.</summary>
public sealed class OcfMapBuilder
{
    private readonly List<KeyValuePair<string, OcfValue>> _entries = new();
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    public OcfMapBuilder Add(string key, OcfValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!_keys.Add(key)) throw new OcfDuplicateKeyException(key);
        _entries.Add(new(key, value));
        return this;
    }

    public OcfMap Build() => OcfMap.TryOwn(_entries.ToArray(), out _)!;
}
