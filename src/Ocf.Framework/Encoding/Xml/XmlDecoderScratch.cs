using System.Runtime.CompilerServices;
using Ocf.Data;

namespace Ocf.Encoding.Xml;

/// <summary>
/// Per-thread working memory of the XML decoders (ocf-xml and XML-RPC), kept between documents: stacks on which open containers collect
/// their values (each container copies its part out into an exact-size array when it closes), and a small cache of
/// map keys, since the same few keys repeat across a document and across messages (strings are immutable, so sharing
/// them is safe). Rented by one decode at a time; a nested or concurrent decode on the same thread gets a fresh one.
/// </summary>
internal sealed class XmlDecoderScratch
{
    public const int MaxCachedKeyLength = 32;
    public const int MaxCachedValueLength = 16;
    private const int KeySlots = 256, ValueSlots = 256; // powers of two
    private const int InitialStack = 64;
    private const int MaxKeptStack = 1 << 12; // larger stacks (a document with a huge flat list) are not kept

    [ThreadStatic] private static XmlDecoderScratch? t_cached;

    public OcfValue[] Values = new OcfValue[InitialStack];
    public KeyValuePair<string, OcfValue>[] Entries = new KeyValuePair<string, OcfValue>[InitialStack];
    private readonly string?[] _keys = new string?[KeySlots];
    private readonly string?[] _values = new string?[ValueSlots];

    /// <summary>A decode over the thread's scratch (rented for it, handed back after, cleared if the decode failed).</summary>
    public delegate T Decoding<T>(ReadOnlySpan<byte> utf8, OcfDecoderLimits limits, XmlDecoderScratch scratch);

    public static T Decode<T>(ReadOnlySpan<byte> utf8, OcfDecoderLimits limits, Decoding<T> decode)
    {
        var scratch = Rent();
        bool clean = false;
        try
        {
            var result = decode(utf8, limits, scratch);
            clean = true;
            return result;
        }
        finally
        {
            // Each container empties its part of the stacks when it closes; after an error they may still hold values.
            Return(scratch, clean);
        }
    }

    private static XmlDecoderScratch Rent()
    {
        var s = t_cached;
        if (s is null) return new XmlDecoderScratch();
        t_cached = null;
        return s;
    }

    /// <param name="clean">the decode finished normally, so every container emptied its part of the stacks</param>
    private static void Return(XmlDecoderScratch s, bool clean)
    {
        if (!clean)
        {
            Array.Clear(s.Values);
            Array.Clear(s.Entries);
        }
        if (s.Values.Length > MaxKeptStack || s.Entries.Length > MaxKeptStack) return;
        t_cached = s;
    }

    public OcfValue[] GrowValues()
    {
        Array.Resize(ref Values, Values.Length * 2);
        return Values;
    }

    public KeyValuePair<string, OcfValue>[] GrowEntries()
    {
        Array.Resize(ref Entries, Entries.Length * 2);
        return Entries;
    }

    /// <summary>The cache slot for a map key's UTF-8 bytes (at most <see cref="MaxCachedKeyLength"/>, at least one).</summary>
    public ref string? KeySlot(ReadOnlySpan<byte> key) => ref _keys[Hash(key) & (KeySlots - 1)];

    /// <summary>The cache slot for a short string value's UTF-8 bytes (at most <see cref="MaxCachedValueLength"/>, at least one).</summary>
    public ref string? ValueSlot(ReadOnlySpan<byte> text) => ref _values[Hash(text) & (ValueSlots - 1)];

    // Length, first, middle and last byte: enough to spread keys like "id", "host", "ts" and values like "node-03", "rack-4".
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<byte> s)
    {
        uint h = (uint)s.Length * 0x9E3779B1u ^ s[0] * 0x85EBCA77u ^ s[^1] * 0xC2B2AE3Du ^ s[s.Length >> 1] * 0x27D4EB2Fu;
        return h ^ h >> 15;
    }

    /// <summary>
    /// The string for plain ASCII bytes from <paramref name="cached"/> (a slot) when it holds the same characters; otherwise
    /// null, and the caller makes the string (which validates it) and stores it with <see cref="Remember"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static string? Lookup(string? cached, ReadOnlySpan<byte> bytes) =>
        cached is not null && cached.Length == bytes.Length && System.Text.Ascii.Equals(bytes, cached) ? cached : null;

    /// <summary>Keeps ASCII strings only (as many characters as bytes), so that equal bytes always mean an equal string.</summary>
    public static void Remember(ref string? slot, string s, int byteLength)
    {
        if (s.Length == byteLength) slot = s;
    }

    /// <summary>
    /// A map key from plain text (no references, CDATA or CR) at <paramref name="offset"/>: from the cache when it is
    /// short ASCII seen before, otherwise made (and validated) by the scanner. Over-long text is never looked up, so the
    /// string length limit is enforced as without the cache.
    /// </summary>
    public string Key(in Utf8XmlScanner s, ReadOnlySpan<byte> raw, int offset, int maxStringLength) =>
        raw.IsEmpty || raw.Length > MaxCachedKeyLength || raw.Length > maxStringLength
            ? s.TextToString(raw, offset)
            : Cached(ref KeySlot(raw), in s, raw, offset);

    /// <summary>A string value from plain text; short ones come from the cache (levels, host names, tags repeat).</summary>
    public string Value(in Utf8XmlScanner s, ReadOnlySpan<byte> raw, int offset, int maxStringLength) =>
        raw.IsEmpty || raw.Length > MaxCachedValueLength || raw.Length > maxStringLength
            ? s.TextToString(raw, offset)
            : Cached(ref ValueSlot(raw), in s, raw, offset);

    private static string Cached(ref string? slot, in Utf8XmlScanner s, ReadOnlySpan<byte> raw, int offset)
    {
        string? text = Lookup(slot, raw);
        if (text is not null) return text;
        text = s.TextToString(raw, offset);
        Remember(ref slot, text, raw.Length);
        return text;
    }
}
