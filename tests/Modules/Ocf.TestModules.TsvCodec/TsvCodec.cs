using System.Buffers;
using System.Globalization;
using System.Text;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Plugins;
using Ocf.TestModules.TsvCodec;

[assembly: OcfModule("Ocf.TestModules.TsvCodec", Description = "Test module: a third-party codec (flat maps as tab-separated lines).")]
[assembly: OcfExport(OcfPluginTypes.Encoding, TsvCodec.CodecName, typeof(TsvCodec), ApiVersion = "1.0", Aliases = [TsvCodec.CodecAlias],
    Description = "Test codec: a '#test-tsv' line, then one name<TAB>value line per entry of a flat map.")]

namespace Ocf.TestModules.TsvCodec;

/// <summary>A flat map as "#test-tsv" followed by name&lt;TAB&gt;value lines; values read back as strings.</summary>
public sealed class TsvCodec : IOcfCodec
{
    public const string CodecName = "test-tsv";
    public const string CodecAlias = "TestTsv";
    private const string Header = "#test-tsv";

    public string Name => CodecName;
    public IReadOnlyList<string> Aliases { get; } = new[] { CodecAlias };
    public string Description => "Test codec: flat maps as tab-separated lines.";
    public string ContentType => "text/x-test-tsv";

    public void Encode(OcfValue value, IBufferWriter<byte> output, OcfEncoderOptions? options = null)
    {
        if (value is not OcfMap map) throw new OcfEncodeException(CodecName, "$", $"test-tsv carries a flat map, not a {value.Kind}");
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var (key, item) in map)
        {
            string text = item switch
            {
                OcfString s => s.Value,
                OcfInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
                OcfBoolean b => b.Value ? "true" : "false",
                _ => throw new OcfEncodeException(CodecName, OcfValueConverter.ChildPath("$", key), $"test-tsv carries strings, integers and booleans only, not a {item.Kind}"),
            };
            if ((key + text).IndexOfAny(['\t', '\n', '\r']) >= 0)
                throw new OcfEncodeException(CodecName, OcfValueConverter.ChildPath("$", key), "a name or value holds a tab or line break");
            sb.Append(key).Append('\t').Append(text).Append('\n');
        }
        output.Write(System.Text.Encoding.UTF8.GetBytes(sb.ToString()));
    }

    public OcfValue Decode(ReadOnlySpan<byte> utf8, OcfDecoderLimits? limits = null)
    {
        var lines = System.Text.Encoding.UTF8.GetString(utf8).Split('\n');
        int count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        if (count == 0 || lines[0] != Header) throw new OcfFormatException(CodecName, $"a test-tsv document starts with a line '{Header}'", 1, 1, 0);
        var entries = new List<KeyValuePair<string, OcfValue>>();
        for (int i = 1; i < count; i++)
        {
            int tab = lines[i].IndexOf('\t');
            if (tab <= 0) throw new OcfFormatException(CodecName, "a line is not name<TAB>value", i + 1, 1, 0);
            entries.Add(new(lines[i][..tab], new OcfString(lines[i][(tab + 1)..])));
        }
        return new OcfMap(entries);
    }

    public bool CanDecode(ReadOnlySpan<byte> prefix) => prefix.StartsWith("#test-tsv\n"u8);
}
