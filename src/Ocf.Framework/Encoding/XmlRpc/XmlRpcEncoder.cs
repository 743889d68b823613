using System.Buffers;
using Ocf.Data;
using Ocf.Encoding.Xml;

namespace Ocf.Encoding.XmlRpc;

/// <summary>
/// Writes XML-RPC as the specification defines it, with the nil and i8 extensions. Strings are always typed
/// (&lt;string&gt;) and integers use &lt;int&gt; when they fit 32 bits, &lt;i8&gt; otherwise. Values XML-RPC cannot
/// carry (NaN, infinities, characters XML forbids) are refused, never written.
/// </summary>
internal static class XmlRpcEncoder
{
    private const string Codec = XmlRpcCodec.CodecName;

    public static void Encode(XmlRpcMessage message, IBufferWriter<byte> output, OcfEncoderOptions options)
    {
        var w = new Utf8XmlWriter(output, Codec, options.Indent);
        switch (message)
        {
            case XmlRpcMethodCall call:
                CheckMethodName(call.MethodName);
                w.Raw("<?xml version=\"1.0\"?>"u8);
                w.Newline(0);
                w.Raw("<methodCall>"u8);
                w.Newline(1);
                w.Raw("<methodName>"u8);
                w.Text(call.MethodName, "methodName");
                w.Raw("</methodName>"u8);
                w.Newline(1);
                WriteParams(w, call.Params, 1, options);
                w.Newline(0);
                w.Raw("</methodCall>"u8);
                break;
            case XmlRpcMethodResponse response:
                w.Raw("<?xml version=\"1.0\"?>"u8);
                w.Newline(0);
                w.Raw("<methodResponse>"u8);
                w.Newline(1);
                WriteParams(w, [response.Value], 1, options);
                w.Newline(0);
                w.Raw("</methodResponse>"u8);
                break;
            case XmlRpcFault fault:
                w.Raw("<?xml version=\"1.0\"?>"u8);
                w.Newline(0);
                w.Raw("<methodResponse>"u8);
                w.Newline(1);
                w.Raw("<fault>"u8);
                w.Newline(2);
                WriteRoot(w, fault.Detail, 2, "fault", options);
                w.Newline(1);
                w.Raw("</fault>"u8);
                w.Newline(0);
                w.Raw("</methodResponse>"u8);
                break;
            case XmlRpcParams p:
                WriteParams(w, p.Params, 0, options);
                break;
            default:
                throw new ArgumentException($"Unknown XML-RPC message type {message.GetType().Name}.", nameof(message));
        }
        if (options.Indent) w.Raw("\n"u8);
    }

    /// <summary>Method names: the specification's characters (ASCII letters, digits, _ . : /); an <see cref="OcfEncodeException"/> otherwise.</summary>
    internal static void CheckMethodName(string name)
    {
        if (name.Length == 0) throw new OcfEncodeException(Codec, "methodName", "the method name is empty");
        foreach (char c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '.' && c != ':' && c != '/')
                throw new OcfEncodeException(Codec, "methodName", $"the method name '{name}' has the character '{c}'; XML-RPC allows ASCII letters, digits, _ . : and /");
    }

    private static void WriteParams(Utf8XmlWriter w, IReadOnlyList<OcfValue> parameters, int depth, OcfEncoderOptions options)
    {
        if (parameters.Count == 0) { w.Raw("<params/>"u8); return; }
        w.Raw("<params>"u8);
        for (int i = 0; i < parameters.Count; i++)
        {
            w.Newline(depth + 1);
            w.Raw("<param>"u8);
            WriteRoot(w, parameters[i], depth + 2, $"params[{i}]", options);
            w.Raw("</param>"u8);
        }
        w.Newline(depth);
        w.Raw("</params>"u8);
    }

    // paths are built only when something cannot be written. WriteValue works with paths relative to the
    // value it was given (""), and each container level that sees an OcfEncodeException prepends its own segment.
    private static void WriteRoot(Utf8XmlWriter w, OcfValue value, int depth, string root, OcfEncoderOptions options)
    {
        try { WriteValue(w, value, depth, 0, options); }
        catch (OcfEncodeException e) { throw Relocate(e, root); }
    }

    private static OcfEncodeException Relocate(OcfEncodeException e, string prefix) => new(e.Codec, prefix + e.Path, e.Problem);

    private static string KeySegment(string key) => OcfValueConverter.ChildPath("", key);

    /// <param name="depth">indentation level</param>
    /// <param name="nesting">containers above this value</param>
    private static void WriteValue(Utf8XmlWriter w, OcfValue value, int depth, int nesting, OcfEncoderOptions options)
    {
        const string path = "";
        w.Raw("<value>"u8);
        switch (value)
        {
            case OcfString s:
                w.Raw("<string>"u8);
                w.Text(s.Value, path);
                w.Raw("</string>"u8);
                break;
            case OcfInteger i when i.Value is >= int.MinValue and <= int.MaxValue:
                w.Raw("<int>"u8);
                w.Integer(i.Value);
                w.Raw("</int>"u8);
                break;
            case OcfInteger i:
                w.Raw("<i8>"u8);
                w.Integer(i.Value);
                w.Raw("</i8>"u8);
                break;
            case OcfBoolean b:
                w.Raw(b.Value ? "<boolean>1</boolean>"u8 : "<boolean>0</boolean>"u8);
                break;
            case OcfDouble d:
                if (!double.IsFinite(d.Value))
                    throw new OcfEncodeException(Codec, path, $"the double {d.Value} cannot be written: XML-RPC has no NaN or infinity");
                w.Raw("<double>"u8);
                w.Ascii(XmlRpcScalars.FormatDouble(d.Value));
                w.Raw("</double>"u8);
                break;
            case OcfDateTime t:
                w.Raw("<dateTime.iso8601>"u8);
                w.Ascii(XmlRpcScalars.FormatDateTime(t.Value));
                w.Raw("</dateTime.iso8601>"u8);
                break;
            case OcfBinary bin:
                w.Raw("<base64>"u8);
                w.Base64(bin.Value.Span);
                w.Raw("</base64>"u8);
                break;
            case OcfNil:
                w.Raw("<nil/>"u8);
                break;
            case OcfList list:
                CheckDepth(nesting, path, options);
                if (list.Count == 0) { w.Raw("<array><data/></array>"u8); break; }
                w.Raw("<array><data>"u8);
                for (int i = 0; i < list.Count; i++)
                {
                    w.Newline(depth + 1);
                    try { WriteValue(w, list[i], depth + 1, nesting + 1, options); }
                    catch (OcfEncodeException e) { throw Relocate(e, $"[{i}]"); }
                }
                w.Newline(depth);
                w.Raw("</data></array>"u8);
                break;
            case OcfMap map:
                CheckDepth(nesting, path, options);
                if (map.Count == 0) { w.Raw("<struct/>"u8); break; }
                w.Raw("<struct>"u8);
                for (int i = 0; i < map.Count; i++)
                {
                    var (key, item) = map[i];
                    w.Newline(depth + 1);
                    w.Raw("<member><name>"u8);
                    try
                    {
                        w.Text(key, path);
                        w.Raw("</name>"u8);
                        WriteValue(w, item, depth + 1, nesting + 1, options);
                    }
                    catch (OcfEncodeException e) { throw Relocate(e, KeySegment(key)); }
                    w.Raw("</member>"u8);
                }
                w.Newline(depth);
                w.Raw("</struct>"u8);
                break;
        }
        w.Raw("</value>"u8);
    }

    private static void CheckDepth(int nesting, string path, OcfEncoderOptions options)
    {
        if (nesting >= options.MaxDepth)
            throw new OcfEncodeException(Codec, path, $"the value is nested deeper than the limit of {options.MaxDepth}");
    }
}
