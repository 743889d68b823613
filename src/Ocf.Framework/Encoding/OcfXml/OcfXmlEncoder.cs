using System.Buffers;
using Ocf.Data;
using Ocf.Encoding.Xml;

namespace Ocf.Encoding.OcfXml;

internal static class OcfXmlEncoder
{
    public static void Encode(OcfValue value, IBufferWriter<byte> output, OcfEncoderOptions options)
    {
        var w = new Utf8XmlWriter(output, OcfXmlCodec.CodecName, options.Indent);
        switch (value)
        {
            case OcfList or OcfMap: WriteContainer(w, value, 0, 0, "$", options); break;
            default:
                w.Raw("<V"u8);
                WriteScalarItem(w, value, "$", "V"u8);
                break;
        }
        if (options.Indent) w.Raw("\n"u8);
    }

    /// <param name="depth">indentation level</param>
    /// <param name="nesting">containers above this one</param>
    private static void WriteContainer(Utf8XmlWriter w, OcfValue value, int depth, int nesting, string path, OcfEncoderOptions options)
    {
        if (nesting >= options.MaxDepth) throw new OcfEncodeException(w.Codec, path, $"the value is nested deeper than the limit of {options.MaxDepth}");
        if (value is OcfList list)
        {
            if (list.Count == 0) { w.Raw("<L/>"u8); return; }
            w.Raw("<L>"u8);
            for (int i = 0; i < list.Count; i++)
            {
                w.Newline(depth + 1);
                w.Raw("<LI"u8);
                WriteItemBody(w, list[i], depth, nesting, $"{path}[{i}]", options);
            }
            w.Newline(depth);
            w.Raw("</L>"u8);
        }
        else
        {
            var map = (OcfMap)value;
            if (map.Count == 0) { w.Raw("<AL/>"u8); return; }
            w.Raw("<AL>"u8);
            for (int i = 0; i < map.Count; i++)
            {
                var (key, item) = map[i];
                string itemPath = OcfValueConverter.ChildPath(path, key);
                w.Newline(depth + 1);
                w.Raw("<LI key=\""u8);
                w.Attribute(key, itemPath);
                w.Raw("\""u8);
                WriteItemBody(w, item, depth, nesting, itemPath, options);
            }
            w.Newline(depth);
            w.Raw("</AL>"u8);
        }
    }

    /// <summary>Writes the rest of an &lt;LI&gt; whose name (and key) is already written.</summary>
    private static void WriteItemBody(Utf8XmlWriter w, OcfValue item, int depth, int nesting, string path, OcfEncoderOptions options)
    {
        if (item is OcfList or OcfMap)
        {
            w.Raw(">"u8);
            // Nested containers sit on their own lines only when indenting; the whitespace around them is not data.
            w.Newline(depth + 2);
            WriteContainer(w, item, depth + 2, nesting + 1, path, options);
            w.Newline(depth + 1);
            w.Raw("</LI>"u8);
        }
        else WriteScalarItem(w, item, path, "LI"u8);
    }

    private static void WriteScalarItem(Utf8XmlWriter w, OcfValue item, string path, ReadOnlySpan<byte> element)
    {
        switch (item)
        {
            case OcfString s:
                if (s.Value.Length == 0) { w.Raw("/>"u8); return; }
                w.Raw(">"u8);
                w.Text(s.Value, path);
                break;
            case OcfNil:
                w.Raw(" type=\"nil\"/>"u8);
                return;
            case OcfInteger i:
                w.Raw(" type=\"integer\">"u8);
                w.Integer(i.Value);
                break;
            case OcfBoolean b:
                w.Raw(b.Value ? " type=\"boolean\">true"u8 : " type=\"boolean\">false"u8);
                break;
            case OcfDouble d:
                w.Raw(" type=\"double\">"u8);
                w.Ascii(OcfXmlScalars.FormatDouble(d.Value));
                break;
            case OcfDateTime t:
                w.Raw(" type=\"datetime\">"u8);
                w.Ascii(OcfXmlScalars.FormatDateTime(t.Value));
                break;
            case OcfBinary bin:
                w.Raw(" type=\"binary\">"u8);
                w.Base64(bin.Value.Span);
                break;
        }
        w.Raw("</"u8);
        w.Raw(element);
        w.Raw(">"u8);
    }
}
