using System.Text;
using Ocf.Data;
using Ocf.Encoding.Xml;

namespace Ocf.Encoding.OcfXml;

/// <summary>
/// Decoder for the grammar in docs/ocf-xml.md. Recursion is bounded by <see cref="OcfDecoderLimits.MaxDepth"/>.
/// Items holding plain text are read in one scan (<see cref="Utf8XmlScanner.TryReadPlainContent"/>) and typed text is
/// parsed from its UTF-8 bytes; containers collect their values on per-thread scratch stacks
/// (<see cref="XmlDecoderScratch"/>) and map keys come from a small cache, so decoding allocates little beyond the values.
/// </summary>
internal static class OcfXmlDecoder
{
    public static OcfValue Decode(ReadOnlySpan<byte> utf8, OcfDecoderLimits limits) =>
        XmlDecoderScratch.Decode(utf8, limits, static (u, l, scratch) => new Reader(u, l, scratch).ReadDocument());

    private enum ItemType : byte { String, Integer, Boolean, Double, DateTime, Binary, Nil }

    private ref struct Reader
    {
        private Utf8XmlScanner _s;
        private readonly OcfDecoderLimits _limits;
        private readonly XmlDecoderScratch _sc;
        private int _valueTop;
        private int _entryTop;

        public Reader(ReadOnlySpan<byte> utf8, OcfDecoderLimits limits, XmlDecoderScratch scratch)
        {
            _s = new Utf8XmlScanner(utf8, OcfXmlCodec.CodecName, limits, limits.MaxDepth * 2 + 1);
            _limits = limits;
            _sc = scratch;
        }

        public OcfValue ReadDocument()
        {
            _s.Read();
            OcfValue value;
            if (_s.NameIs("L"u8)) { NoAttributes(); value = ReadList(1); }
            else if (_s.NameIs("AL"u8)) { NoAttributes(); value = ReadMap(1); }
            else if (_s.NameIs("V"u8)) value = ReadItem(ItemAttributes(allowKey: false, out _), 1, allowNested: false);
            else throw _s.Error(_s.TokenStart, $"unknown root element <{Utf8XmlScanner.Display(_s.Name)}>; expected <L>, <AL> or <V>");
            _s.Read();
            return value;
        }

        private readonly void NoAttributes()
        {
            if (_s.AttributeCount == 0) return;
            var name = _s.AttributeName(0);
            if (name.SequenceEqual("key"u8)) throw _s.Error(_s.TokenStart, "the key attribute is only allowed on the items of an <AL>");
            throw _s.Error(_s.TokenStart, $"unknown attribute '{Utf8XmlScanner.Display(name)}' on <{Utf8XmlScanner.Display(_s.Name)}>");
        }

        /// <summary>Checks the current item's attributes in one pass and returns its type; <paramref name="keyIndex"/> is -1 without a key.</summary>
        private readonly ItemType ItemAttributes(bool allowKey, out int keyIndex)
        {
            keyIndex = -1;
            int typeIndex = -1;
            for (int i = 0; i < _s.AttributeCount; i++)
            {
                var name = _s.AttributeName(i);
                if (name.SequenceEqual("key"u8))
                {
                    if (!allowKey) throw _s.Error(_s.TokenStart, "the key attribute is only allowed on the items of an <AL>");
                    keyIndex = i;
                }
                else if (name.SequenceEqual("type"u8)) typeIndex = i;
                else throw _s.Error(_s.TokenStart, $"unknown attribute '{Utf8XmlScanner.Display(name)}' on <{Utf8XmlScanner.Display(_s.Name)}>");
            }
            return typeIndex < 0 ? ItemType.String : TypeOf(typeIndex);
        }

        private readonly ItemType TypeOf(int attribute)
        {
            var raw = _s.AttributeRawValue(attribute, out bool needsDecode);
            if (needsDecode) raw = System.Text.Encoding.UTF8.GetBytes(_s.AttributeValue(attribute));
            if (raw.SequenceEqual("integer"u8)) return ItemType.Integer;
            if (raw.SequenceEqual("string"u8)) return ItemType.String;
            if (raw.SequenceEqual("double"u8)) return ItemType.Double;
            if (raw.SequenceEqual("boolean"u8)) return ItemType.Boolean;
            if (raw.SequenceEqual("datetime"u8)) return ItemType.DateTime;
            if (raw.SequenceEqual("binary"u8)) return ItemType.Binary;
            if (raw.SequenceEqual("nil"u8)) return ItemType.Nil;
            throw _s.Error(_s.TokenStart, $"unknown type \"{Utf8XmlScanner.Display(raw)}\"; expected string, integer, boolean, double, datetime, binary or nil");
        }

        private readonly void ExpectItem(string container)
        {
            if (_s.Kind == XmlTokenKind.Text) throw _s.Error(_s.TokenStart, $"text where an <LI> item of {container} is expected");
            if (!_s.NameIs("LI"u8)) throw _s.Error(_s.TokenStart, $"unknown element <{Utf8XmlScanner.Display(_s.Name)}> in {container}; expected <LI>");
        }

        private OcfValue ReadList(int depth)
        {
            if (_s.IsEmptyElement) { _s.Read(); return OcfList.Empty; }
            int bottom = _valueTop;
            while (true)
            {
                _s.ReadSkippingWhitespace();
                if (_s.Kind == XmlTokenKind.EndElement) break;
                ExpectItem("a list");
                var value = ReadItem(ItemAttributes(allowKey: false, out _), depth, allowNested: true);
                var values = _sc.Values;
                if (_valueTop == values.Length) values = _sc.GrowValues();
                values[_valueTop++] = value;
            }
            int n = _valueTop - bottom;
            if (n == 0) return OcfList.Empty;
            var items = new OcfValue[n];
            Array.Copy(_sc.Values, bottom, items, 0, n);
            Array.Clear(_sc.Values, bottom, n);
            _valueTop = bottom;
            return OcfList.Own(items);
        }

        private OcfValue ReadMap(int depth)
        {
            if (_s.IsEmptyElement) { _s.Read(); return OcfMap.Empty; }
            int bottom = _entryTop;
            // Keys are checked for duplicates as they come (so the error points at the second one): linearly while the
            // map is small, then with the index the map keeps, so each key is hashed once.
            Dictionary<string, int>? index = null;
            while (true)
            {
                _s.ReadSkippingWhitespace();
                if (_s.Kind == XmlTokenKind.EndElement) break;
                ExpectItem("an associative array");
                var type = ItemAttributes(allowKey: true, out int keyIndex);
                if (keyIndex < 0) throw _s.Error(_s.TokenStart, "an item of an <AL> needs a key attribute");
                string key = Key(keyIndex);
                int count = _entryTop - bottom;
                var entries = _sc.Entries;
                if (index is null)
                {
                    for (int i = bottom; i < _entryTop; i++)
                        if (string.Equals(entries[i].Key, key, StringComparison.Ordinal)) throw Duplicate(key);
                    if (count == OcfMap.IndexThreshold)
                    {
                        index = new Dictionary<string, int>(OcfMap.IndexThreshold * 2, StringComparer.Ordinal);
                        for (int i = 0; i < count; i++) index.Add(entries[bottom + i].Key, i);
                        index.Add(key, count);
                    }
                }
                else if (!index.TryAdd(key, count)) throw Duplicate(key);
                var value = ReadItem(type, depth, allowNested: true);
                entries = _sc.Entries;
                if (_entryTop == entries.Length) entries = _sc.GrowEntries();
                entries[_entryTop++] = new(key, value);
            }
            int n = _entryTop - bottom;
            if (n == 0) return OcfMap.Empty;
            var result = new KeyValuePair<string, OcfValue>[n];
            Array.Copy(_sc.Entries, bottom, result, 0, n);
            Array.Clear(_sc.Entries, bottom, n);
            _entryTop = bottom;
            return OcfMap.OwnChecked(result, index);
        }

        private readonly OcfFormatException Duplicate(string key) =>
            _s.Error(_s.TokenStart, $"duplicate key '{key}' in an associative array");

        /// <summary>The map key: from the cache when it is short plain ASCII seen before, else decoded.</summary>
        private readonly string Key(int attribute)
        {
            var raw = _s.AttributeRawValue(attribute, out bool needsDecode);
            if (needsDecode) return _s.AttributeValue(attribute);
            return _sc.Key(in _s, raw, _s.AttributeValueStart(attribute), _limits.MaxStringLength);
        }

        /// <summary>A plain-text string value; short ones come from the cache (levels, host names, tags repeat).</summary>
        private readonly string Text(ReadOnlySpan<byte> raw, int textStart) => _sc.Value(in _s, raw, textStart, _limits.MaxStringLength);

        /// <summary>Reads an &lt;LI&gt; (or root &lt;V&gt;) whose start tag is current, through its end tag.</summary>
        private OcfValue ReadItem(ItemType type, int depth, bool allowNested)
        {
            int itemStart = _s.TokenStart;
            if (_s.TryReadPlainContent(out var raw, out int textStart))
                return type == ItemType.String ? new OcfString(Text(raw, textStart)) : Scalar(type, raw, null, textStart, itemStart);
            if (type != ItemType.String) return ReadTypedSlow(type, itemStart);
            return ReadUntypedSlow(depth, allowNested, itemStart);
        }

        /// <summary>Text with references, CDATA, CR, ']' or comments, or a nested container.</summary>
        private OcfValue ReadUntypedSlow(int depth, bool allowNested, int itemStart)
        {
            bool hasTypeAttribute = false; // type="string": then the item holds text only
            for (int i = 0; i < _s.AttributeCount; i++) hasTypeAttribute |= _s.AttributeName(i).SequenceEqual("type"u8);
            if (_s.IsEmptyElement) { _s.Read(); return new OcfString(string.Empty); }
            // Gather character data up to the first element or the end tag; it is the string, or formatting around a nested value.
            _s.Read();
            if (_s.Kind == XmlTokenKind.EndElement) return new OcfString(string.Empty);
            string? text = null;
            StringBuilder? more = null;
            bool onlyWhitespace = true;
            while (_s.Kind == XmlTokenKind.Text)
            {
                onlyWhitespace &= _s.IsWhitespaceText();
                if (text is null) text = _s.GetText();
                else (more ??= new StringBuilder(text)).Append(_s.GetText());
                _s.Read();
            }
            if (_s.Kind == XmlTokenKind.EndElement)
            {
                if (more is not null) { _s.CheckStringLength(more.Length, itemStart); return new OcfString(more.ToString()); }
                return new OcfString(text ?? string.Empty);
            }
            // A nested list or map.
            if (!onlyWhitespace) throw _s.Error(_s.TokenStart, "an item holds either text or one nested <L>/<AL>, not both");
            if (hasTypeAttribute) throw _s.Error(itemStart, "an item with type=\"string\" cannot hold a nested element");
            if (!allowNested) throw _s.Error(_s.TokenStart, "<V> holds a scalar; use <L> or <AL> at the root for containers");
            if (depth + 1 > _limits.MaxDepth)
                throw _s.LimitError(_s.TokenStart, $"values are nested deeper than the limit of {_limits.MaxDepth}", OcfDecoderLimits.Names.MaxDepth);
            OcfValue nested;
            if (_s.NameIs("L"u8)) { NoAttributes(); nested = ReadList(depth + 1); }
            else if (_s.NameIs("AL"u8)) { NoAttributes(); nested = ReadMap(depth + 1); }
            else throw _s.Error(_s.TokenStart, $"unknown element <{Utf8XmlScanner.Display(_s.Name)}> in an item; expected <L> or <AL>");
            _s.ReadSkippingWhitespace();
            if (_s.Kind != XmlTokenKind.EndElement) throw _s.Error(_s.TokenStart, "an item holds only one nested value");
            return nested;
        }

        /// <summary>Typed text with references, CDATA or comments in it.</summary>
        private OcfValue ReadTypedSlow(ItemType type, int itemStart)
        {
            ReadOnlySpan<byte> text;
            string? decoded;
            int itemDepth = _s.Depth;
            try { text = _s.ReadElementTextRaw(out decoded); }
            // Only an element nested in the item gets this message; other problems (a truncated document, a forbidden
            // character, a wrong end tag) are raised while the item's own start tag is still current, and keep theirs.
            catch (OcfFormatException) when (_s.Kind == XmlTokenKind.StartElement && _s.Depth > itemDepth)
            {
                throw _s.Error(_s.TokenStart, $"an item of type \"{Name(type)}\" holds text only, not an element");
            }
            // References or CDATA were resolved into a string; the lexical forms apply to the characters they stand for.
            if (decoded is not null) text = System.Text.Encoding.UTF8.GetBytes(decoded);
            return Scalar(type, text, decoded, _s.TextStart, itemStart);
        }

        private readonly OcfValue Scalar(ItemType type, ReadOnlySpan<byte> text, string? decoded, int textStart, int itemStart)
        {
            string? problem;
            switch (type)
            {
                case ItemType.Integer:
                    problem = OcfXmlScalars.ParseInteger(text, out long l);
                    if (problem is null) return new OcfInteger(l);
                    throw Bad(itemStart, "an integer (64-bit)", text, decoded, textStart, problem);
                case ItemType.Boolean:
                    problem = OcfXmlScalars.ParseBoolean(text, out bool b);
                    if (problem is null) return b ? OcfBoolean.True : OcfBoolean.False;
                    throw Bad(itemStart, "a boolean", text, decoded, textStart, problem);
                case ItemType.Double:
                    problem = OcfXmlScalars.ParseDouble(text, out double d);
                    if (problem is null) return new OcfDouble(d);
                    throw Bad(itemStart, "a double", text, decoded, textStart, problem);
                case ItemType.DateTime:
                    problem = OcfXmlDateTime.Parse(text, out var t);
                    if (problem is null) return new OcfDateTime(t);
                    throw Bad(itemStart, "an ISO 8601 date and time", text, decoded, textStart, problem);
                case ItemType.Binary:
                    problem = OcfXmlBase64.Decode(text, out var bytes);
                    if (problem is null) return OcfBinary.Own(bytes);
                    throw Bad(itemStart, "base64 data", text, decoded, textStart, problem);
                default:
                    if (text.Length == 0) return OcfNil.Instance;
                    throw _s.Error(itemStart, "an item of type \"nil\" must be empty");
            }
        }

        /// <summary>The error for text outside a lexical form; text that is not even valid XML characters is reported as such first.</summary>
        private readonly OcfFormatException Bad(int offset, string what, ReadOnlySpan<byte> text, string? decoded, int textStart, string problem)
        {
            string shown = decoded ?? _s.TextToString(text, textStart);
            return _s.Error(offset, $"'{Shorten(shown)}' is not {what}: {problem}");
        }

        private static string Name(ItemType type) => type switch
        {
            ItemType.Integer => OcfXmlScalars.Integer,
            ItemType.Boolean => OcfXmlScalars.Boolean,
            ItemType.Double => OcfXmlScalars.Double,
            ItemType.DateTime => OcfXmlScalars.DateTime,
            ItemType.Binary => OcfXmlScalars.Binary,
            ItemType.Nil => OcfXmlScalars.Nil,
            _ => OcfXmlScalars.String,
        };
    }

    internal static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
