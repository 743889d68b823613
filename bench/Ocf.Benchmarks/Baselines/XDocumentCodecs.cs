using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Ocf.Data;

namespace Ocf.Benchmarks.Baselines;

/// <summary>
/// LINQ to XML references for both formats. Decode is XDocument.Parse of the UTF-8 document (transcoded to a string,
/// as Parse takes one) plus a walk to the same OcfValue tree; encode builds an XElement tree and saves it through an
/// XmlWriter (UTF-8, no BOM, no indentation) into a reused MemoryStream.
/// </summary>
public static class XDocumentCodecs
{
    private static readonly System.Text.UTF8Encoding Utf8NoBom = new(false);
    private static readonly XmlWriterSettings WriterSettings = new() { Encoding = Utf8NoBom, Indent = false };

    // ---- ocf-xml ----

    public static OcfValue DecodeOcfXml(byte[] utf8)
    {
        var root = XDocument.Parse(Utf8NoBom.GetString(utf8)).Root!;
        return root.Name.LocalName switch
        {
            "L" or "AL" => Container(root),
            "V" => Item(root),
            _ => throw new FormatException($"unknown root <{root.Name}>"),
        };
    }

    private static OcfValue Container(XElement e)
    {
        if (e.Name.LocalName == "L")
        {
            var items = new List<OcfValue>();
            foreach (var li in e.Elements("LI")) items.Add(Item(li));
            return OcfInternals.List(items);
        }
        var entries = new List<KeyValuePair<string, OcfValue>>();
        foreach (var li in e.Elements("LI")) entries.Add(new((string)li.Attribute("key")!, Item(li)));
        return OcfInternals.Map(entries);
    }

    private static OcfValue Item(XElement li)
    {
        string? type = (string?)li.Attribute("type");
        if (type is null or "string")
        {
            var nested = li.FirstNode as XElement; // <L> or <AL>; whitespace-only text is dropped by Parse
            return nested is not null ? Container(nested) : new OcfString(li.Value);
        }
        string text = li.Value;
        return type switch
        {
            "integer" => new OcfInteger(long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
            "double" => new OcfDouble(text switch
            {
                "NaN" => double.NaN,
                "INF" => double.PositiveInfinity,
                "-INF" => double.NegativeInfinity,
                _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
            }),
            "boolean" => OcfValue.From(text == "true"),
            "datetime" => new OcfDateTime(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)),
            "binary" => OcfInternals.Binary(Convert.FromBase64String(text)),
            "nil" => OcfNil.Instance,
            _ => throw new FormatException($"unknown type '{type}'"),
        };
    }

    public static void EncodeOcfXml(OcfValue value, MemoryStream output)
    {
        var root = value is OcfList or OcfMap ? ContainerElement(value) : ItemElement("V", null, value);
        using var w = XmlWriter.Create(output, WriterSettings);
        new XDocument(root).Save(w);
    }

    private static XElement ContainerElement(OcfValue value)
    {
        if (value is OcfList list)
        {
            var e = new XElement("L");
            foreach (var item in list.AsSpan()) e.Add(ItemElement("LI", null, item));
            return e;
        }
        var map = (OcfMap)value;
        var al = new XElement("AL");
        foreach (var (key, item) in map) al.Add(ItemElement("LI", key, item));
        return al;
    }

    private static XElement ItemElement(string name, string? key, OcfValue value)
    {
        var e = new XElement(name);
        if (key is not null) e.SetAttributeValue("key", key);
        switch (value)
        {
            case OcfString s: if (s.Value.Length > 0) e.Value = s.Value; break;
            case OcfList or OcfMap: e.Add(ContainerElement(value)); break;
            case OcfNil: e.SetAttributeValue("type", "nil"); break;
            case OcfInteger i: e.SetAttributeValue("type", "integer"); e.Value = i.Value.ToString(CultureInfo.InvariantCulture); break;
            case OcfBoolean b: e.SetAttributeValue("type", "boolean"); e.Value = b.Value ? "true" : "false"; break;
            case OcfDouble d: e.SetAttributeValue("type", "double"); e.Value = d.Value.ToString("R", CultureInfo.InvariantCulture); break;
            case OcfDateTime t: e.SetAttributeValue("type", "datetime"); e.Value = t.Value.ToString("o", CultureInfo.InvariantCulture); break;
            case OcfBinary bin: e.SetAttributeValue("type", "binary"); e.Value = Convert.ToBase64String(bin.Value.Span); break;
        }
        return e;
    }

    // ---- XML-RPC ----

    public static (string MethodName, List<OcfValue> Params) DecodeXmlRpcCall(byte[] utf8)
    {
        var root = XDocument.Parse(Utf8NoBom.GetString(utf8)).Root!;
        if (root.Name.LocalName != "methodCall") throw new FormatException($"unexpected root <{root.Name}>");
        string name = root.Element("methodName")!.Value.Trim();
        var parameters = new List<OcfValue>();
        var ps = root.Element("params");
        if (ps is not null)
            foreach (var p in ps.Elements("param")) parameters.Add(RpcValue(p.Element("value")!));
        return (name, parameters);
    }

    private static OcfValue RpcValue(XElement value)
    {
        // XDocument.Parse drops whitespace-only text, so a typed value's element is the first node.
        var typed = value.FirstNode as XElement;
        if (typed is null) return new OcfString(value.Value);
        switch (typed.Name.LocalName)
        {
            case "string": return new OcfString(typed.Value);
            case "int" or "i4" or "i8": return new OcfInteger(long.Parse(typed.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
            case "boolean": return OcfValue.From(typed.Value.Trim() == "1");
            case "double": return new OcfDouble(double.Parse(typed.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture));
            case "dateTime.iso8601":
                return new OcfDateTime(DateTime.ParseExact(typed.Value.Trim(), "yyyyMMdd'T'HH':'mm':'ss", CultureInfo.InvariantCulture));
            case "base64": return OcfInternals.Binary(Convert.FromBase64String(typed.Value));
            case "nil": return OcfNil.Instance;
            case "struct":
                {
                    var entries = new List<KeyValuePair<string, OcfValue>>();
                    foreach (var m in typed.Elements("member")) entries.Add(new(m.Element("name")!.Value, RpcValue(m.Element("value")!)));
                    return OcfInternals.Map(entries);
                }
            case "array":
                {
                    var items = new List<OcfValue>();
                    foreach (var v in typed.Element("data")!.Elements("value")) items.Add(RpcValue(v));
                    return OcfInternals.List(items);
                }
            default: throw new FormatException($"unknown XML-RPC type <{typed.Name}>");
        }
    }

    public static void EncodeXmlRpcCall(string methodName, IReadOnlyList<OcfValue> parameters, MemoryStream output)
    {
        var ps = new XElement("params");
        foreach (var p in parameters) ps.Add(new XElement("param", RpcValueElement(p)));
        var doc = new XDocument(new XDeclaration("1.0", null, null), new XElement("methodCall", new XElement("methodName", methodName), ps));
        using var w = XmlWriter.Create(output, WriterSettings);
        doc.Save(w);
    }

    private static XElement RpcValueElement(OcfValue value) => new("value", value switch
    {
        OcfString s => new XElement("string", s.Value),
        OcfInteger i when i.Value is >= int.MinValue and <= int.MaxValue => new XElement("int", i.Value.ToString(CultureInfo.InvariantCulture)),
        OcfInteger i => new XElement("i8", i.Value.ToString(CultureInfo.InvariantCulture)),
        OcfBoolean b => new XElement("boolean", b.Value ? "1" : "0"),
        OcfDouble d => new XElement("double", d.Value.ToString("R", CultureInfo.InvariantCulture)),
        OcfDateTime t => new XElement("dateTime.iso8601", t.Value.ToString("yyyyMMdd'T'HH':'mm':'ss", CultureInfo.InvariantCulture)),
        OcfBinary bin => new XElement("base64", Convert.ToBase64String(bin.Value.Span)),
        OcfNil => new XElement("nil"),
        OcfList list => new XElement("array", new XElement("data", list.Select(RpcValueElement))),
        OcfMap map => new XElement("struct", map.Select(e => new XElement("member", new XElement("name", e.Key), RpcValueElement(e.Value)))),
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    });
}
