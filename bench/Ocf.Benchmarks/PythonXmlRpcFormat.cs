using System.Globalization;
using System.Text;
using Ocf.Data;

namespace Ocf.Benchmarks;

/// <summary>
/// Writes a methodCall byte for byte as CPython's <c>xmlrpc.client.dumps(params, methodname=...)</c> does (a line break
/// after most tags), so the C# decoders can be timed on exactly the document Python's <c>loads</c> reads.
/// Only the types the payloads use are supported. bench/python_xmlrpc_bench.py --write saves Python's own bytes, and
/// the 'verify' command compares them with this.
/// </summary>
public static class PythonXmlRpcFormat
{
    public static byte[] MethodCall(string methodName, IReadOnlyList<OcfValue> parameters)
    {
        var sb = new StringBuilder();
        sb.Append("<?xml version='1.0'?>\n<methodCall>\n<methodName>").Append(methodName).Append("</methodName>\n<params>\n");
        foreach (var p in parameters)
        {
            sb.Append("<param>\n");
            Value(sb, p);
            sb.Append("</param>\n");
        }
        sb.Append("</params>\n</methodCall>\n");
        return System.Text.Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static void Value(StringBuilder sb, OcfValue value)
    {
        switch (value)
        {
            case OcfString s: sb.Append("<value><string>").Append(Escape(s.Value)).Append("</string></value>\n"); break;
            case OcfInteger i: sb.Append("<value><int>").Append(i.Value.ToString(CultureInfo.InvariantCulture)).Append("</int></value>\n"); break;
            case OcfBoolean b: sb.Append("<value><boolean>").Append(b.Value ? '1' : '0').Append("</boolean></value>\n"); break;
            case OcfDouble d: sb.Append("<value><double>").Append(d.Value.ToString("R", CultureInfo.InvariantCulture)).Append("</double></value>\n"); break;
            case OcfList list:
                sb.Append("<value><array><data>\n");
                foreach (var item in list.AsSpan()) Value(sb, item);
                sb.Append("</data></array></value>\n");
                break;
            case OcfMap map:
                sb.Append("<value><struct>\n");
                foreach (var (key, item) in map)
                {
                    sb.Append("<member>\n<name>").Append(Escape(key)).Append("</name>\n");
                    Value(sb, item);
                    sb.Append("</member>\n");
                }
                sb.Append("</struct></value>\n");
                break;
            default: throw new NotSupportedException($"{value.Kind} is not needed by the payloads");
        }
    }

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
