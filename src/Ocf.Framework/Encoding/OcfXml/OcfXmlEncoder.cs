using System.Buffers;
using Ocf.Data;
using Ocf.Encoding.Xml;

namespace Ocf.Encoding.OcfXml;

/// <summary>
/// Writes the forms of docs/ocf-xml.md. The path of a value ("$.nodes[1].name") is built only when something cannot be
/// written: values are written with the path "", and each container that sees an <see cref="OcfEncodeException"/>
/// prepends its own segment on the way out.
/// </summary>
internal static class OcfXmlEncoder
{
    private const string NoPath = "";

    public static void Encode(OcfValue value, IBufferWriter<byte> output, OcfEncoderOptions options)
    {
        var w = new Utf8XmlWriter(output, OcfXmlCodec.CodecName, options.Indent);
        try
        {
            switch (value)
            {
                case OcfList or OcfMap: WriteContainer(w, value, 0, 0, options); break;
                default:
                    w.Raw("<V"u8);
                    WriteScalarItem(w, value, "V"u8);
                    break;
            }
        }
        catch (OcfEncodeException e) { throw Relocate(e, "$"); }
        if (options.Indent) w.Raw("\n"u8);
    }

    private static OcfEncodeException Relocate(OcfEncodeException e, string prefix) => new(e.Codec, prefix + e.Path, e.Problem);

    /// <param name="depth">indentation level</param>
    /// <param name="nesting">containers above this one</param>
    private static void WriteContainer(Utf8XmlWriter w, OcfValue value, int depth, int nesting, OcfEncoderOptions options)
    {
        if (nesting >= options.MaxDepth) throw new OcfEncodeException(w.Codec, NoPath, $"the value is nested deeper than the limit of {options.MaxDepth}");
        if (value is OcfList list)
        {
            if (list.Count == 0) { w.Raw("<L/>"u8); return; }
            w.Raw("<L>"u8);
            for (int i = 0; i < list.Count; i++)
            {
                w.Newline(depth + 1);
                w.Raw("<LI"u8);
                try { WriteItemBody(w, list[i], depth, nesting, options); }
                catch (OcfEncodeException e) { throw Relocate(e, $"[{i}]"); }
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
                w.Newline(depth + 1);
                w.Raw("<LI key=\""u8);
                try
                {
                    w.Attribute(key, NoPath);
                    w.Raw("\""u8);
                    WriteItemBody(w, item, depth, nesting, options);
                }
                catch (OcfEncodeException e) { throw Relocate(e, OcfValueConverter.ChildPath("", key)); }
            }
            w.Newline(depth);
            w.Raw("</AL>"u8);
        }
    }

    /// <summary>Writes the rest of an &lt;LI&gt; whose name (and key) is already written.</summary>
    private static void WriteItemBody(Utf8XmlWriter w, OcfValue item, int depth, int nesting, OcfEncoderOptions options)
    {
        if (item is OcfList or OcfMap)
        {
            w.Raw(">"u8);
            // Nested containers sit on their own lines only when indenting; the whitespace around them is not data.
            w.Newline(depth + 2);
            WriteContainer(w, item, depth + 2, nesting + 1, options);
            w.Newline(depth + 1);
            w.Raw("</LI>"u8);
        }
        else WriteScalarItem(w, item, "LI"u8);
    }

    private static void WriteScalarItem(Utf8XmlWriter w, OcfValue item, ReadOnlySpan<byte> element)
    {
        switch (item)
        {
            case OcfString s:
                if (s.Value.Length == 0) { w.Raw("/>"u8); return; }
                w.Raw(">"u8);
                w.Text(s.Value, NoPath);
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
                if (double.IsFinite(d.Value)) w.Formatted(d.Value, "R"); // the same text as OcfXmlScalars.FormatDouble
                else w.Ascii(OcfXmlScalars.FormatDouble(d.Value));
                break;
            case OcfDateTime t:
                w.Raw(" type=\"datetime\">"u8);
                w.Formatted(OcfXmlScalars.Writable(t.Value), "o"); // OcfXmlScalars.FormatDateTime
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
