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
/// </summary>
internal static class XmlRpcDecoder
{
    private const string Codec = XmlRpcCodec.CodecName;

    public static XmlRpcMessage Decode(ReadOnlySpan<byte> utf8, OcfDecoderLimits limits)
    {
        // A nesting level costs three elements (<value><struct><member> or <value><array><data>), plus the envelope.
        var s = new Utf8XmlScanner(utf8, Codec, limits, limits.MaxDepth * 3 + 8);
        s.Read();
        CheckAttributes(ref s);
        XmlRpcMessage message;
        if (s.NameIs("methodCall"u8)) message = ReadMethodCall(ref s, limits);
        else if (s.NameIs("methodResponse"u8)) message = ReadMethodResponse(ref s, limits);
        else if (s.NameIs("params"u8)) message = new XmlRpcParams(ReadParams(ref s, limits));
        else if (s.NameIs("fault"u8)) message = ReadFault(ref s, limits);
        else throw s.Error(s.TokenStart, $"unknown root element <{Utf8XmlScanner.Display(s.Name)}>; expected <methodCall>, <methodResponse> or <params>");
        s.Read();
        return message;
    }

    /// <summary>Apache's extensions namespace; "ex:" is the prefix its writer (and everyone copying it) uses.</summary>
    public const string ExtensionsNamespace = "http://ws.apache.org/xmlrpc/namespaces/extensions";

    /// <summary>
    /// XML-RPC has no attributes. The one exception is the declaration of Apache's prefix, xmlns:ex, bound to exactly
    /// <see cref="ExtensionsNamespace"/>: Apache writes it on the root element, others on &lt;ex:nil&gt;/&lt;ex:i8&gt; themselves.
    /// </summary>
    private static void CheckAttributes(ref Utf8XmlScanner s)
    {
        if (s.AttributeCount == 0) return;
        for (int i = 0; i < s.AttributeCount; i++)
            if (!s.AttributeName(i).SequenceEqual("xmlns:ex"u8))
                throw s.Error(s.TokenStart, $"XML-RPC elements have no attributes except xmlns:ex=\"{ExtensionsNamespace}\" (<{Utf8XmlScanner.Display(s.Name)}> has '{Utf8XmlScanner.Display(s.AttributeName(i))}')");
        string uri = s.GetAttribute("xmlns:ex"u8)!;
        if (uri != ExtensionsNamespace)
            throw s.Error(s.TokenStart, $"the prefix ex: is Apache's extensions namespace; xmlns:ex must be \"{ExtensionsNamespace}\", not \"{Show(uri)}\"");
    }

    /// <summary>Moves to the next non-whitespace token, which must be the start of <paramref name="name"/>.</summary>
    private static void ExpectStart(ref Utf8XmlScanner s, ReadOnlySpan<byte> name, string where)
    {
        s.ReadSkippingWhitespace();
        if (s.Kind == XmlTokenKind.StartElement && s.NameIs(name)) { CheckAttributes(ref s); return; }
        throw Unexpected(ref s, $"<{System.Text.Encoding.UTF8.GetString(name)}>", where);
    }

    private static void ExpectEnd(ref Utf8XmlScanner s, string where)
    {
        s.ReadSkippingWhitespace();
        if (s.Kind != XmlTokenKind.EndElement) throw Unexpected(ref s, "an end tag", where);
    }

    private static OcfFormatException Unexpected(ref Utf8XmlScanner s, string expected, string where) => s.Kind switch
    {
        XmlTokenKind.StartElement => s.Error(s.TokenStart, $"unexpected element <{Utf8XmlScanner.Display(s.Name)}> in {where}; expected {expected}"),
        XmlTokenKind.EndElement => s.Error(s.TokenStart, $"unexpected end tag </{Utf8XmlScanner.Display(s.Name)}> in {where}; expected {expected}"),
        XmlTokenKind.Text => s.Error(s.TokenStart, $"text where {expected} is expected in {where}"),
        _ => s.Error(s.TokenStart, $"unexpected end of document in {where}"),
    };

    private static XmlRpcMethodCall ReadMethodCall(ref Utf8XmlScanner s, OcfDecoderLimits limits)
    {
        ExpectStart(ref s, "methodName"u8, "<methodCall>");
        int nameOffset = s.TokenStart; // the <methodName> start tag, before reading moves past it
        string name = s.ReadElementText().Trim(' ', '\t', '\r', '\n');
        try { XmlRpcEncoder.CheckMethodName(name); }
        catch (OcfEncodeException e) { throw s.Error(nameOffset, e.Problem); }
        s.ReadSkippingWhitespace();
        if (s.Kind == XmlTokenKind.EndElement) return new XmlRpcMethodCall(name, []);
        if (s.Kind != XmlTokenKind.StartElement || !s.NameIs("params"u8)) throw Unexpected(ref s, "<params>", "<methodCall>");
        CheckAttributes(ref s);
        var parameters = ReadParams(ref s, limits);
        ExpectEnd(ref s, "<methodCall>");
        return new XmlRpcMethodCall(name, parameters);
    }

    private static XmlRpcMessage ReadMethodResponse(ref Utf8XmlScanner s, OcfDecoderLimits limits)
    {
        s.ReadSkippingWhitespace();
        if (s.Kind == XmlTokenKind.StartElement && s.NameIs("fault"u8))
        {
            CheckAttributes(ref s);
            var fault = ReadFault(ref s, limits);
            ExpectEnd(ref s, "<methodResponse>");
            return fault;
        }
        if (s.Kind != XmlTokenKind.StartElement || !s.NameIs("params"u8)) throw Unexpected(ref s, "<params> or <fault>", "<methodResponse>");
        CheckAttributes(ref s);
        int at = s.TokenStart;
        var parameters = ReadParams(ref s, limits);
        if (parameters.Count != 1) throw s.Error(at, $"a <methodResponse> carries exactly one <param>, not {parameters.Count}");
        ExpectEnd(ref s, "<methodResponse>");
        return new XmlRpcMethodResponse(parameters[0]);
    }

    private static XmlRpcFault ReadFault(ref Utf8XmlScanner s, OcfDecoderLimits limits)
    {
        int at = s.TokenStart;
        ExpectStart(ref s, "value"u8, "<fault>");
        var value = ReadValue(ref s, 0, limits);
        ExpectEnd(ref s, "<fault>");
        if (value is not OcfMap map
            || !map.TryGetValue("faultCode", out var code) || code is not OcfInteger { Value: >= int.MinValue and <= int.MaxValue } ci
            || !map.TryGetValue("faultString", out var text) || text is not OcfString cs)
            throw s.Error(at, "a <fault> holds a struct with an int faultCode and a string faultString");
        return new XmlRpcFault((int)ci.Value, cs.Value, map);
    }

    private static List<OcfValue> ReadParams(ref Utf8XmlScanner s, OcfDecoderLimits limits)
    {
        var list = new List<OcfValue>();
        if (s.IsEmptyElement) { s.Read(); return list; }
        while (true)
        {
            s.ReadSkippingWhitespace();
            if (s.Kind == XmlTokenKind.EndElement) return list;
            if (s.Kind != XmlTokenKind.StartElement || !s.NameIs("param"u8)) throw Unexpected(ref s, "<param>", "<params>");
            CheckAttributes(ref s);
            ExpectStart(ref s, "value"u8, "<param>");
            list.Add(ReadValue(ref s, 0, limits));
            ExpectEnd(ref s, "<param>");
        }
    }

    /// <summary>Reads a &lt;value&gt; whose start tag is current, through its end tag. <paramref name="depth"/> counts enclosing containers.</summary>
    private static OcfValue ReadValue(ref Utf8XmlScanner s, int depth, OcfDecoderLimits limits)
    {
        if (s.IsEmptyElement) { s.Read(); return new OcfString(string.Empty); }
        s.Read();
        if (s.Kind == XmlTokenKind.EndElement) return new OcfString(string.Empty);
        if (s.Kind == XmlTokenKind.Text)
        {
            // Untyped content is a string; whitespace before a typed element is formatting.
            int start = s.TokenStart;
            bool whitespace = s.IsWhitespaceText();
            string text = s.GetText();
            s.Read();
            if (s.Kind == XmlTokenKind.Text)
            {
                var sb = new StringBuilder(text);
                while (s.Kind == XmlTokenKind.Text) { whitespace &= s.IsWhitespaceText(); sb.Append(s.GetText()); s.CheckStringLength(sb.Length, start); s.Read(); }
                text = sb.ToString();
            }
            if (s.Kind == XmlTokenKind.EndElement) return new OcfString(text);
            if (!whitespace) throw s.Error(start, "a <value> holds either text or one typed element, not both");
        }
        CheckAttributes(ref s);
        var value = ReadTyped(ref s, depth, limits);
        ExpectEnd(ref s, "<value>");
        return value;
    }

    private static OcfValue ReadTyped(ref Utf8XmlScanner s, int depth, OcfDecoderLimits limits)
    {
        int at = s.TokenStart;
        var name = s.Name;
        if (name.SequenceEqual("string"u8)) return new OcfString(s.ReadElementText());
        if (name.SequenceEqual("int"u8) || name.SequenceEqual("i4"u8))
            return new OcfInteger(ReadInteger(ref s, at, wide: false));
        if (name.SequenceEqual("i8"u8) || name.SequenceEqual("ex:i8"u8))
            return new OcfInteger(ReadInteger(ref s, at, wide: true));
        if (name.SequenceEqual("boolean"u8))
        {
            var raw = Trimmed(s.ReadElementTextRaw(out var decoded), decoded);
            if (raw.SequenceEqual("1"u8)) return OcfBoolean.True;
            if (raw.SequenceEqual("0"u8)) return OcfBoolean.False;
            throw s.Error(at, $"'{Show(raw)}' is not an XML-RPC boolean (0 or 1)");
        }
        if (name.SequenceEqual("double"u8))
        {
            var raw = Trimmed(s.ReadElementTextRaw(out var decoded), decoded);
            if (XmlRpcScalars.TryParseDouble(raw, out double d)) return new OcfDouble(d);
            throw s.Error(at, $"'{Show(raw)}' is not an XML-RPC double (NaN and infinity cannot be carried)");
        }
        if (name.SequenceEqual("dateTime.iso8601"u8))
        {
            string text = s.ReadElementText().Trim(' ', '\t', '\r', '\n');
            if (XmlRpcScalars.TryParseDateTime(text, out var t)) return new OcfDateTime(t);
            throw s.Error(at, $"'{Show(text)}' is not an XML-RPC dateTime.iso8601 (yyyyMMddTHH:mm:ss)");
        }
        if (name.SequenceEqual("base64"u8))
        {
            string text = s.ReadElementText();
            if (Base64Text.TryDecode(text, out var bytes)) return OcfBinary.Own(bytes);
            throw s.Error(at, "the content of <base64> is not valid base64");
        }
        if (name.SequenceEqual("nil"u8) || name.SequenceEqual("ex:nil"u8))
        {
            if (s.ReadElementText().Length != 0) throw s.Error(at, "<nil/> must be empty");
            return OcfNil.Instance;
        }
        if (name.SequenceEqual("struct"u8)) return ReadStruct(ref s, depth + 1, limits);
        if (name.SequenceEqual("array"u8)) return ReadArray(ref s, depth + 1, limits);
        throw s.Error(at, $"unknown value type <{Utf8XmlScanner.Display(name)}>");
    }

    /// <param name="wide">i8 (64-bit) rather than int/i4, which the specification defines as 32-bit signed</param>
    private static long ReadInteger(ref Utf8XmlScanner s, int at, bool wide)
    {
        string element = wide ? "" : Utf8XmlScanner.Display(s.Name);
        var raw = Trimmed(s.ReadElementTextRaw(out var decoded), decoded);
        bool parsed = TryParseInteger(raw, out long v);
        if (parsed && (wide || v is >= int.MinValue and <= int.MaxValue)) return v;
        var unsigned = raw.Length > 0 && (raw[0] == '+' || raw[0] == '-') ? raw[1..] : raw; // one sign, then digits
        bool digits = unsigned.Length > 0 && unsigned.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
        if (!parsed && !digits) throw s.Error(at, $"'{Show(raw)}' is not an integer");
        throw s.Error(at, wide ? $"the integer '{Show(raw)}' is beyond the 64-bit range of <i8>"
            : $"the integer '{Show(raw)}' is beyond the 32-bit range of <{element}> (64-bit integers are written <i8>)");
    }

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

    private static ReadOnlySpan<byte> Trimmed(ReadOnlySpan<byte> raw, string? decoded) =>
        (decoded is null ? raw : System.Text.Encoding.UTF8.GetBytes(decoded)).Trim(" \t\r\n"u8);

    private static string Show(ReadOnlySpan<byte> raw) => Show(System.Text.Encoding.UTF8.GetString(raw));
    private static string Show(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private static OcfValue ReadStruct(ref Utf8XmlScanner s, int depth, OcfDecoderLimits limits)
    {
        if (depth > limits.MaxDepth) throw DepthError(ref s, limits);
        if (s.IsEmptyElement) { s.Read(); return OcfMap.Empty; }
        var entries = new List<KeyValuePair<string, OcfValue>>();
        HashSet<string>? keys = null;
        while (true)
        {
            if (s.TryReadScalarMember(out var fastKey, out var fastValue))
            {
                bool dup = false;
                if (keys is null && entries.Count < 8) { foreach (var e in entries) if (e.Key == fastKey) { dup = true; break; } }
                else { keys ??= new HashSet<string>(entries.Select(e => e.Key), StringComparer.Ordinal); dup = !keys.Add(fastKey!); }
                if (dup) throw s.Error(s.TokenStart, $"duplicate member name '{fastKey}' in a struct");
                entries.Add(new(fastKey!, fastValue!));
                continue;
            }
            s.ReadSkippingWhitespace();
            if (s.Kind == XmlTokenKind.EndElement) break;
            if (s.Kind != XmlTokenKind.StartElement || !s.NameIs("member"u8)) throw Unexpected(ref s, "<member>", "<struct>");
            int memberAt = s.TokenStart;
            CheckAttributes(ref s);
            ExpectStart(ref s, "name"u8, "<member>");
            string key = s.ReadElementText();
            // Small structs check duplicates linearly (no allocation); larger ones switch to a set.
            bool duplicate;
            if (keys is null && entries.Count < 8)
            {
                duplicate = false;
                foreach (var e in entries) if (e.Key == key) { duplicate = true; break; }
            }
            else
            {
                keys ??= new HashSet<string>(entries.Select(e => e.Key), StringComparer.Ordinal);
                duplicate = !keys.Add(key);
            }
            if (duplicate) throw s.Error(memberAt, $"duplicate member name '{key}' in a struct");
            ExpectStart(ref s, "value"u8, "<member>");
            entries.Add(new(key, ReadValue(ref s, depth, limits)));
            ExpectEnd(ref s, "<member>");
        }
        return OcfMap.TryOwn(entries.ToArray(), out _)!;
    }

    private static OcfFormatException DepthError(ref Utf8XmlScanner s, OcfDecoderLimits limits) =>
        s.LimitError(s.TokenStart, $"values are nested deeper than the limit of {limits.MaxDepth}", OcfDecoderLimits.Names.MaxDepth);

    private static OcfValue ReadArray(ref Utf8XmlScanner s, int depth, OcfDecoderLimits limits)
    {
        if (depth > limits.MaxDepth) throw DepthError(ref s, limits);
        if (s.IsEmptyElement) throw s.Error(s.TokenStart, "an <array> holds a <data> element");
        ExpectStart(ref s, "data"u8, "<array>");
        var items = new List<OcfValue>();
        if (s.IsEmptyElement) s.Read();
        else
        {
            while (true)
            {
                while (s.TryReadScalarValue(out var fast)) items.Add(fast!);
                s.ReadSkippingWhitespace();
                if (s.Kind == XmlTokenKind.EndElement) break;
                if (s.Kind != XmlTokenKind.StartElement || !s.NameIs("value"u8)) throw Unexpected(ref s, "<value>", "<data>");
                CheckAttributes(ref s);
                items.Add(ReadValue(ref s, depth, limits));
            }
        }
        ExpectEnd(ref s, "<array>");
        return OcfList.Own(items.ToArray());
    }
}
