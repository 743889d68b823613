using System.Buffers;
using System.Globalization;
using System.Text;

namespace Ocf.Encoding.Xml;

/// <summary>
/// Writes UTF-8 XML straight into an <see cref="IBufferWriter{T}"/>. It refuses, with <see cref="OcfEncodeException"/>,
/// any character XML 1.0 cannot carry (C0 controls other than tab/newline/CR, unpaired surrogates, U+FFFE/U+FFFF),
/// so an encoder built on it never produces a document that a conforming parser would reject.
/// </summary>
internal sealed class Utf8XmlWriter(IBufferWriter<byte> output, string codec, bool indent)
{
    // Characters that send a string down the slow path: markup, CR (kept by reference), forbidden controls, surrogates, non-characters.
    private static readonly SearchValues<char> TextSpecials = SearchValues.Create(BuildSpecials(attribute: false));
    private static readonly SearchValues<char> AttrSpecials = SearchValues.Create(BuildSpecials(attribute: true));

    private static string BuildSpecials(bool attribute)
    {
        var sb = new StringBuilder("<>&\r\uFFFE\uFFFF");
        for (char c = '\0'; c < ' '; c++) if (c != '\t' && c != '\n' && c != '\r') sb.Append(c);
        for (char c = '\uD800'; c <= '\uDFFF'; c++) sb.Append(c);
        if (attribute) sb.Append("\"\t\n");
        return sb.ToString();
    }

    public string Codec => codec;

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        var span = output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        output.Advance(bytes.Length);
    }

    /// <summary>A line break and indentation, only when indenting.</summary>
    public void Newline(int depth)
    {
        if (!indent) return;
        int n = 1 + depth * 2;
        var span = output.GetSpan(n);
        span[0] = (byte)'\n';
        span[1..n].Fill((byte)' ');
        output.Advance(n);
    }

    public void Integer(long value)
    {
        var span = output.GetSpan(20);
        value.TryFormat(span, out int n, default, CultureInfo.InvariantCulture);
        output.Advance(n);
    }

    /// <summary>A number or date formatted straight into the output (ASCII formats only, e.g. "R", "o").</summary>
    public void Formatted<T>(T value, string format) where T : IUtf8SpanFormattable
    {
        var span = output.GetSpan(64);
        if (!value.TryFormat(span, out int n, format, CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"'{value}' does not fit in 64 bytes as '{format}'");
        output.Advance(n);
    }

    public void Ascii(string text)
    {
        var span = output.GetSpan(text.Length);
        int n = System.Text.Encoding.ASCII.GetBytes(text, span);
        output.Advance(n);
    }

    public void Base64(ReadOnlySpan<byte> data)
    {
        int n = System.Buffers.Text.Base64.GetMaxEncodedToUtf8Length(data.Length);
        var span = output.GetSpan(n);
        System.Buffers.Text.Base64.EncodeToUtf8(data, span, out _, out int written);
        output.Advance(written);
    }

    public void Text(string s, string path) => Escaped(s, TextSpecials, attribute: false, path);

    public void Attribute(string s, string path) => Escaped(s, AttrSpecials, attribute: true, path);

    private void Escaped(string s, SearchValues<char> specials, bool attribute, string path)
    {
        int first = s.AsSpan().IndexOfAny(specials);
        if (first < 0)
        {
            var span = output.GetSpan(s.Length * 3);
            int n = System.Text.Encoding.UTF8.GetBytes(s, span);
            output.Advance(n);
            return;
        }
        if (first > 0)
        {
            var span = output.GetSpan(first * 3);
            output.Advance(System.Text.Encoding.UTF8.GetBytes(s.AsSpan(0, first), span));
        }
        for (int i = first; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '<': Raw("&lt;"u8); continue;
                case '>': Raw("&gt;"u8); continue;
                case '&': Raw("&amp;"u8); continue;
                case '\r': Raw("&#13;"u8); continue;
                case '"' when attribute: Raw("&quot;"u8); continue;
                case '\t' when attribute: Raw("&#9;"u8); continue;
                case '\n' when attribute: Raw("&#10;"u8); continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                var span = output.GetSpan(4);
                output.Advance(new Rune(c, s[i + 1]).EncodeToUtf8(span));
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
                throw new OcfEncodeException(codec, path, $"the string has an unpaired surrogate U+{(int)c:X4} at index {i}; XML cannot carry it");
            if (c < ' ' && c != '\t' && c != '\n' || c == '\uFFFE' || c == '\uFFFF')
                throw new OcfEncodeException(codec, path, $"the string has the character U+{(int)c:X4} at index {i}, which XML 1.0 cannot carry (send it as binary)");
            var one = output.GetSpan(3);
            output.Advance(new Rune(c).EncodeToUtf8(one));
        }
    }
}
