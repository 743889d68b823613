using System.Globalization;
using System.Text;
using Ocf.Data;
using Ocf.Encoding.Xml;

namespace Ocf.Encoding.XmlRpc;

/// <summary>
/// Decoder for the whole XML-RPC specification plus the nil and i8 extensions (also as Apache writes them: &lt;ex:nil/&gt;,
/// &lt;ex:i8&gt;, with or without <c>xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"</c>). &lt;int&gt;/&lt;i4&gt;
/// are 32-bit signed as the specification says; &lt;i8&gt; is 64-bit. Lenient only where real peers differ and nothing is
/// lost: doubles may use an exponent (Python writes 1e+300), dateTime may use the dashed ISO 8601 form. The rules are
/// written down in docs/xml-rpc.md.
/// Scalars written the way peers write them (no attributes, comments or references) are matched as bytes
/// (<see cref="Utf8XmlScanner.TryMatchLiteralMember"/>) and parsed from UTF-8; anything the fast path does not accept
/// goes through the tokenizer, which raises every error. Containers collect their values on per-thread scratch stacks
/// and member names and short strings come from a small cache (<see cref="XmlDecoderScratch"/>), as for ocf-xml.
/// </summary>
internal static class XmlRpcDecoder
{
    private const string Codec = XmlRpcCodec.CodecName;

    public static XmlRpcMessage Decode(ReadOnlySpan<byte> utf8, OcfDecoderLimits limits) =>
        XmlDecoderScratch.Decode(utf8, limits, static (u, l, scratch) => new Reader(u, l, scratch).ReadMessage());

    /// <summary>Apache's extensions namespace; "ex:" is the prefix its writer (and everyone copying it) uses.</summary>
    public const string ExtensionsNamespace = "http://ws.apache.org/xmlrpc/namespaces/extensions";

    private static string Show(ReadOnlySpan<byte> raw) => Show(System.Text.Encoding.UTF8.GetString(raw));
    private static string Show(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private static ReadOnlySpan<byte> Trimmed(ReadOnlySpan<byte> raw, string? decoded) =>
        (decoded is null ? raw : System.Text.Encoding.UTF8.GetBytes(decoded)).Trim(" \t\r\n"u8);

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n';

    private static bool TryParseInteger(ReadOnlySpan<byte> raw, out long v)
    {
        // plain digits (the common case) parse without NumberFormatInfo
        if (raw.Length is > 0 and <= 18)
        {
            int i = raw[0] == '-' ? 1 : 0;
            long acc = 0;
            bool ok = i < raw.Length;
            for (; i < raw.Length; i++)
            {
                uint d = (uint)(raw[i] - '0');
                if (d > 9) { ok = false; break; }
                acc = acc * 10 + d;
            }
            if (ok) { v = raw[0] == '-' ? -acc : acc; return true; }
        }
        if (raw.Length > 0 && raw[0] != '+' && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v)) return true;
        if (raw.Length > 1 && raw[0] == '+' && raw[1] != '-' && long.TryParse(raw[1..], NumberStyles.None, CultureInfo.InvariantCulture, out v)) return true;
        v = 0;
        return false;
    }

    private ref struct Reader
    {
        private Utf8XmlScanner _s;
        private readonly OcfDecoderLimits _limits;
        private readonly XmlDecoderScratch _sc;
        private int _valueTop;
        private int _entryTop;

        public Reader(ReadOnlySpan<byte> utf8, OcfDecoderLimits limits, XmlDecoderScratch scratch)
        {
            // A nesting level costs three elements (<value><struct><member> or <value><array><data>), plus the envelope.
            _s = new Utf8XmlScanner(utf8, Codec, limits, limits.MaxDepth * 3 + 8);
            _limits = limits;
            _sc = scratch;
        }

        public XmlRpcMessage ReadMessage()
        {
            _s.Read();
            CheckAttributes();
            XmlRpcMessage message;
            if (_s.NameIs("methodCall"u8)) message = ReadMethodCall();
            else if (_s.NameIs("methodResponse"u8)) message = ReadMethodResponse();
            else if (_s.NameIs("params"u8)) message = new XmlRpcParams(ReadParams());
            else if (_s.NameIs("fault"u8)) message = ReadFault();
            else throw _s.Error(_s.TokenStart, $"unknown root element <{Utf8XmlScanner.Display(_s.Name)}>; expected <methodCall>, <methodResponse> or <params>");
            _s.Read();
            return message;
        }

        /// <summary>
        /// XML-RPC has no attributes. The one exception is the declaration of Apache's prefix, xmlns:ex, bound to exactly
        /// <see cref="ExtensionsNamespace"/>: Apache writes it on the root element, others on &lt;ex:nil&gt;/&lt;ex:i8&gt; themselves.
        /// </summary>
        private readonly void CheckAttributes()
        {
            if (_s.AttributeCount == 0) return;
            for (int i = 0; i < _s.AttributeCount; i++)
                if (!_s.AttributeName(i).SequenceEqual("xmlns:ex"u8))
                    throw _s.Error(_s.TokenStart, $"XML-RPC elements have no attributes except xmlns:ex=\"{ExtensionsNamespace}\" (<{Utf8XmlScanner.Display(_s.Name)}> has '{Utf8XmlScanner.Display(_s.AttributeName(i))}')");
            string uri = _s.GetAttribute("xmlns:ex"u8)!;
            if (uri != ExtensionsNamespace)
                throw _s.Error(_s.TokenStart, $"the prefix ex: is Apache's extensions namespace; xmlns:ex must be \"{ExtensionsNamespace}\", not \"{Show(uri)}\"");
        }

        /// <summary>Moves to the next non-whitespace token, which must be the start of <paramref name="name"/>.</summary>
        private void ExpectStart(ReadOnlySpan<byte> name, string where)
        {
            _s.ReadSkippingWhitespace();
            if (_s.Kind == XmlTokenKind.StartElement && _s.NameIs(name)) { CheckAttributes(); return; }
            throw Unexpected($"<{System.Text.Encoding.UTF8.GetString(name)}>", where);
        }

        private void ExpectEnd(string where)
        {
            _s.ReadSkippingWhitespace();
            if (_s.Kind != XmlTokenKind.EndElement) throw Unexpected("an end tag", where);
        }

        private readonly OcfFormatException Unexpected(string expected, string where) => _s.Kind switch
        {
            XmlTokenKind.StartElement => _s.Error(_s.TokenStart, $"unexpected element <{Utf8XmlScanner.Display(_s.Name)}> in {where}; expected {expected}"),
            XmlTokenKind.EndElement => _s.Error(_s.TokenStart, $"unexpected end tag </{Utf8XmlScanner.Display(_s.Name)}> in {where}; expected {expected}"),
            XmlTokenKind.Text => _s.Error(_s.TokenStart, $"text where {expected} is expected in {where}"),
            _ => _s.Error(_s.TokenStart, $"unexpected end of document in {where}"),
        };

        private XmlRpcMethodCall ReadMethodCall()
        {
            ExpectStart("methodName"u8, "<methodCall>");
            int nameOffset = _s.TokenStart; // the <methodName> start tag, before reading moves past it
            var raw = _s.ReadElementTextRaw(out string? decoded);
            // Method names repeat across messages: one without surrounding whitespace comes from the cache.
            string name = decoded is null && raw.Length > 0 && !IsSpace(raw[0]) && !IsSpace(raw[^1])
                ? _sc.Key(in _s, raw, _s.TextStart, _limits.MaxStringLength)
                : (decoded ?? _s.TextToString(raw, _s.TextStart)).Trim(' ', '\t', '\r', '\n');
            try { XmlRpcEncoder.CheckMethodName(name); }
            catch (OcfEncodeException e) { throw _s.Error(nameOffset, e.Problem); }
            _s.ReadSkippingWhitespace();
            if (_s.Kind == XmlTokenKind.EndElement) return new XmlRpcMethodCall(name, []);
            if (_s.Kind != XmlTokenKind.StartElement || !_s.NameIs("params"u8)) throw Unexpected("<params>", "<methodCall>");
            CheckAttributes();
            var parameters = ReadParams();
            ExpectEnd("<methodCall>");
            return new XmlRpcMethodCall(name, parameters);
        }

        private XmlRpcMessage ReadMethodResponse()
        {
            _s.ReadSkippingWhitespace();
            if (_s.Kind == XmlTokenKind.StartElement && _s.NameIs("fault"u8))
            {
                CheckAttributes();
                var fault = ReadFault();
                ExpectEnd("<methodResponse>");
                return fault;
            }
            if (_s.Kind != XmlTokenKind.StartElement || !_s.NameIs("params"u8)) throw Unexpected("<params> or <fault>", "<methodResponse>");
            CheckAttributes();
            int at = _s.TokenStart;
            var parameters = ReadParams();
            if (parameters.Count != 1) throw _s.Error(at, $"a <methodResponse> carries exactly one <param>, not {parameters.Count}");
            ExpectEnd("<methodResponse>");
            return new XmlRpcMethodResponse(parameters[0]);
        }

        private XmlRpcFault ReadFault()
        {
            int at = _s.TokenStart;
            ExpectStart("value"u8, "<fault>");
            var value = ReadValue(0);
            ExpectEnd("<fault>");
            if (value is not OcfMap map
                || !map.TryGetValue("faultCode", out var code) || code is not OcfInteger { Value: >= int.MinValue and <= int.MaxValue } ci
                || !map.TryGetValue("faultString", out var text) || text is not OcfString cs)
                throw _s.Error(at, "a <fault> holds a struct with an int faultCode and a string faultString");
            return new XmlRpcFault((int)ci.Value, cs.Value, map);
        }

        private List<OcfValue> ReadParams()
        {
            var list = new List<OcfValue>(1);
            if (_s.IsEmptyElement) { _s.Read(); return list; }
            while (true)
            {
                _s.ReadSkippingWhitespace();
                if (_s.Kind == XmlTokenKind.EndElement) return list;
                if (_s.Kind != XmlTokenKind.StartElement || !_s.NameIs("param"u8)) throw Unexpected("<param>", "<params>");
                CheckAttributes();
                ExpectStart("value"u8, "<param>");
                list.Add(ReadValue(0));
                ExpectEnd("<param>");
            }
        }

        /// <summary>Reads a &lt;value&gt; whose start tag is current, through its end tag. <paramref name="depth"/> counts enclosing containers.</summary>
        private OcfValue ReadValue(int depth)
        {
            // Plain text up to </value> (or <value/>) is a string, read in one scan.
            if (_s.TryReadPlainContent(out var plain, out int plainStart)) return new OcfString(Text(plain, plainStart));
            _s.Read();
            if (_s.Kind == XmlTokenKind.EndElement) return new OcfString(string.Empty);
            if (_s.Kind == XmlTokenKind.Text)
            {
                // Untyped content is a string; whitespace before a typed element is formatting.
                int start = _s.TokenStart;
                bool whitespace = _s.IsWhitespaceText();
                string text = _s.GetText();
                _s.Read();
                if (_s.Kind == XmlTokenKind.Text)
                {
                    var sb = new StringBuilder(text);
                    while (_s.Kind == XmlTokenKind.Text) { whitespace &= _s.IsWhitespaceText(); sb.Append(_s.GetText()); _s.CheckStringLength(sb.Length, start); _s.Read(); }
                    text = sb.ToString();
                }
                if (_s.Kind == XmlTokenKind.EndElement) return new OcfString(text);
                if (!whitespace) throw _s.Error(start, "a <value> holds either text or one typed element, not both");
            }
            CheckAttributes();
            var value = ReadTyped(depth);
            ExpectEnd("<value>");
            return value;
        }

        private OcfValue ReadTyped(int depth)
        {
            int at = _s.TokenStart;
            var name = _s.Name;
            if (name.SequenceEqual("string"u8)) return new OcfString(_s.ReadElementText());
            if (name.SequenceEqual("int"u8) || name.SequenceEqual("i4"u8))
                return new OcfInteger(ReadInteger(at, wide: false));
            if (name.SequenceEqual("i8"u8) || name.SequenceEqual("ex:i8"u8))
                return new OcfInteger(ReadInteger(at, wide: true));
            if (name.SequenceEqual("boolean"u8))
            {
                var raw = Trimmed(_s.ReadElementTextRaw(out var decoded), decoded);
                if (raw.SequenceEqual("1"u8)) return OcfBoolean.True;
                if (raw.SequenceEqual("0"u8)) return OcfBoolean.False;
                throw _s.Error(at, $"'{Show(raw)}' is not an XML-RPC boolean (0 or 1)");
            }
            if (name.SequenceEqual("double"u8))
            {
                var raw = Trimmed(_s.ReadElementTextRaw(out var decoded), decoded);
                if (XmlRpcScalars.TryParseDouble(raw, out double d)) return new OcfDouble(d);
                throw _s.Error(at, $"'{Show(raw)}' is not an XML-RPC double (NaN and infinity cannot be carried)");
            }
            if (name.SequenceEqual("dateTime.iso8601"u8))
            {
                string text = _s.ReadElementText().Trim(' ', '\t', '\r', '\n');
                if (XmlRpcScalars.TryParseDateTime(text, out var t)) return new OcfDateTime(t);
                throw _s.Error(at, $"'{Show(text)}' is not an XML-RPC dateTime.iso8601 (yyyyMMddTHH:mm:ss)");
            }
            if (name.SequenceEqual("base64"u8))
            {
                string text = _s.ReadElementText();
                if (Base64Text.TryDecode(text, out var bytes)) return OcfBinary.Own(bytes);
                throw _s.Error(at, "the content of <base64> is not valid base64");
            }
            if (name.SequenceEqual("nil"u8) || name.SequenceEqual("ex:nil"u8))
            {
                if (_s.ReadElementText().Length != 0) throw _s.Error(at, "<nil/> must be empty");
                return OcfNil.Instance;
            }
            if (name.SequenceEqual("struct"u8)) return ReadStruct(depth + 1);
            if (name.SequenceEqual("array"u8)) return ReadArray(depth + 1);
            throw _s.Error(at, $"unknown value type <{Utf8XmlScanner.Display(name)}>");
        }

        /// <param name="wide">i8 (64-bit) rather than int/i4, which the specification defines as 32-bit signed</param>
        private long ReadInteger(int at, bool wide)
        {
            string element = wide ? "" : Utf8XmlScanner.Display(_s.Name);
            var raw = Trimmed(_s.ReadElementTextRaw(out var decoded), decoded);
            bool parsed = TryParseInteger(raw, out long v);
            if (parsed && (wide || v is >= int.MinValue and <= int.MaxValue)) return v;
            var unsigned = raw.Length > 0 && (raw[0] == '+' || raw[0] == '-') ? raw[1..] : raw; // one sign, then digits
            bool digits = unsigned.Length > 0 && unsigned.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
            if (!parsed && !digits) throw _s.Error(at, $"'{Show(raw)}' is not an integer");
            throw _s.Error(at, wide ? $"the integer '{Show(raw)}' is beyond the 64-bit range of <i8>"
                : $"the integer '{Show(raw)}' is beyond the 32-bit range of <{element}> (64-bit integers are written <i8>)");
        }

        /// <summary>
        /// The value of a literal matched by the scanner, parsed from its bytes; false for containers, unknown types and
        /// anything the lexical rules refuse, which the tokenizer then reads again and reports.
        /// </summary>
        private readonly bool TryLiteralScalar(ReadOnlySpan<byte> type, ReadOnlySpan<byte> text, int textStart, out OcfValue? value)
        {
            value = null;
            if (type.IsEmpty || type.SequenceEqual("string"u8)) { value = new OcfString(Text(text, textStart)); return true; }
            var raw = text;
            // the scanner's plain text has no CR; peers rarely pad, so test before trimming
            if (!raw.IsEmpty && (IsSpace(raw[0]) || IsSpace(raw[^1]))) raw = raw.Trim(" \t\n"u8);
            if (type.SequenceEqual("int"u8) || type.SequenceEqual("i4"u8))
            {
                if (!TryParseInteger(raw, out long v) || v is < int.MinValue or > int.MaxValue) return false;
                value = new OcfInteger(v);
            }
            else if (type.SequenceEqual("double"u8))
            {
                if (!XmlRpcScalars.TryParseDouble(raw, out double d)) return false;
                value = new OcfDouble(d);
            }
            else if (type.SequenceEqual("dateTime.iso8601"u8))
            {
                if (!XmlRpcScalars.TryParseCommonDateTime(raw, out var t)) return false;
                value = new OcfDateTime(t);
            }
            else if (type.SequenceEqual("boolean"u8))
            {
                if (raw.SequenceEqual("1"u8)) value = OcfBoolean.True;
                else if (raw.SequenceEqual("0"u8)) value = OcfBoolean.False;
                else return false;
            }
            else if (type.SequenceEqual("i8"u8) || type.SequenceEqual("ex:i8"u8))
            {
                if (!TryParseInteger(raw, out long v)) return false;
                value = new OcfInteger(v);
            }
            else if (type.SequenceEqual("nil"u8) || type.SequenceEqual("ex:nil"u8))
            {
                if (!text.IsEmpty) return false;
                value = OcfNil.Instance;
            }
            else return false; // struct, array, base64 (rare; the tokenizer path decodes it) or unknown
            return true;
        }

        /// <summary>Reads the next &lt;value&gt; of a &lt;data&gt; through the fast path, if it is a literal scalar.</summary>
        private bool TryLiteralValue(out OcfValue? value)
        {
            value = null;
            if (_s.TryMatchIntValue(out long number, out int intEnd))
            {
                if (!_s.LiteralFits(2, 2)) return false;
                value = new OcfInteger(number);
                _s.CommitLiteral(intEnd, 2);
                return true;
            }
            if (!_s.TryMatchLiteralValue(out var type, out var text, out int textStart, out int end)) return false;
            int elements = type.IsEmpty ? 1 : 2;
            if (!_s.LiteralFits(elements, elements) || !TryLiteralScalar(type, text, textStart, out value)) return false;
            _s.CommitLiteral(end, elements);
            return true;
        }

        private readonly string Text(ReadOnlySpan<byte> raw, int textStart) => _sc.Value(in _s, raw, textStart, _limits.MaxStringLength);

        private OcfValue ReadStruct(int depth)
        {
            if (depth > _limits.MaxDepth) throw DepthError();
            if (_s.IsEmptyElement) { _s.Read(); return OcfMap.Empty; }
            int bottom = _entryTop;
            // Member names are checked for duplicates as they come (the error points at the second one): linearly while
            // the struct is small, then with the index the map keeps, so each name is hashed once.
            Dictionary<string, int>? index = null;
            while (true)
            {
                if (TryLiteralMember(bottom, ref index)) continue;
                _s.ReadSkippingWhitespace();
                if (_s.Kind == XmlTokenKind.EndElement) break;
                if (_s.Kind != XmlTokenKind.StartElement || !_s.NameIs("member"u8)) throw Unexpected("<member>", "<struct>");
                int memberAt = _s.TokenStart;
                CheckAttributes();
                ExpectStart("name"u8, "<member>");
                var raw = _s.ReadElementTextRaw(out string? decoded);
                string key = decoded ?? _sc.Key(in _s, raw, _s.TextStart, _limits.MaxStringLength);
                if (!TryAddKey(key, bottom, ref index)) throw _s.Error(memberAt, $"duplicate member name '{key}' in a struct");
                ExpectStart("value"u8, "<member>");
                PushEntry(new(key, ReadValue(depth)));
                ExpectEnd("<member>");
            }
            int n = _entryTop - bottom;
            if (n == 0) return OcfMap.Empty;
            var result = new KeyValuePair<string, OcfValue>[n];
            Array.Copy(_sc.Entries, bottom, result, 0, n);
            Array.Clear(_sc.Entries, bottom, n);
            _entryTop = bottom;
            return OcfMap.OwnChecked(result, index);
        }

        /// <summary>Reads the next member through the fast path, if it is a literal scalar under a new name.</summary>
        private bool TryLiteralMember(int bottom, ref Dictionary<string, int>? index)
        {
            if (!_s.TryMatchLiteralMember(out var rawKey, out int keyStart, out var type, out var text, out int textStart, out int end)) return false;
            int elements = type.IsEmpty ? 3 : 4; // <member><name><value>[<type>]
            if (!_s.LiteralFits(elements, elements - 1)) return false;
            string key = _sc.Key(in _s, rawKey, keyStart, _limits.MaxStringLength);
            // In the tokenizer path's order: the name, then the duplicate check, then the value. A duplicate name is left
            // to that path, which reports it at the <member> tag.
            var indexBefore = index;
            if (!TryAddKey(key, bottom, ref index)) return false;
            if (!TryLiteralScalar(type, text, textStart, out var value))
            {
                // The tokenizer path reads this member again: forget its name.
                if (indexBefore is null) index = null;
                else index!.Remove(key);
                return false;
            }
            _s.CommitLiteral(end, elements);
            PushEntry(new(key, value!));
            return true;
        }

        /// <summary>False when the struct being read (its entries from <paramref name="bottom"/>) already has <paramref name="key"/>; otherwise records it.</summary>
        private readonly bool TryAddKey(string key, int bottom, ref Dictionary<string, int>? index)
        {
            int count = _entryTop - bottom;
            if (index is not null) return index.TryAdd(key, count);
            var entries = _sc.Entries;
            for (int i = bottom; i < _entryTop; i++)
                if (string.Equals(entries[i].Key, key, StringComparison.Ordinal)) return false;
            if (count == OcfMap.IndexThreshold)
            {
                index = new Dictionary<string, int>(OcfMap.IndexThreshold * 2, StringComparer.Ordinal);
                for (int i = 0; i < count; i++) index.Add(entries[bottom + i].Key, i);
                index.Add(key, count);
            }
            return true;
        }

        private void PushEntry(KeyValuePair<string, OcfValue> entry)
        {
            var entries = _sc.Entries;
            if (_entryTop == entries.Length) entries = _sc.GrowEntries();
            entries[_entryTop++] = entry;
        }

        private void Push(OcfValue value)
        {
            var values = _sc.Values;
            if (_valueTop == values.Length) values = _sc.GrowValues();
            values[_valueTop++] = value;
        }

        private readonly OcfFormatException DepthError() =>
            _s.LimitError(_s.TokenStart, $"values are nested deeper than the limit of {_limits.MaxDepth}", OcfDecoderLimits.Names.MaxDepth);

        private OcfValue ReadArray(int depth)
        {
            if (depth > _limits.MaxDepth) throw DepthError();
            if (_s.IsEmptyElement) throw _s.Error(_s.TokenStart, "an <array> holds a <data> element");
            ExpectStart("data"u8, "<array>");
            int bottom = _valueTop;
            if (_s.IsEmptyElement) _s.Read();
            else
            {
                while (true)
                {
                    while (TryLiteralValue(out var fast)) Push(fast!);
                    _s.ReadSkippingWhitespace();
                    if (_s.Kind == XmlTokenKind.EndElement) break;
                    if (_s.Kind != XmlTokenKind.StartElement || !_s.NameIs("value"u8)) throw Unexpected("<value>", "<data>");
                    CheckAttributes();
                    Push(ReadValue(depth));
                }
            }
            ExpectEnd("<array>");
            int n = _valueTop - bottom;
            if (n == 0) return OcfList.Empty;
            var items = new OcfValue[n];
            Array.Copy(_sc.Values, bottom, items, 0, n);
            Array.Clear(_sc.Values, bottom, n);
            _valueTop = bottom;
            return OcfList.Own(items);
        }
    }
}
