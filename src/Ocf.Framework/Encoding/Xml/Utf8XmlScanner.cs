using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Ocf.Encoding.Xml;

internal enum XmlTokenKind : byte { None, StartElement, EndElement, Text, EndOfDocument }

/// <summary>
/// A forward-only XML tokenizer over UTF-8 bytes, written for the two codecs' small XML subset.
/// There is no DTD support at all (a DOCTYPE is an error, so external entities and entity expansion
/// cannot happen); only the five predefined entities and character references are decoded.
/// Names and text stay as byte ranges until a decoder asks for a string, which keeps decoding allocation-light.
/// Every problem raises <see cref="OcfFormatException"/> with the line and column.
/// </summary>
internal ref struct Utf8XmlScanner
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    // Bytes that end or complicate a run of character data: markup, references, CR (normalised), ']' (which may start
    // the "]]>" that XML 1.0 §2.4 forbids in character data) and C0 controls XML forbids.
    private static readonly SearchValues<byte> TextSpecials = SearchValues.Create(
        "<&\r]\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"u8);
    private static readonly SearchValues<byte> Controls = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"u8);
    private static readonly SearchValues<byte> AttrSpecials = SearchValues.Create(
        "<&\t\n\r\"'\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"u8);

    private const int MaxAttributes = 32;

    private readonly ReadOnlySpan<byte> _buf;
    private readonly string _codec;
    private readonly OcfDecoderLimits _limits;
    private readonly int _maxElementDepth;
    private int _pos;
    // Name start/length pairs of open elements, and per attribute of the current start tag: name start, name length,
    // value start, value length, needs-decode flag. Kept inside the scanner (no allocation per document) until a
    // document nests deeper or has more attributes than they hold; then they move to a growing array.
    private const int InlineStackInts = 32, InlineAttrInts = 15;
    [InlineArray(InlineStackInts)] private struct StackInts { private int _first; }
    [InlineArray(InlineAttrInts)] private struct AttrInts { private int _first; }
    private StackInts _stackInline;
    private int[]? _stackHeap;
    private int _depth;
    private int _elements;
    private bool _rootSeen;
    private bool _pendingEmptyEnd;
    private AttrInts _attrsInline;
    private int[]? _attrsHeap;
    private int _attrCount;

    public XmlTokenKind Kind;
    public int TokenStart;
    public int NameStart;
    public int NameLength;
    public bool IsEmptyElement;
    public int TextStart;
    public int TextEnd;
    public bool TextNeedsDecode;

    public Utf8XmlScanner(ReadOnlySpan<byte> utf8, string codec, OcfDecoderLimits limits, int maxElementDepth)
    {
        _buf = utf8;
        _codec = codec;
        _limits = limits;
        _maxElementDepth = maxElementDepth;
        Kind = XmlTokenKind.None;
        Utf8Input.CheckSize(codec, utf8, limits);
        if (utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF) _pos = 3;
        else if (utf8.Length >= 2 && (utf8[0] == 0xFE && utf8[1] == 0xFF || utf8[0] == 0xFF && utf8[1] == 0xFE))
            throw Error(0, "the document is UTF-16; only UTF-8 is accepted");
        ReadXmlDeclaration();
    }

    public readonly int Depth => _depth;
    public readonly ReadOnlySpan<byte> Name => _buf.Slice(NameStart, NameLength);
    public readonly int AttributeCount => _attrCount;
    public readonly ReadOnlySpan<byte> AttributeName(int i) => _buf.Slice(AttrsRO[i * 5], AttrsRO[i * 5 + 1]);

    [UnscopedRef] private Span<int> Stack => _stackHeap is null ? _stackInline : _stackHeap;
    [UnscopedRef] private readonly ReadOnlySpan<int> StackRO => _stackHeap is null ? _stackInline : _stackHeap;
    [UnscopedRef] private Span<int> Attrs => _attrsHeap is null ? _attrsInline : _attrsHeap;
    [UnscopedRef] private readonly ReadOnlySpan<int> AttrsRO => _attrsHeap is null ? _attrsInline : _attrsHeap;

    /// <summary>Name start and length of the innermost open element.</summary>
    private readonly (int Start, int Length) OpenElement()
    {
        var stack = StackRO;
        return (stack[(_depth - 1) * 2], stack[(_depth - 1) * 2 + 1]);
    }

    /// <summary>Advances to the next start tag, end tag, run of character data, or the end of the document.</summary>
    public void Read()
    {
        if (_pendingEmptyEnd)
        {
            _pendingEmptyEnd = false;
            _attrCount = 0;
            Kind = XmlTokenKind.EndElement;
            _depth--;
            return;
        }
        while (true)
        {
            TokenStart = _pos;
            if (_depth == 0)
            {
                SkipMisc();
                TokenStart = _pos;
                if (_pos >= _buf.Length)
                {
                    if (!_rootSeen) throw Error(_pos, "the document has no root element");
                    Kind = XmlTokenKind.EndOfDocument;
                    return;
                }
                if (_rootSeen) throw Error(_pos, "content after the end of the root element");
                if (_buf[_pos] != (byte)'<') throw Error(_pos, "text outside the root element");
                if (Peek("<!DOCTYPE"u8)) throw Error(_pos, "DTDs (<!DOCTYPE>) are not allowed");
                if (Peek("<?"u8)) throw Error(_pos, "processing instructions are not allowed");
                if (Peek("</"u8) || Peek("<!"u8)) throw Error(_pos, "expected the root element");
                ReadStartTag();
                _rootSeen = true;
                return;
            }
            if (_pos >= _buf.Length) throw UnclosedAtEnd();
            if (_buf[_pos] != (byte)'<') { ReadText(); return; }
            byte next = _pos + 1 < _buf.Length ? _buf[_pos + 1] : (byte)0;
            if (next == '/') { ReadEndTag(); return; }
            if (next != '!' && next != '?') { ReadStartTag(); return; } // one byte decides the common cases
            if (Peek("<!--"u8)) { SkipComment(); continue; }
            if (Peek("<![CDATA["u8)) { ReadText(); return; }
            if (Peek("<?"u8)) throw Error(_pos, "processing instructions are not allowed");
            if (Peek("<!"u8)) throw Error(_pos, Peek("<!DOCTYPE"u8) ? "DTDs (<!DOCTYPE>) are not allowed" : "markup declarations are not allowed");
            ReadStartTag();
            return;
        }
    }

    /// <summary>True when the current start element's name equals <paramref name="name"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool NameIs(ReadOnlySpan<byte> name) => Name.SequenceEqual(name);

    public readonly bool IsWhitespaceText()
    {
        if (TextNeedsDecode)
        {
            // CDATA or references are content, not formatting, even if they decode to whitespace.
            for (int i = TextStart; i < TextEnd; i++) if (!IsXmlSpace(_buf[i]) && _buf[i] != '\r') return false;
            return true;
        }
        return _buf.Slice(TextStart, TextEnd - TextStart).IndexOfAnyExcept(" \t\n"u8) < 0;
    }

    /// <summary>The current text token decoded to a string (references resolved, line ends normalised).</summary>
    public readonly string GetText() => DecodeRange(TextStart, TextEnd, TextNeedsDecode, attribute: false);

    public readonly ReadOnlySpan<byte> RawText => _buf.Slice(TextStart, TextEnd - TextStart);

    /// <summary>Raw text (no references, CDATA or CR in it) as a string; invalid UTF-8, a non-character or a string over the limit is an error at <paramref name="offset"/>.</summary>
    public readonly string TextToString(ReadOnlySpan<byte> raw, int offset)
    {
        if (raw.IsEmpty) return string.Empty;
        if (raw.Length > (long)_limits.MaxStringLength * 3) CheckStringLength(int.MaxValue, offset);
        return ToStringChecked(raw, offset);
    }

    /// <summary>
    /// With a start tag current: when the element holds only plain character data (no markup, references, CDATA, CR
    /// or ']') directly followed by its own end tag, consumes both and returns true with the text as raw bytes (empty
    /// for an empty element); the end tag is then current. Otherwise consumes nothing and returns false, and the caller
    /// reads the content token by token. One scan instead of a text token and an end-tag token.
    /// </summary>
    public bool TryReadPlainContent(out ReadOnlySpan<byte> text, out int textStart)
    {
        text = default;
        textStart = _pos;
        if (Kind != XmlTokenKind.StartElement || _depth == 0) return false;
        if (_pendingEmptyEnd)
        {
            Read();
            return true;
        }
        var buf = _buf;
        int i = buf[_pos..].IndexOfAny(TextSpecials);
        if (i < 0) return false;
        int lt = _pos + i;
        var (name, nameLength) = OpenElement();
        int close = lt + 2 + nameLength;
        if ((uint)close >= (uint)buf.Length || buf[lt] != '<' || buf[lt + 1] != '/' || buf[close] != '>'
            || !buf.Slice(lt + 2, nameLength).SequenceEqual(buf.Slice(name, nameLength)))
            return false;
        text = buf.Slice(_pos, i);
        TextStart = _pos;
        TextEnd = lt;
        TextNeedsDecode = false;
        TokenStart = lt;
        NameStart = lt + 2;
        NameLength = nameLength;
        _pos = close + 1;
        _depth--;
        _attrCount = 0;
        Kind = XmlTokenKind.EndElement;
        return true;
    }

    /// <summary>The i-th attribute's value as written; <paramref name="needsDecode"/> when it holds references or whitespace to normalise.</summary>
    public readonly ReadOnlySpan<byte> AttributeRawValue(int i, out bool needsDecode)
    {
        var attrs = AttrsRO;
        needsDecode = attrs[i * 5 + 4] != 0;
        return _buf.Slice(attrs[i * 5 + 2], attrs[i * 5 + 3]);
    }

    /// <summary>Where the i-th attribute's value starts (for error positions).</summary>
    public readonly int AttributeValueStart(int i) => AttrsRO[i * 5 + 2];

    /// <summary>The i-th attribute's decoded value.</summary>
    public readonly string AttributeValue(int i) =>
        DecodeRange(AttrsRO[i * 5 + 2], AttrsRO[i * 5 + 2] + AttrsRO[i * 5 + 3], AttrsRO[i * 5 + 4] != 0, attribute: true);

    /// <summary>The attribute's decoded value, or null when the current element does not have it.</summary>
    public readonly string? GetAttribute(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < _attrCount; i++)
        {
            int b = i * 5;
            var attrs = AttrsRO;
            if (_buf.Slice(attrs[b], attrs[b + 1]).SequenceEqual(name))
                return DecodeRange(attrs[b + 2], attrs[b + 2] + attrs[b + 3], attrs[b + 4] != 0, attribute: true);
        }
        return null;
    }

    /// <summary>Reads the content of the current element, which must be character data only, up to its end tag.</summary>
    public string ReadElementText()
    {
        var raw = ReadElementTextRaw(out var decoded);
        return decoded ?? (raw.IsEmpty ? string.Empty : ToStringChecked(raw, TextStart));
    }

    /// <summary>
    /// Reads character-data-only content up to the end tag. Returns the raw bytes when nothing needs decoding
    /// (numbers and booleans then parse straight from UTF-8); otherwise <paramref name="decoded"/> holds the string.
    /// </summary>
    public ReadOnlySpan<byte> ReadElementTextRaw(out string? decoded)
    {
        decoded = null;
        if (IsEmptyElement) { Read(); return default; }
        Read();
        if (Kind == XmlTokenKind.EndElement) return default;
        if (Kind != XmlTokenKind.Text) throw UnexpectedHere();
        int start = TextStart, end = TextEnd;
        bool decode = TextNeedsDecode;
        Read();
        if (Kind == XmlTokenKind.EndElement)
        {
            if (!decode) return _buf.Slice(start, end - start);
            decoded = DecodeRange(start, end, true, attribute: false);
            return default;
        }
        // Text interrupted by a comment: gather the pieces.
        var sb = new StringBuilder(DecodeRange(start, end, decode, attribute: false));
        while (Kind == XmlTokenKind.Text)
        {
            sb.Append(GetText());
            CheckStringLength(sb.Length, start);
            Read();
        }
        if (Kind != XmlTokenKind.EndElement) throw UnexpectedHere();
        decoded = sb.ToString();
        return default;
    }

    // ---- literal fast paths for XML-RPC ----
    // The shapes XML-RPC peers write for scalars, matched as bytes without the tokenizer. A match consumes nothing: the
    // decoder interprets it and then consumes the whole balanced fragment with CommitLiteral (or leaves it to the
    // tokenizer, which then reports any problem exactly as without the fast path), so the element stack is never
    // touched. Attributes, comments, CR, references and CDATA never match.

    /// <summary>
    /// Matches <c>S? &lt;value&gt;(TEXT | S? &lt;T&gt;TEXT&lt;/T&gt; S? | S? &lt;T/&gt; S?)&lt;/value&gt;</c> at the
    /// current position, TEXT being plain character data; <paramref name="type"/> is T, empty for untyped text.
    /// <paramref name="end"/> is where the fragment ends.
    /// </summary>
    public readonly bool TryMatchLiteralValue(out ReadOnlySpan<byte> type, out ReadOnlySpan<byte> text, out int textStart, out int end)
    {
        type = text = default;
        textStart = end = 0;
        return !_pendingEmptyEnd && _depth > 0 && MatchValueAt(_pos, out type, out text, out textStart, out end);
    }

    /// <summary>
    /// The commonest literal, <c>S? &lt;value&gt;&lt;int&gt;DIGITS&lt;/int&gt;&lt;/value&gt;</c> with an optional minus and
    /// at most 9 digits (so within 32 bits), parsed in the same scan; anything else is for <see cref="TryMatchLiteralValue"/>.
    /// </summary>
    public readonly bool TryMatchIntValue(out long value, out int end)
    {
        value = 0;
        end = 0;
        if (_pendingEmptyEnd || _depth == 0) return false;
        var buf = _buf;
        int p = Ws(buf, _pos);
        if (!buf.Slice(p).StartsWith("<value><int>"u8)) return false;
        p += 12;
        bool negative = (uint)p < (uint)buf.Length && buf[p] == '-';
        if (negative) p++;
        int digits = p;
        long acc = 0;
        while ((uint)p < (uint)buf.Length && (uint)(buf[p] - '0') <= 9 && p - digits < 9) { acc = acc * 10 + (buf[p] - '0'); p++; }
        if (p == digits || !buf.Slice(p).StartsWith("</int></value>"u8)) return false;
        value = negative ? -acc : acc;
        end = p + 14;
        return true;
    }

    /// <summary>Matches <c>S? &lt;member&gt; S? &lt;name&gt;KEY&lt;/name&gt;</c> a literal value <c>S? &lt;/member&gt;</c> at the current position.</summary>
    public readonly bool TryMatchLiteralMember(out ReadOnlySpan<byte> key, out int keyStart,
        out ReadOnlySpan<byte> type, out ReadOnlySpan<byte> text, out int textStart, out int end)
    {
        key = type = text = default;
        keyStart = textStart = end = 0;
        if (_pendingEmptyEnd || _depth == 0) return false;
        var buf = _buf;
        int p = Ws(buf, _pos);
        if (!buf.Slice(p).StartsWith("<member>"u8)) return false;
        p = Ws(buf, p + 8);
        if (!buf.Slice(p).StartsWith("<name>"u8)) return false;
        p += 6;
        int i = IndexOfTextSpecial(buf.Slice(p));
        if (i < 0 || !buf.Slice(p + i).StartsWith("</name>"u8)) return false;
        key = buf.Slice(p, i);
        keyStart = p;
        if (!MatchValueAt(p + i + 7, out type, out text, out textStart, out int valueEnd)) return false;
        int q = Ws(buf, valueEnd);
        if (!buf.Slice(q).StartsWith("</member>"u8)) return false;
        end = q + 9;
        return true;
    }

    /// <summary>
    /// Whether a matched fragment of <paramref name="elements"/> elements, nesting <paramref name="levels"/> deep below
    /// the open element, stays within the limits; when it does not, the tokenizer reads it and raises the limit error.
    /// </summary>
    public readonly bool LiteralFits(int elements, int levels) =>
        _elements + elements <= _limits.MaxElements && _depth + levels <= _maxElementDepth;

    /// <summary>Consumes a fragment matched by <see cref="TryMatchLiteralValue"/> or <see cref="TryMatchLiteralMember"/> that fits.</summary>
    public void CommitLiteral(int end, int elements)
    {
        _elements += elements;
        _pos = end;
    }

    /// <summary>IndexOfAny(TextSpecials), with a plain loop over the first bytes: literal texts are mostly a few bytes long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOfTextSpecial(ReadOnlySpan<byte> s)
    {
        int n = Math.Min(s.Length, 16);
        for (int k = 0; k < n; k++)
        {
            byte b = s[k];
            if (b <= ']' && (b == '<' || b == '&' || b == ']' || b < 0x20 && b != '\t' && b != '\n')) return k;
        }
        if (n == s.Length) return -1;
        int i = s.Slice(n).IndexOfAny(TextSpecials);
        return i < 0 ? -1 : n + i;
    }

    private static int Ws(ReadOnlySpan<byte> b, int p)
    {
        while ((uint)p < (uint)b.Length && (b[p] == ' ' || b[p] == '\n' || b[p] == '\t')) p++;
        return p;
    }

    private readonly bool MatchValueAt(int at, out ReadOnlySpan<byte> type, out ReadOnlySpan<byte> text, out int textStart, out int end)
    {
        type = text = default;
        textStart = end = 0;
        var buf = _buf;
        int p = Ws(buf, at);
        if (!buf.Slice(p).StartsWith("<value>"u8)) return false;
        p += 7;
        // The typed element usually follows at once; otherwise look for text up to </value>.
        int i = (uint)p < (uint)buf.Length && buf[p] == '<' ? 0 : IndexOfTextSpecial(buf.Slice(p));
        if (i < 0 || buf[p + i] != '<') return false;
        int lt = p + i;
        if (buf.Slice(lt).StartsWith("</value>"u8))
        {
            text = buf.Slice(p, i);
            textStart = p;
            end = lt + 8;
            return true;
        }
        // Only formatting may come before a typed element.
        if (i > 0 && buf.Slice(p, i).IndexOfAnyExcept(" \t\n"u8) >= 0) return false;
        int nameStart = lt + 1, q = nameStart;
        if (q >= buf.Length || !IsNameStart(buf[q])) return false;
        while (q < buf.Length && IsNameChar(buf[q])) q++;
        if (q + 1 >= buf.Length) return false;
        type = buf.Slice(nameStart, q - nameStart);
        if (buf[q] == '/' && buf[q + 1] == '>')
        {
            textStart = p = q + 2;
        }
        else if (buf[q] == '>')
        {
            p = q + 1;
            int j = IndexOfTextSpecial(buf.Slice(p));
            if (j < 0) return false;
            int close = p + j, closeEnd = close + 2 + type.Length;
            if (closeEnd >= buf.Length || buf[close] != '<' || buf[close + 1] != '/' || buf[closeEnd] != '>'
                || !buf.Slice(close + 2, type.Length).SequenceEqual(type))
                return false;
            text = buf.Slice(p, j);
            textStart = p;
            p = closeEnd + 1;
        }
        else return false;
        p = Ws(buf, p);
        if (!buf.Slice(p).StartsWith("</value>"u8)) return false;
        end = p + 8;
        return true;
    }

    /// <summary>Skips whitespace-only text; returns with the next non-whitespace token current.</summary>
    public void ReadSkippingWhitespace()
    {
        Read();
        while (Kind == XmlTokenKind.Text && IsWhitespaceText()) Read();
    }

    public readonly OcfFormatException UnexpectedHere()
    {
        return Kind switch
        {
            XmlTokenKind.StartElement => Error(TokenStart, $"unexpected element <{Display(Name)}> here"),
            XmlTokenKind.EndElement => Error(TokenStart, $"unexpected end tag </{Display(Name)}> here"),
            XmlTokenKind.Text => Error(TokenStart, "unexpected text where an element is expected"),
            _ => Error(TokenStart, "unexpected end of document"),
        };
    }

    public readonly OcfFormatException Error(int offset, string problem, Exception? inner = null) => LimitError(offset, problem, null, inner);

    /// <summary>An error for a document that exceeds one of the <see cref="OcfDecoderLimits"/> (named by <paramref name="limit"/>).</summary>
    public readonly OcfFormatException LimitError(int offset, string problem, string? limit, Exception? inner = null)
    {
        offset = Math.Clamp(offset, 0, _buf.Length);
        var before = _buf[..offset];
        // XML 1.0 §2.11: CRLF, a lone CR and LF each end a line. Errors only: this runs once per refused document.
        int line = 1, lineStart = 0;
        for (int i = 0; i < before.Length; i++)
        {
            byte b = before[i];
            if (b == '\n' || b == '\r' && (i + 1 >= _buf.Length || _buf[i + 1] != '\n')) { line++; lineStart = i + 1; }
        }
        int column = 1;
        for (int i = lineStart; i < offset; i++) if ((before[i] & 0xC0) != 0x80) column++;
        return new OcfFormatException(_codec, problem, line, column, offset, limit, inner);
    }

    public static string Display(ReadOnlySpan<byte> name) =>
        name.Length > 64 ? System.Text.Encoding.UTF8.GetString(name[..64]) + "…" : System.Text.Encoding.UTF8.GetString(name);

    public readonly void CheckStringLength(int length, int offset)
    {
        if (length > _limits.MaxStringLength)
            throw LimitError(offset, $"a string is longer than the limit of {_limits.MaxStringLength} characters", OcfDecoderLimits.Names.MaxStringLength);
    }

    // ---- tokenizing ----

    private readonly bool Peek(ReadOnlySpan<byte> s) => _buf[_pos..].StartsWith(s);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsXmlSpace(byte b) => b == ' ' || b == '\n' || b == '\t' || b == '\r';

    private static bool IsNameStart(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a' || b == '_' || b == ':' || b >= 0x80;
    private static bool IsNameChar(byte b) => IsNameStart(b) || (uint)(b - '0') <= 9 || b == '-' || b == '.';

    /// <summary>"&lt;?xml" followed by whitespace or "?": the declaration, not a PI whose name merely starts so (xml-stylesheet).</summary>
    private readonly bool IsXmlDeclarationAt(int pos) =>
        _buf[pos..].StartsWith("<?xml"u8) && _buf.Length > pos + 5 && (IsXmlSpace(_buf[pos + 5]) || _buf[pos + 5] == '?');

    /// <summary>
    /// XMLDecl of XML 1.0 (§2.8, §4.3.3), limited to what the codecs read: <c>"&lt;?xml" S "version" Eq ("1.0")
    /// [S "encoding" Eq ("UTF-8", any case)] [S "standalone" Eq ("yes"|"no")] S? "?&gt;"</c>, values in ' or ".
    /// </summary>
    private void ReadXmlDeclaration()
    {
        if (!IsXmlDeclarationAt(_pos)) return;
        int declStart = _pos;
        int end = _buf[_pos..].IndexOf("?>"u8);
        if (end < 0) throw Error(_pos, "the XML declaration is not closed");
        end += _pos;
        int p = _pos + 5;
        if (!PseudoAttribute(ref p, end, "version"u8, out int vStart, out int vLength))
            throw Error(p, "the XML declaration must begin with version=\"1.0\"");
        if (!_buf.Slice(vStart, vLength).SequenceEqual("1.0"u8))
            throw Error(vStart, $"XML version '{Display(_buf.Slice(vStart, vLength))}' is not supported; only 1.0 is");
        if (PseudoAttribute(ref p, end, "encoding"u8, out int eStart, out int eLength))
        {
            var name = _buf.Slice(eStart, eLength);
            if (!Ascii.EqualsIgnoreCase(name, "UTF-8"u8))
                throw Error(declStart, $"the declared encoding '{Display(name)}' is not supported; only UTF-8 is accepted");
        }
        if (PseudoAttribute(ref p, end, "standalone"u8, out int sStart, out int sLength))
        {
            var value = _buf.Slice(sStart, sLength);
            if (!value.SequenceEqual("yes"u8) && !value.SequenceEqual("no"u8))
                throw Error(sStart, "standalone must be \"yes\" or \"no\"");
        }
        while (p < end && IsXmlSpace(_buf[p])) p++;
        if (p != end) throw Error(p, "unexpected content in the XML declaration (only version, encoding and standalone, in that order)");
        _pos = end + 2;
    }

    /// <summary>Reads <c>S name Eq quoted-value</c> at <paramref name="p"/> if that name comes next; the value may not contain the quote.</summary>
    private readonly bool PseudoAttribute(ref int p, int end, ReadOnlySpan<byte> name, out int valueStart, out int valueLength)
    {
        valueStart = valueLength = 0;
        int q = p;
        while (q < end && IsXmlSpace(_buf[q])) q++;
        if (q == p || !_buf[q..end].StartsWith(name)) return false;
        q += name.Length;
        while (q < end && IsXmlSpace(_buf[q])) q++;
        if (q >= end || _buf[q] != '=') throw Error(q, $"expected '=' after '{Display(name)}' in the XML declaration");
        q++;
        while (q < end && IsXmlSpace(_buf[q])) q++;
        if (q >= end || _buf[q] != '"' && _buf[q] != '\'') throw Error(q, $"expected a quoted value for '{Display(name)}' in the XML declaration");
        byte quote = _buf[q];
        int close = _buf[(q + 1)..end].IndexOf(quote);
        if (close < 0) throw Error(q, $"the value of '{Display(name)}' in the XML declaration is not closed");
        valueStart = q + 1;
        valueLength = close;
        p = q + 1 + close + 1;
        return true;
    }

    private void SkipMisc()
    {
        while (_pos < _buf.Length)
        {
            byte b = _buf[_pos];
            if (IsXmlSpace(b)) { _pos++; continue; }
            if (b == '<' && Peek("<!--"u8)) { SkipComment(); continue; }
            if (b == '<' && IsXmlDeclarationAt(_pos)) throw Error(_pos, "the XML declaration is only allowed at the very start");
            return;
        }
    }

    private void SkipComment()
    {
        var content = _buf[(_pos + 4)..];
        int end = content.IndexOf("-->"u8);
        if (end < 0) throw Error(_pos, "a comment is not closed (missing -->)");
        // XML 1.0 §2.5: no "--" inside a comment (so none may end in "--->"), and only characters XML allows.
        if (content[..(end + 1)].IndexOf("--"u8) >= 0) throw Error(_pos, "'--' is not allowed inside a comment");
        content = content[..end];
        int ctl = content.IndexOfAny(Controls);
        if (ctl >= 0) throw Error(_pos + 4 + ctl, $"the control character U+{content[ctl]:X4} is not allowed in XML");
        if (!System.Text.Unicode.Utf8.IsValid(content))
        {
            int i = 0;
            while (Rune.DecodeFromUtf8(content[i..], out _, out int n) == OperationStatus.Done) i += n;
            throw Error(_pos + 4 + i, "invalid UTF-8 byte sequence");
        }
        int nonChar = content.IndexOf("\uFFFE"u8);
        if (nonChar < 0) nonChar = content.IndexOf("\uFFFF"u8);
        if (nonChar >= 0) throw Error(_pos + 4 + nonChar, $"the character U+{(content[nonChar + 2] == 0xBE ? "FFFE" : "FFFF")} is not allowed in XML");
        _pos += 4 + end + 3;
    }

    private void ReadStartTag()
    {
        TokenStart = _pos;
        _pos++; // '<'
        ReadName(out NameStart, out NameLength, "an element name");
        _attrCount = 0;
        if ((uint)_pos < (uint)_buf.Length && _buf[_pos] == '>') { _pos++; IsEmptyElement = false; } // no attributes, the usual case
        else
        while (true)
        {
            int ws = _pos;
            while (_pos < _buf.Length && IsXmlSpace(_buf[_pos])) _pos++;
            if (_pos >= _buf.Length) throw Error(TokenStart, $"the start tag <{Display(Name)}> is not closed");
            byte b = _buf[_pos];
            if (b == '>') { _pos++; IsEmptyElement = false; break; }
            if (b == '/')
            {
                if (_pos + 1 >= _buf.Length || _buf[_pos + 1] != '>') throw Error(_pos, "expected '>' after '/'");
                _pos += 2;
                IsEmptyElement = true;
                break;
            }
            if (ws == _pos) throw Error(_pos, "expected whitespace before an attribute");
            ReadAttribute();
        }
        if (++_elements > _limits.MaxElements)
            throw LimitError(TokenStart, $"the document has more than the limit of {_limits.MaxElements} elements", OcfDecoderLimits.Names.MaxElements);
        if (_depth >= _maxElementDepth)
            throw LimitError(TokenStart, $"elements are nested deeper than the limit ({_limits.MaxDepth} values)", OcfDecoderLimits.Names.MaxDepth);
        var stack = Stack;
        if (stack.Length < (_depth + 1) * 2)
        {
            var grown = new int[stack.Length * 2];
            stack.CopyTo(grown);
            _stackHeap = grown;
            stack = grown;
        }
        stack[_depth * 2] = NameStart;
        stack[_depth * 2 + 1] = NameLength;
        _depth++;
        _pendingEmptyEnd = IsEmptyElement;
        Kind = XmlTokenKind.StartElement;
    }

    private void ReadName(out int start, out int length, string what)
    {
        var buf = _buf;
        int pos = _pos;
        start = pos;
        if ((uint)pos >= (uint)buf.Length || !IsNameStart(buf[pos])) throw Error(pos, $"expected {what}");
        pos++;
        while ((uint)pos < (uint)buf.Length && IsNameChar(buf[pos])) pos++; // locals, not fields
        _pos = pos;
        length = pos - start;
    }

    private void ReadAttribute()
    {
        ReadName(out int nameStart, out int nameLength, "an attribute name");
        var buf = _buf; // locals, not fields, so the position stays in a register
        int pos = _pos;
        while (pos < buf.Length && IsXmlSpace(buf[pos])) pos++;
        if (pos >= buf.Length || buf[pos] != '=') throw Error(pos, $"expected '=' after the attribute name '{Display(buf.Slice(nameStart, nameLength))}'");
        pos++;
        while (pos < buf.Length && IsXmlSpace(buf[pos])) pos++;
        if (pos >= buf.Length || buf[pos] != '"' && buf[pos] != '\'') throw Error(pos, "expected a quoted attribute value");
        byte quote = buf[pos++];
        int valueStart = pos;
        bool decode = false;
        while (true)
        {
            int i = buf[pos..].IndexOfAny(AttrSpecials);
            if (i < 0) throw Error(valueStart - 1, "an attribute value is not closed");
            pos += i;
            byte b = buf[pos];
            if (b == quote) break;
            if (b == '<') throw Error(pos, "'<' is not allowed in an attribute value");
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') throw Error(pos, $"the control character U+{b:X4} is not allowed in XML");
            if (b != '"' && b != '\'') decode = true;
            pos++;
        }
        int valueLength = pos - valueStart;
        _pos = pos + 1;
        // The codecs use at most two attributes; the cap keeps the pairwise duplicate check below cheap on hostile input.
        int count = _attrCount;
        if (count >= MaxAttributes) throw Error(TokenStart, $"the element <{Display(Name)}> has more than {MaxAttributes} attributes");
        var attrs = Attrs;
        var name = buf.Slice(nameStart, nameLength);
        for (int a = 0; a < count; a++)
            if (buf.Slice(attrs[a * 5], attrs[a * 5 + 1]).SequenceEqual(name))
                throw Error(nameStart, $"the attribute '{Display(name)}' appears twice");
        if (attrs.Length < (count + 1) * 5)
        {
            var grown = new int[attrs.Length * 2];
            attrs.CopyTo(grown);
            _attrsHeap = grown;
            attrs = grown;
        }
        int o = count * 5;
        attrs[o] = nameStart;
        attrs[o + 1] = nameLength;
        attrs[o + 2] = valueStart;
        attrs[o + 3] = valueLength;
        attrs[o + 4] = decode ? 1 : 0;
        _attrCount = count + 1;
    }

    private void ReadEndTag()
    {
        TokenStart = _pos;
        // fast path, the end tag names the open element and closes at once
        {
            var (openStart, openLength) = OpenElement();
            int p = _pos + 2, close = p + openLength;
            var buf = _buf;
            if ((uint)close < (uint)buf.Length && buf[close] == '>' && buf.Slice(p, openLength).SequenceEqual(buf.Slice(openStart, openLength)))
            {
                NameStart = p;
                NameLength = openLength;
                _pos = close + 1;
                _depth--;
                _attrCount = 0;
                Kind = XmlTokenKind.EndElement;
                return;
            }
        }
        _pos += 2;
        ReadName(out NameStart, out NameLength, "an element name in the end tag");
        while (_pos < _buf.Length && IsXmlSpace(_buf[_pos])) _pos++;
        if (_pos >= _buf.Length || _buf[_pos] != '>') throw Error(_pos, $"the end tag </{Display(Name)}> is not closed");
        _pos++;
        var (openStart2, openLength2) = OpenElement();
        var open = _buf.Slice(openStart2, openLength2);
        if (!open.SequenceEqual(Name))
            throw Error(TokenStart, $"the end tag </{Display(Name)}> does not match the open element <{Display(open)}>");
        _depth--;
        _attrCount = 0;
        Kind = XmlTokenKind.EndElement;
    }

    private void ReadText()
    {
        TextStart = _pos;
        TextNeedsDecode = false;
        while (true)
        {
            int i = _buf[_pos..].IndexOfAny(TextSpecials);
            if (i < 0) { _pos = _buf.Length; throw UnclosedAtEnd(); }
            _pos += i;
            byte b = _buf[_pos];
            if (b == '<')
            {
                if (!Peek("<![CDATA["u8)) break;
                int end = _buf[(_pos + 9)..].IndexOf("]]>"u8);
                if (end < 0) throw Error(_pos, "a CDATA section is not closed (missing ]]>)");
                TextNeedsDecode = true;
                _pos += 9 + end + 3;
                continue;
            }
            if (b == '&' || b == '\r') { TextNeedsDecode = true; _pos++; continue; }
            if (b == ']')
            {
                if (_buf[_pos..].StartsWith("]]>"u8)) throw Error(_pos, "']]>' is not allowed in character data (write ']]&gt;')");
                _pos++;
                continue;
            }
            throw Error(_pos, $"the control character U+{b:X4} is not allowed in XML");
        }
        TextEnd = _pos;
        Kind = XmlTokenKind.Text;
    }

    private readonly OcfFormatException UnclosedAtEnd()
    {
        var (openStart, openLength) = OpenElement();
        var open = _buf.Slice(openStart, openLength);
        return Error(_buf.Length, $"unexpected end of document: <{Display(open)}> is not closed");
    }

    // ---- decoding text to strings ----

    private readonly string DecodeRange(int start, int end, bool needsDecode, bool attribute)
    {
        var raw = _buf[start..end];
        // A UTF-16 character takes at most 3 UTF-8 bytes, so longer UTF-8 is over the limit before it is turned into a string.
        // Only the decoded bytes can be judged so: references and CDATA markup are longer than the characters they stand for.
        if (!needsDecode)
        {
            if (raw.Length > (long)_limits.MaxStringLength * 3) CheckStringLength(int.MaxValue, start);
            return ToStringChecked(raw, start);
        }
        byte[] rented = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            int n = Unescape(raw, start, rented, attribute);
            if (n > (long)_limits.MaxStringLength * 3) CheckStringLength(int.MaxValue, start);
            return ToStringChecked(rented.AsSpan(0, n), start);
        }
        finally { ArrayPool<byte>.Shared.Return(rented); }
    }

    private readonly string ToStringChecked(ReadOnlySpan<byte> utf8, int offset)
    {
        // ASCII needs neither UTF-8 validation nor the U+FFFE/U+FFFF scan
        if (utf8.Length <= _limits.MaxStringLength && Ascii.IsValid(utf8))
            return System.Text.Encoding.ASCII.GetString(utf8);
        string s;
        try { s = StrictUtf8.GetString(utf8); }
        catch (DecoderFallbackException e) { throw Error(offset + Math.Max(0, e.Index), "invalid UTF-8 byte sequence", e); }
        CheckStringLength(s.Length, offset);
        int bad = s.AsSpan().IndexOfAny('\uFFFE', '\uFFFF');
        if (bad >= 0) throw Error(offset, $"the character U+{(int)s[bad]:X4} is not allowed in XML");
        return s;
    }

    /// <summary>Resolves references, CDATA and CR/CRLF into <paramref name="dest"/> (never longer than the source).</summary>
    private readonly int Unescape(ReadOnlySpan<byte> src, int offset, Span<byte> dest, bool attribute)
    {
        int o = 0;
        for (int i = 0; i < src.Length;)
        {
            byte b = src[i];
            if (b == '&')
            {
                // A reference runs over name characters (and '#') up to ';': any length, so "&#0000000065;" (leading zeros
                // are allowed by XML) is read whole; the value, not the length, is what is bounded (below).
                int semi = 1;
                while (i + semi < src.Length && (IsNameChar(src[i + semi]) || src[i + semi] == '#')) semi++;
                if (i + semi >= src.Length || src[i + semi] != ';') throw Error(offset + i, "'&' must start an entity or character reference ending with ';'");
                var entity = src.Slice(i + 1, semi - 1);
                o += WriteEntity(entity, offset + i, dest[o..]);
                i += semi + 1;
            }
            else if (b == '\r')
            {
                dest[o++] = attribute ? (byte)' ' : (byte)'\n';
                i += i + 1 < src.Length && src[i + 1] == '\n' ? 2 : 1;
            }
            else if (attribute && (b == '\n' || b == '\t'))
            {
                dest[o++] = (byte)' '; // attribute-value normalisation (XML 1.0 §3.3.3)
                i++;
            }
            else if (b == '<' && src[i..].StartsWith("<![CDATA["u8))
            {
                int end = src[(i + 9)..].IndexOf("]]>"u8);
                var data = src.Slice(i + 9, end);
                int ctl = data.IndexOfAnyInRange((byte)0, (byte)0x1F);
                while (ctl >= 0)
                {
                    byte c = data[ctl];
                    if (c != '\t' && c != '\n' && c != '\r') throw Error(offset + i + 9 + ctl, $"the control character U+{c:X4} is not allowed in XML");
                    int next = data[(ctl + 1)..].IndexOfAnyInRange((byte)0, (byte)0x1F);
                    ctl = next < 0 ? -1 : ctl + 1 + next;
                }
                for (int k = 0; k < data.Length; k++)
                {
                    if (data[k] == '\r') { dest[o++] = (byte)'\n'; if (k + 1 < data.Length && data[k + 1] == '\n') k++; }
                    else dest[o++] = data[k];
                }
                i += 9 + end + 3;
            }
            else
            {
                dest[o++] = b;
                i++;
            }
        }
        return o;
    }

    private readonly int WriteEntity(ReadOnlySpan<byte> name, int offset, Span<byte> dest)
    {
        if (name.SequenceEqual("lt"u8)) { dest[0] = (byte)'<'; return 1; }
        if (name.SequenceEqual("gt"u8)) { dest[0] = (byte)'>'; return 1; }
        if (name.SequenceEqual("amp"u8)) { dest[0] = (byte)'&'; return 1; }
        if (name.SequenceEqual("quot"u8)) { dest[0] = (byte)'"'; return 1; }
        if (name.SequenceEqual("apos"u8)) { dest[0] = (byte)'\''; return 1; }
        if (name.Length >= 2 && name[0] == '#')
        {
            bool hex = name[1] == 'x';
            var digits = name[(hex ? 2 : 1)..];
            uint cp = 0;
            bool ok = digits.Length > 0;
            foreach (byte d in digits)
            {
                uint v = (uint)(d - '0') <= 9 ? (uint)(d - '0') : hex && (uint)((d | 0x20) - 'a') <= 5 ? (uint)((d | 0x20) - 'a' + 10) : uint.MaxValue;
                if (v == uint.MaxValue) { ok = false; break; }
                cp = cp * (hex ? 16u : 10u) + v;
                if (cp > 0x10FFFF) { cp = uint.MaxValue; break; } // beyond Unicode however many digits follow: refused below
            }
            if (!ok) throw Error(offset, $"malformed character reference '&{Display(name)};'");
            if (!IsXmlChar(cp)) throw Error(offset, $"the character reference '&{Display(name)};' (U+{cp:X4}) is not a character XML allows");
            // A reference is never shorter than its UTF-8 form (&#N; is at least 4 bytes, UTF-8 at most 4).
            return new Rune(cp).EncodeToUtf8(dest);
        }
        throw Error(offset, $"undefined entity '&{Display(name)};' (only &lt; &gt; &amp; &quot; &apos; and character references are allowed)");
    }

    public static bool IsXmlChar(uint cp) =>
        cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000 && cp <= 0x10FFFF;
}
