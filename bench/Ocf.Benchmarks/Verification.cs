using System.Buffers;
using System.Globalization;
using Ocf.Benchmarks.Baselines;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;

namespace Ocf.Benchmarks;

/// <summary>
/// Checks, before anything is timed, that every decoder walks to the same values and every encoder writes a document
/// that decodes to them, so no baseline is faster by doing less. Throws on the first difference.
/// </summary>
public static class Verification
{
    public static void CheckPayload(Payload p)
    {
        string what = p.Kind.ToString();
        Same(what, "ocf-xml decode", p.Value, OcfXmlCodec.Instance.Decode(p.OcfXml));
        Same(what, "XDocument ocf-xml decode", p.Value, XDocumentCodecs.DecodeOcfXml(p.OcfXml));

        var call = (XmlRpcMethodCall)XmlRpcCodec.Instance.DecodeMessage(p.XmlRpc);
        Check(what, "xml-rpc decode", call.MethodName == p.MethodName && call.Params.Count == 1);
        Same(what, "xml-rpc decode", p.Value, call.Params[0]);
        var (xdName, xdParams) = XDocumentCodecs.DecodeXmlRpcCall(p.XmlRpc);
        Check(what, "XDocument xml-rpc decode", xdName == p.MethodName && xdParams.Count == 1);
        Same(what, "XDocument xml-rpc decode", p.Value, xdParams[0]);
        var (xrName, xrParams) = XmlReaderXmlRpcCodec.DecodeCall(p.XmlRpc);
        Check(what, "XmlReader xml-rpc decode", xrName == p.MethodName && xrParams.Count == 1);
        Same(what, "XmlReader xml-rpc decode", p.Value, xrParams[0]);

        SameAsJson(what, "$", p.Value, StjJsonCodec.Decode(p.Json));
        if (p.XmlRpcPython.Length > 0)
        {
            Same(what, "xml-rpc decode (Python's layout)", p.Value, ((XmlRpcMethodCall)XmlRpcCodec.Instance.DecodeMessage(p.XmlRpcPython)).Params[0]);
            Same(what, "XmlReader decode (Python's layout)", p.Value, XmlReaderXmlRpcCodec.DecodeCall(p.XmlRpcPython).Params[0]);
        }

        // Encoders: each output must decode (with our decoders) back to the payload.
        var ms = new MemoryStream();
        XDocumentCodecs.EncodeOcfXml(p.Value, ms);
        Same(what, "XDocument ocf-xml encode", p.Value, OcfXmlCodec.Instance.Decode(ms.ToArray()));
        ms.SetLength(0);
        XDocumentCodecs.EncodeXmlRpcCall(p.MethodName, [p.Value], ms);
        Same(what, "XDocument xml-rpc encode", p.Value, ((XmlRpcMethodCall)XmlRpcCodec.Instance.DecodeMessage(ms.ToArray())).Params[0]);
        ms.SetLength(0);
        XmlReaderXmlRpcCodec.EncodeCall(p.MethodName, [p.Value], ms);
        Same(what, "XmlWriter xml-rpc encode", p.Value, ((XmlRpcMethodCall)XmlRpcCodec.Instance.DecodeMessage(ms.ToArray())).Params[0]);
        var json = new ArrayBufferWriter<byte>();
        new StjJsonCodec().Encode(p.Value, json);
        Check(what, "Utf8JsonWriter encode", json.WrittenSpan.SequenceEqual(p.Json));
    }

    /// <summary>Decodes an XML-RPC document written elsewhere (e.g. by Python's xmlrpc.client.dumps) and compares it with a payload.</summary>
    public static void CheckForeignXmlRpc(PayloadKind kind, byte[] document)
    {
        var p = Payload.Get(kind);
        Check(kind.ToString(), "foreign xml-rpc document is byte for byte the C# copy of Python's layout", document.AsSpan().SequenceEqual(p.XmlRpcPython));
        var call = (XmlRpcMethodCall)XmlRpcCodec.Instance.DecodeMessage(document);
        Check(kind.ToString(), "foreign xml-rpc document", call.MethodName == p.MethodName && call.Params.Count == 1);
        Same(kind.ToString(), "foreign xml-rpc document", p.Value, call.Params[0]);
        var (name, parameters) = XmlReaderXmlRpcCodec.DecodeCall(document);
        Check(kind.ToString(), "foreign xml-rpc document (XmlReader)", name == p.MethodName && parameters.Count == 1);
        Same(kind.ToString(), "foreign xml-rpc document (XmlReader)", p.Value, parameters[0]);
    }

    private static void Same(string payload, string what, OcfValue expected, OcfValue actual)
    {
        if (!expected.Equals(actual))
            throw new InvalidOperationException($"{payload}: {what} does not give the payload's values (got {actual})");
    }

    private static void Check(string payload, string what, bool ok)
    {
        if (!ok) throw new InvalidOperationException($"{payload}: {what} check failed");
    }

    /// <summary>JSON has no date type and writes integral doubles as integers: compare those by meaning.</summary>
    private static void SameAsJson(string payload, string path, OcfValue expected, OcfValue actual)
    {
        bool ok = (expected, actual) switch
        {
            (OcfDateTime t, OcfString s) => DateTime.Parse(s.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) == t.Value,
            (OcfDouble d, OcfInteger i) => d.Value == i.Value,
            (OcfBinary b, OcfString s) => Convert.ToBase64String(b.Value.Span) == s.Value,
            (OcfList l, OcfList m) => l.Count == m.Count && Enumerable.Range(0, l.Count).All(i => { SameAsJson(payload, $"{path}[{i}]", l[i], m[i]); return true; }),
            (OcfMap a, OcfMap b) => a.Count == b.Count && Enumerable.Range(0, a.Count).All(i =>
            {
                if (a[i].Key != b[i].Key) return false;
                SameAsJson(payload, $"{path}.{a[i].Key}", a[i].Value, b[i].Value);
                return true;
            }),
            _ => expected.Equals(actual),
        };
        if (!ok) throw new InvalidOperationException($"{payload}: JSON decode differs at {path}: expected {expected}, got {actual}");
    }
}
