using System.Text;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;
using Xunit;

namespace Ocf.Tests.Encoding;

/// <summary>Shared helpers for the codec tests: strict UTF-8, decoding through either codec, and error assertions.</summary>
internal static class CodecTestKit
{
    public static readonly UTF8Encoding Utf8 = new(false, true);
    public static OcfXmlCodec OcfXml => OcfXmlCodec.Instance;
    public static XmlRpcCodec XmlRpc => XmlRpcCodec.Instance;

    public static byte[] Bytes(string s) => Utf8.GetBytes(s);

    /// <summary>Decodes with ocf-xml, or with XML-RPC's message API returning the single parameter of a params document.</summary>
    public static OcfValue DecodeWith(string codec, ReadOnlySpan<byte> doc, OcfDecoderLimits? limits = null) => codec switch
    {
        OcfXmlCodec.CodecName => OcfXml.Decode(doc, limits),
        XmlRpcCodec.CodecName => SingleParam(XmlRpc.DecodeMessage(doc, limits)),
        _ => throw new ArgumentOutOfRangeException(nameof(codec)),
    };

    public static OcfValue SingleParam(XmlRpcMessage message)
    {
        var p = Assert.IsType<XmlRpcParams>(message);
        return Assert.Single(p.Params);
    }

    /// <summary>Runs the decoder on a document that must be refused, and checks the reported position and message.</summary>
    public static OcfFormatException AssertRefused(string codec, byte[] doc, int? line = null, int? column = null, string? messagePart = null,
        OcfDecoderLimits? limits = null)
    {
        var ex = Assert.Throws<OcfFormatException>(() => DecodeWith(codec, doc, limits));
        Assert.Equal(codec, ex.Codec);
        if (line is not null) Assert.True(line == ex.Line, $"expected line {line}, got {ex.Line}: {ex.Message}");
        if (column is not null) Assert.True(column == ex.Column, $"expected column {column}, got {ex.Column}: {ex.Message}");
        if (messagePart is not null) Assert.Contains(messagePart, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(ex.ByteOffset, 0, doc.Length);
        Assert.True(ex.Line >= 1 && ex.Column >= 1, ex.Message);
        // The line/column must agree with the byte offset the exception reports.
        var (l, c) = LineColumnOf(doc, (int)ex.ByteOffset);
        Assert.True(l == ex.Line && c == ex.Column, $"byte offset {ex.ByteOffset} is line {l} column {c}, but the exception says {ex.Line}:{ex.Column}");
        return ex;
    }

    public static OcfFormatException AssertRefused(string codec, string doc, int? line = null, int? column = null, string? messagePart = null,
        OcfDecoderLimits? limits = null) => AssertRefused(codec, Bytes(doc), line, column, messagePart, limits);

    /// <summary>1-based line and column (in characters) of a byte offset, computed independently of the scanner.</summary>
    public static (int Line, int Column) LineColumnOf(byte[] doc, int offset)
    {
        int line = 1, column = 1;
        for (int i = 0; i < offset && i < doc.Length; i++)
        {
            // LF, CRLF (counted at its LF) and a lone CR end a line (XML 1.0 §2.11).
            if (doc[i] == (byte)'\n' || doc[i] == (byte)'\r' && (i + 1 >= doc.Length || doc[i + 1] != (byte)'\n')) { line++; column = 1; }
            else if (doc[i] == (byte)'\r') { }
            else if ((doc[i] & 0xC0) != 0x80) column++;
        }
        return (line, column);
    }

    /// <summary>Encodes and decodes through one codec (XML-RPC as a one-parameter params document).</summary>
    public static OcfValue RoundTrip(string codec, OcfValue value, bool indent)
    {
        var options = indent ? OcfEncoderOptions.Indented : OcfEncoderOptions.Default;
        byte[] bytes = codec == OcfXmlCodec.CodecName ? OcfXml.EncodeToBytes(value, options) : XmlRpc.EncodeToBytes(value, options);
        return DecodeWith(codec, bytes);
    }

    public static string Text(this IOcfCodec codec, OcfValue value, bool indent = false) =>
        codec.EncodeToString(value, indent ? OcfEncoderOptions.Indented : OcfEncoderOptions.Default);

    public static OcfMap Map(params (string Key, OcfValue Value)[] entries) =>
        new(entries.Select(e => new KeyValuePair<string, OcfValue>(e.Key, e.Value)));

    public static OcfList List(params OcfValue[] items) => new(items);

    public static OcfValue Bin(params byte[] bytes) => new OcfBinary(bytes);

    /// <summary>Shows a value with its kinds (ToString() hides the difference between "1" and 1) for assertion messages.</summary>
    public static string Describe(OcfValue v) => v switch
    {
        OcfList l => "[" + string.Join(", ", l.Select(Describe)) + "]",
        OcfMap m => "{" + string.Join(", ", m.Select(e => Escape(e.Key) + ": " + Describe(e.Value))) + "}",
        OcfString s => "str " + Escape(s.Value),
        OcfDateTime t => $"datetime {t.Value:o} ({t.Value.Kind})",
        OcfDouble d => $"double {d.Value:R} (bits {BitConverter.DoubleToInt64Bits(d.Value):X})",
        _ => $"{v.Kind} {v}",
    };

    public static string Escape(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            if (c < 0x20 || c > 0x7E) sb.Append($"\\u{(int)c:X4}");
            else sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    public static void AssertValueEqual(OcfValue expected, OcfValue actual, string? context = null)
    {
        if (!expected.Equals(actual))
            Assert.Fail($"{context}{(context is null ? "" : ": ")}values differ\nexpected: {Describe(expected)}\nactual:   {Describe(actual)}");
        Assert.Equal(expected.GetHashCode(), actual.GetHashCode());
    }
}
