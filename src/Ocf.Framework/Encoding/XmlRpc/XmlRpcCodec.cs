using System.Buffers;
using Ocf.Data;
using Ocf.Encoding.Xml;

namespace Ocf.Encoding.XmlRpc;

/// <summary>
/// XML-RPC (https://xmlrpc.com/spec.md) with the nil and i8 extensions. As a plain value codec it writes and reads a
/// &lt;params&gt; document with one param, which is what Python's <c>xmlrpc.client.dumps((value,))</c> produces;
/// whole messages (calls, responses, faults) go through <see cref="EncodeMessage"/> and <see cref="DecodeMessage"/>.
/// </summary>
public sealed class XmlRpcCodec : IOcfCodec
{
    public const string CodecName = "xml-rpc";

    /// <summary>Checks a method name against the specification's characters; <see cref="OcfEncodeException"/> if it has others.</summary>
    public static void ValidateMethodName(string name) => XmlRpcEncoder.CheckMethodName(name);
    public static readonly XmlRpcCodec Instance = new();

    public string Name => CodecName;
    public IReadOnlyList<string> Aliases { get; } = ["XmlRpc"];
    public string Description => "XML-RPC values, calls and responses (with the nil and i8 extensions).";
    public string ContentType => "text/xml";

    public void Encode(OcfValue value, IBufferWriter<byte> output, OcfEncoderOptions? options = null) =>
        EncodeMessage(new XmlRpcParams([value]), output, options);

    public void EncodeMessage(XmlRpcMessage message, IBufferWriter<byte> output, OcfEncoderOptions? options = null) =>
        XmlRpcEncoder.Encode(message, output, options ?? OcfEncoderOptions.Default);

    public byte[] EncodeMessage(XmlRpcMessage message, OcfEncoderOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        EncodeMessage(message, buffer, options);
        return buffer.WrittenSpan.ToArray();
    }

    public XmlRpcMessage DecodeMessage(ReadOnlySpan<byte> utf8, OcfDecoderLimits? limits = null) =>
        XmlRpcDecoder.Decode(utf8, limits ?? OcfDecoderLimits.Default);

    public XmlRpcMessage DecodeMessage(string text, OcfDecoderLimits? limits = null)
    {
        limits ??= OcfDecoderLimits.Default;
        return XmlRpcDecoder.Decode(Utf8Input.FromString(CodecName, text, limits), limits);
    }

    /// <summary>Key of the map <see cref="Decode"/> returns for a fault document: <c>{fault: {faultCode, faultString, …}}</c>.</summary>
    public const string FaultKey = "fault";

    /// <summary>
    /// The value a document carries, as <see cref="IOcfCodec.Decode"/> promises: only <see cref="OcfFormatException"/>
    /// for bad input, never an exception for a well-formed document. A params document with one param gives that value
    /// (several give a list); a response gives its value; a call gives the map {methodName, params}; a fault gives the
    /// map {fault: {faultCode, faultString, …}} (the whole fault struct). Envelopes are told apart by
    /// <see cref="DecodeMessage(ReadOnlySpan{byte}, OcfDecoderLimits?)"/>, the message API.
    /// </summary>
    public OcfValue Decode(ReadOnlySpan<byte> utf8, OcfDecoderLimits? limits = null) => DecodeMessage(utf8, limits) switch
    {
        XmlRpcParams { Params.Count: 1 } p => p.Params[0],
        XmlRpcParams p => new OcfList(p.Params),
        XmlRpcMethodResponse r => r.Value,
        XmlRpcMethodCall c => new OcfMap([new("methodName", new OcfString(c.MethodName)), new("params", new OcfList(c.Params))]),
        XmlRpcFault f => new OcfMap([new(FaultKey, f.Detail)]),
        var other => throw new InvalidOperationException($"unknown XML-RPC message type {other.GetType().Name}"),
    };

    public bool CanDecode(ReadOnlySpan<byte> prefix)
    {
        var root = XmlSniffer.RootElementName(prefix);
        return root.SequenceEqual("methodCall"u8) || root.SequenceEqual("methodResponse"u8) || root.SequenceEqual("params"u8) || root.SequenceEqual("fault"u8);
    }
}
