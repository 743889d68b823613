using System.Buffers;
using BenchmarkDotNet.Attributes;
using Ocf.Benchmarks.Baselines;
using Ocf.Data;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;

namespace Ocf.Benchmarks;

/// <summary>
/// Encode and decode of both codecs on the heartbeat, configuration and records payloads, beside System.Text.Json
/// (same values as JSON) and XDocument (same documents). Encoders write into a reused buffer, as a transport would.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    [Params(PayloadKind.Heartbeat, PayloadKind.Config, PayloadKind.Records)]
    public PayloadKind Payload { get; set; }

    private Payload _p = null!;
    private byte[] _ocfXml = [], _xmlRpc = [], _json = [];
    private OcfValue _value = null!;
    private XmlRpcMethodCall _call = null!;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly MemoryStream _stream = new(1 << 16);
    private readonly StjJsonCodec _jsonCodec = new();

    [GlobalSetup]
    public void Setup()
    {
        _p = Benchmarks.Payload.Get(Payload);
        (_ocfXml, _xmlRpc, _json, _value, _call) = (_p.OcfXml, _p.XmlRpc, _p.Json, _p.Value, _p.Call);
        Verification.CheckPayload(_p); // every decoder must produce the same values, every encoder a decodable document
    }

    // ---- ocf-xml ----

    [Benchmark, Document(DocFormat.OcfXml)]
    public OcfValue OcfXml_Decode() => OcfXmlCodec.Instance.Decode(_ocfXml);

    [Benchmark, Document(DocFormat.OcfXml)]
    public int OcfXml_Encode()
    {
        _buffer.ResetWrittenCount();
        OcfXmlCodec.Instance.Encode(_value, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark, Document(DocFormat.OcfXml)]
    public OcfValue XDocument_OcfXml_Decode() => XDocumentCodecs.DecodeOcfXml(_ocfXml);

    [Benchmark, Document(DocFormat.OcfXml)]
    public long XDocument_OcfXml_Encode()
    {
        _stream.SetLength(0);
        XDocumentCodecs.EncodeOcfXml(_value, _stream);
        return _stream.Length;
    }

    // ---- XML-RPC (a methodCall carrying the value as its one param) ----

    [Benchmark, Document(DocFormat.XmlRpc)]
    public XmlRpcMessage XmlRpc_Decode() => XmlRpcCodec.Instance.DecodeMessage(_xmlRpc);

    [Benchmark, Document(DocFormat.XmlRpc)]
    public int XmlRpc_Encode()
    {
        _buffer.ResetWrittenCount();
        XmlRpcCodec.Instance.EncodeMessage(_call, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark, Document(DocFormat.XmlRpc)]
    public object XDocument_XmlRpc_Decode() => XDocumentCodecs.DecodeXmlRpcCall(_xmlRpc);

    [Benchmark, Document(DocFormat.XmlRpc)]
    public long XDocument_XmlRpc_Encode()
    {
        _stream.SetLength(0);
        XDocumentCodecs.EncodeXmlRpcCall(_call.MethodName, _call.Params, _stream);
        return _stream.Length;
    }

    // ---- System.Text.Json on the same values ----

    [Benchmark, Document(DocFormat.Json)]
    public OcfValue Json_Decode() => StjJsonCodec.Decode(_json);

    [Benchmark, Document(DocFormat.Json)]
    public int Json_Encode()
    {
        _buffer.ResetWrittenCount();
        _jsonCodec.Encode(_value, _buffer);
        return _buffer.WrittenCount;
    }
}

/// <summary>
/// The XML-RPC payload (≈15 KB methodCall, one struct param, 3 levels of 20 strings + 100 ints + child):
/// our codec against the straightforward XmlReader/XmlWriter codec, XDocument, and System.Text.Json on the
/// equivalent JSON (the struct itself; the methodCall envelope is ≈60 bytes of the XML).
/// </summary>
[MemoryDiagnoser]
public class XmlRpc15KBenchmarks
{
    [Params(PayloadKind.XmlRpc15K)]
    public PayloadKind Payload { get; set; }

    private Payload _p = null!;
    private byte[] _xmlRpc = [], _json = [], _xmlRpcPython = [];
    private OcfValue _value = null!;
    private XmlRpcMethodCall _call = null!;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly MemoryStream _stream = new(1 << 16);
    private readonly StjJsonCodec _jsonCodec = new();

    [GlobalSetup]
    public void Setup()
    {
        _p = Benchmarks.Payload.Get(Payload);
        (_xmlRpc, _json, _xmlRpcPython, _value, _call) = (_p.XmlRpc, _p.Json, _p.XmlRpcPython, _p.Value, _p.Call);
        Verification.CheckPayload(_p);
    }

    [Benchmark, Document(DocFormat.XmlRpc)]
    public XmlRpcMessage Ocf_Decode() => XmlRpcCodec.Instance.DecodeMessage(_xmlRpc);

    [Benchmark, Document(DocFormat.XmlRpc)]
    public int Ocf_Encode()
    {
        _buffer.ResetWrittenCount();
        XmlRpcCodec.Instance.EncodeMessage(_call, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark, Document(DocFormat.XmlRpc)]
    public object XmlReader_Decode() => XmlReaderXmlRpcCodec.DecodeCall(_xmlRpc);

    // The same call in Python's layout (a line break after most tags): the very bytes xmlrpc.client.loads is timed on.
    [Benchmark, Document(DocFormat.XmlRpcPython)]
    public XmlRpcMessage Ocf_Decode_PythonLayout() => XmlRpcCodec.Instance.DecodeMessage(_xmlRpcPython);

    [Benchmark, Document(DocFormat.XmlRpcPython)]
    public object XmlReader_Decode_PythonLayout() => XmlReaderXmlRpcCodec.DecodeCall(_xmlRpcPython);

    [Benchmark, Document(DocFormat.XmlRpc)]
    public long XmlWriter_Encode()
    {
        _stream.SetLength(0);
        XmlReaderXmlRpcCodec.EncodeCall(_call.MethodName, _call.Params, _stream);
        return _stream.Length;
    }

    [Benchmark, Document(DocFormat.XmlRpc)]
    public object XDocument_Decode() => XDocumentCodecs.DecodeXmlRpcCall(_xmlRpc);

    [Benchmark, Document(DocFormat.XmlRpc)]
    public long XDocument_Encode()
    {
        _stream.SetLength(0);
        XDocumentCodecs.EncodeXmlRpcCall(_call.MethodName, _call.Params, _stream);
        return _stream.Length;
    }

    [Benchmark, Document(DocFormat.Json)]
    public OcfValue Json_Decode() => StjJsonCodec.Decode(_json);

    [Benchmark, Document(DocFormat.Json)]
    public int Json_Encode()
    {
        _buffer.ResetWrittenCount();
        _jsonCodec.Encode(_value, _buffer);
        return _buffer.WrittenCount;
    }
}
