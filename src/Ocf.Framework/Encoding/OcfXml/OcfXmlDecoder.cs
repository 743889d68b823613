using System.Text;
using Ocf.Data;
using Ocf.Encoding.Xml;

namespace Ocf.Encoding.OcfXml;

/// <summary>Decoder for the grammar in docs/ocf-xml.md. Recursion is bounded by <see cref="OcfDecoderLimits.MaxDepth"/>.</summary>
internal static class OcfXmlDecoder
{
    public static OcfValue Decode(ReadOnlySpan<byte> utf8, OcfDecoderLimits limits)
    {
        var s = new Utf8XmlScanner(utf8, OcfXmlCodec.CodecName, limits, limits.MaxDepth * 2 + 1);
        s.Read();
        OcfValue value;
        if (s.NameIs("L"u8)) { CheckAttributes(ref s, allowKey: false, allowType: false); value = ReadList(ref s, 1, limits); }
        else if (s.NameIs("AL"u8)) { CheckAttributes(ref s, allowKey: false, allowType: false); value = ReadMap(ref s, 1, limits); }
        else if (s.NameIs("V"u8))
        {
            CheckAttributes(ref s, allowKey: false, allowType: true);
            value = ReadItem(ref s, 1, limits, allowNested: false);
        }
        else throw s.Error(s.TokenStart, $"unknown root element <{Utf8XmlScanner.Display(s.Name)}>; expected <L>, <AL> or <V>");
        s.Read();
        return value;
    }

    private static void CheckAttributes(ref Utf8XmlScanner s, bool allowKey, bool allowType)
    {
        for (int i = 0; i < s.AttributeCount; i++)
        {
            var name = s.AttributeName(i);
            if (allowKey && name.SequenceEqual("key"u8) || allowType && name.SequenceEqual("type"u8)) continue;
            if (name.SequenceEqual("key"u8))
                throw s.Error(s.TokenStart, "the key attribute is only allowed on the items of an <AL>");
            throw s.Error(s.TokenStart, $"unknown attribute '{Utf8XmlScanner.Display(name)}' on <{Utf8XmlScanner.Display(s.Name)}>");
        }
    }

    private static OcfValue ReadList(ref Utf8XmlScanner s, int depth, OcfDecoderLimits limits)
    {
        if (s.IsEmptyElement) { s.Read(); return OcfList.Empty; }
        var items = new List<OcfValue>();
        while (true)
        {
            s.ReadSkippingWhitespace();
            if (s.Kind == XmlTokenKind.EndElement) return OcfList.Own(items.ToArray());
            ExpectItem(ref s, "a list");
            CheckAttributes(ref s, allowKey: false, allowType: true);
            items.Add(ReadItem(ref s, depth, limits, allowNested: true));
        }
    }

    private static OcfValue ReadMap(ref Utf8XmlScanner s, int depth, OcfDecoderLimits limits)
    {
        if (s.IsEmptyElement) { s.Read(); return OcfMap.Empty; }
        var entries = new List<KeyValuePair<string, OcfValue>>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            s.ReadSkippingWhitespace();
            if (s.Kind == XmlTokenKind.EndElement) return OcfMap.TryOwn(entries.ToArray(), out _)!;
            ExpectItem(ref s, "an associative array");
            CheckAttributes(ref s, allowKey: true, allowType: true);
            string key = s.GetAttribute("key"u8) ?? throw s.Error(s.TokenStart, "an item of an <AL> needs a key attribute");
            if (!keys.Add(key)) throw s.Error(s.TokenStart, $"duplicate key '{key}' in an associative array");
            entries.Add(new(key, ReadItem(ref s, depth, limits, allowNested: true)));
        }
    }

    private static void ExpectItem(ref Utf8XmlScanner s, string container)
    {
        if (s.Kind == XmlTokenKind.Text) throw s.Error(s.TokenStart, $"text where an <LI> item of {container} is expected");
        if (!s.NameIs("LI"u8)) throw s.Error(s.TokenStart, $"unknown element <{Utf8XmlScanner.Display(s.Name)}> in {container}; expected <LI>");
    }

    /// <summary>Reads an &lt;LI&gt; (or root &lt;V&gt;) whose start tag is current, through its end tag.</summary>
    private static OcfValue ReadItem(ref Utf8XmlScanner s, int depth, OcfDecoderLimits limits, bool allowNested)
    {
        string? type = s.GetAttribute("type"u8);
        int itemStart = s.TokenStart;
        if (type is not null && type != OcfXmlScalars.String) return ReadTypedScalar(ref s, type, itemStart);
        if (s.IsEmptyElement) { s.Read(); return new OcfString(string.Empty); }

        // Gather character data up to the first element or the end tag; it is the string, or formatting around a nested value.
        s.Read();
        if (s.Kind == XmlTokenKind.EndElement) return new OcfString(string.Empty);
        string? text = null;
        StringBuilder? more = null;
        bool onlyWhitespace = true;
        while (s.Kind == XmlTokenKind.Text)
        {
            onlyWhitespace &= s.IsWhitespaceText();
            if (text is null) text = s.GetText();
            else (more ??= new StringBuilder(text)).Append(s.GetText());
            s.Read();
        }
        if (s.Kind == XmlTokenKind.EndElement)
        {
            if (more is not null) { s.CheckStringLength(more.Length, itemStart); return new OcfString(more.ToString()); }
            return new OcfString(text ?? string.Empty);
        }
        // A nested list or map.
        if (!onlyWhitespace) throw s.Error(s.TokenStart, "an item holds either text or one nested <L>/<AL>, not both");
        if (type is not null) throw s.Error(itemStart, "an item with type=\"string\" cannot hold a nested element");
        if (!allowNested) throw s.Error(s.TokenStart, "<V> holds a scalar; use <L> or <AL> at the root for containers");
        if (depth + 1 > limits.MaxDepth) throw s.Error(s.TokenStart, $"values are nested deeper than the limit of {limits.MaxDepth}");
        OcfValue nested;
        if (s.NameIs("L"u8)) { CheckAttributes(ref s, false, false); nested = ReadList(ref s, depth + 1, limits); }
        else if (s.NameIs("AL"u8)) { CheckAttributes(ref s, false, false); nested = ReadMap(ref s, depth + 1, limits); }
        else throw s.Error(s.TokenStart, $"unknown element <{Utf8XmlScanner.Display(s.Name)}> in an item; expected <L> or <AL>");
        s.ReadSkippingWhitespace();
        if (s.Kind != XmlTokenKind.EndElement) throw s.Error(s.TokenStart, "an item holds only one nested value");
        return nested;
    }

    private static OcfValue ReadTypedScalar(ref Utf8XmlScanner s, string type, int itemStart)
    {
        ReadOnlySpan<byte> text;
        string? decoded;
        int itemDepth = s.Depth;
        try { text = s.ReadElementTextRaw(out decoded); }
        // Only an element nested in the item gets this message; other problems (a truncated document, a forbidden
        // character, a wrong end tag) are raised while the item's own start tag is still current, and keep theirs.
        catch (OcfFormatException) when (s.Kind == XmlTokenKind.StartElement && s.Depth > itemDepth)
        {
            throw s.Error(s.TokenStart, $"an item of type \"{type}\" holds text only, not an element");
        }
        int textStart = s.TextStart;
        // References or CDATA were resolved into a string; the lexical forms apply to the characters they stand for.
        if (decoded is not null) text = System.Text.Encoding.UTF8.GetBytes(decoded);
        string? problem;
        OcfValue? value = null;
        switch (type)
        {
            case OcfXmlScalars.Integer:
                problem = OcfXmlScalars.ParseInteger(text, out long l);
                if (problem is null) value = new OcfInteger(l);
                return value ?? throw Bad(ref s, itemStart, "an integer (64-bit)", text, decoded, textStart, problem!);
            case OcfXmlScalars.Boolean:
                problem = OcfXmlScalars.ParseBoolean(text, out bool b);
                if (problem is null) value = b ? OcfBoolean.True : OcfBoolean.False;
                return value ?? throw Bad(ref s, itemStart, "a boolean", text, decoded, textStart, problem!);
            case OcfXmlScalars.Double:
                problem = OcfXmlScalars.ParseDouble(text, out double d);
                if (problem is null) value = new OcfDouble(d);
                return value ?? throw Bad(ref s, itemStart, "a double", text, decoded, textStart, problem!);
            case OcfXmlScalars.DateTime:
                problem = OcfXmlDateTime.Parse(text, out var t);
                if (problem is null) value = new OcfDateTime(t);
                return value ?? throw Bad(ref s, itemStart, "an ISO 8601 date and time", text, decoded, textStart, problem!);
            case OcfXmlScalars.Binary:
                problem = OcfXmlBase64.Decode(text, out var bytes);
                if (problem is null) value = OcfBinary.Own(bytes);
                return value ?? throw Bad(ref s, itemStart, "base64 data", text, decoded, textStart, problem!);
            case OcfXmlScalars.Nil:
                return text.Length == 0 ? OcfNil.Instance : throw s.Error(itemStart, "an item of type \"nil\" must be empty");
            default:
                throw s.Error(itemStart, $"unknown type \"{type}\"; expected string, integer, boolean, double, datetime, binary or nil");
        }
    }

    /// <summary>The error for text outside a lexical form; text that is not even valid XML characters is reported as such first.</summary>
    private static OcfFormatException Bad(ref Utf8XmlScanner s, int offset, string what, ReadOnlySpan<byte> text, string? decoded, int textStart, string problem)
    {
        string shown = decoded ?? s.TextToString(text, textStart);
        return s.Error(offset, $"'{Shorten(shown)}' is not {what}: {problem}");
    }

    internal static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
