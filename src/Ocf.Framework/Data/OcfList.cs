using System.Collections;

namespace Ocf.Data;

/// <summary>An immutable ordered list of values.</summary>
public sealed class OcfList : OcfValue, IReadOnlyList<OcfValue>
{
    public static readonly OcfList Empty = new(Array.Empty<OcfValue>(), owned: true);
    private readonly OcfValue[] _items;

    public OcfList(IEnumerable<OcfValue> items)
    {
        _items = items.ToArray();
        foreach (var item in _items) ArgumentNullException.ThrowIfNull(item, nameof(items));
    }

    public OcfList(params OcfValue[] items) : this((IEnumerable<OcfValue>)items) { }

    private OcfList(OcfValue[] items, bool owned) => _items = items;

    /// <summary>Takes ownership of an array the caller will not touch again (decoders build lists this way without a copy).</summary>
    internal static OcfList Own(OcfValue[] items) => items.Length == 0 ? Empty : new OcfList(items, owned: true);

    public override OcfValueKind Kind => OcfValueKind.List;
    public int Count => _items.Length;
    public OcfValue this[int index] => _items[index];
    public ReadOnlySpan<OcfValue> AsSpan() => _items;
    public IEnumerator<OcfValue> GetEnumerator() => ((IEnumerable<OcfValue>)_items).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public override bool Equals(OcfValue? other) =>
        other is OcfList l && l._items.Length == _items.Length && l._items.AsSpan().SequenceEqual(_items);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(_items.Length);
        foreach (var item in _items) h.Add(item);
        return h.ToHashCode();
    }
}
