using System.Buffers;
using System.Globalization;
using System.Text;
using Ocf.Data;
using Ocf.Encoding;

namespace Ocf.Plugins.Encoding.HaMsg;

/// <summary>
/// Heartbeat's ha_msg wire text: a message starts with a line ">>>", holds "name=value" lines and ends with "&lt;&lt;&lt;".
/// Only flat maps fit: a nested list or map, a nil, or a line break inside a name or value is refused with a clear error.
/// Scalars are written as text (booleans true/false, doubles round-trip, datetimes ISO 8601, binary base64) and read
/// back as strings, as heartbeat itself did.
/// </summary>
public sealed class HaMsgCodec : IOcfCodec
{
    public const string CodecName = "ha-msg";
    /// <summary>Also declared on the module's export, so -Encoding HaMsg finds the module before it is loaded.</summary>
    public const string CodecAlias = "HaMsg";
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public string Name => CodecName;
    public IReadOnlyList<string> Aliases { get; } = [CodecAlias];
    public string Description => "Heartbeat ha_msg: >>> / name=value lines / <<< (flat maps only).";
    public string ContentType => "text/x-ha-msg";

    public void Encode(OcfValue value, IBufferWriter<byte> output, OcfEncoderOptions? options = null)
    {
        if (value is not OcfMap map) throw new OcfEncodeException(CodecName, "$", $"ha-msg carries a flat map, not a {value.Kind}");
        var sb = new StringBuilder(">>>\n");
        foreach (var (key, item) in map)
        {
            string path = OcfValueConverter.ChildPath("$", key);
            if (key.Length == 0 || key.IndexOfAny(['=', '\n', '\r']) >= 0)
                throw new OcfEncodeException(CodecName, path, "an ha-msg name must be non-empty and hold no '=' or line break");
            string text = item switch
            {
                OcfString s => s.Value,
                OcfInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
                OcfBoolean b => b.Value ? "true" : "false",
                OcfDouble d => d.Value.ToString("R", CultureInfo.InvariantCulture),
                OcfDateTime t => t.Value.ToString("o", CultureInfo.InvariantCulture),
                OcfBinary bin => Convert.ToBase64String(bin.Value.Span),
                OcfNil => throw new OcfEncodeException(CodecName, path, "ha-msg has no nil value"),
                _ => throw new OcfEncodeException(CodecName, path, $"ha-msg carries flat maps only; '{key}' holds a nested {item.Kind}"),
            };
            if (text.IndexOfAny(['\n', '\r']) >= 0) throw new OcfEncodeException(CodecName, path, "an ha-msg value cannot hold a line break");
            sb.Append(key).Append('=').Append(text).Append('\n');
        }
        sb.Append("<<<\n");
        var bytes = StrictUtf8.GetBytes(sb.ToString());
        output.Write(bytes);
    }

    public OcfValue Decode(ReadOnlySpan<byte> utf8, OcfDecoderLimits? limits = null)
    {
        limits ??= OcfDecoderLimits.Default;
        if (utf8.Length > limits.MaxDocumentBytes) throw Error("the document is larger than the limit", 1);
        string text;
        try { text = StrictUtf8.GetString(utf8); }
        catch (DecoderFallbackException) { throw Error("invalid UTF-8 byte sequence", 1); }
        var lines = text.Replace("\r\n", "\n").Split('\n');
        int count = lines.Length;
        if (count > 0 && lines[^1].Length == 0) count--; // the final newline
        if (count == 0 || lines[0] != ">>>") throw Error("an ha-msg starts with a line '>>>'", 1);
        if (count < 2 || lines[count - 1] != "<<<") throw Error("an ha-msg ends with a line '<<<'", count);
        var entries = new List<KeyValuePair<string, OcfValue>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 1; i < count - 1; i++)
        {
            string line = lines[i];
            int eq = line.IndexOf('=');
            if (eq <= 0) throw Error(eq == 0 ? "a line has an empty name" : "a line is not name=value", i + 1);
            string name = line[..eq];
            if (!seen.Add(name)) throw Error($"the name '{name}' appears twice", i + 1);
            if (line.Length - eq - 1 > limits.MaxStringLength) throw Error("a value is longer than the limit", i + 1, eq + 2);
            entries.Add(new(name, new OcfString(line[(eq + 1)..])));
        }
        return new OcfMap(entries);
    }

    public bool CanDecode(ReadOnlySpan<byte> prefix) => prefix.StartsWith(">>>\n"u8) || prefix.StartsWith(">>>\r\n"u8);

    private static OcfFormatException Error(string problem, int line, int column = 1) => new(CodecName, problem, line, column, 0);
}
