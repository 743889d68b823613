using Ocf.Data;

namespace Ocf.Encoding.XmlRpc;

/// <summary>One XML-RPC document: a call, a response, a fault, or a bare parameter list (Python's dumps without a method name).</summary>
public abstract class XmlRpcMessage
{
    private protected XmlRpcMessage() { }
}

public sealed class XmlRpcMethodCall(string methodName, IReadOnlyList<OcfValue> parameters) : XmlRpcMessage
{
    public string MethodName { get; } = methodName ?? throw new ArgumentNullException(nameof(methodName));
    public IReadOnlyList<OcfValue> Params { get; } = parameters ?? throw new ArgumentNullException(nameof(parameters));
}

/// <summary>A successful response: exactly one value, as the specification requires.</summary>
public sealed class XmlRpcMethodResponse(OcfValue value) : XmlRpcMessage
{
    public OcfValue Value { get; } = value ?? throw new ArgumentNullException(nameof(value));
}

/// <summary>A fault response. <see cref="Detail"/> is the whole fault struct, so members beyond the two standard ones are not lost.</summary>
public sealed class XmlRpcFault : XmlRpcMessage
{
    public XmlRpcFault(int faultCode, string faultString)
    {
        FaultCode = faultCode;
        FaultString = faultString ?? throw new ArgumentNullException(nameof(faultString));
        Detail = new OcfMap([new("faultCode", new OcfInteger(faultCode)), new("faultString", new OcfString(faultString))]);
    }

    internal XmlRpcFault(int faultCode, string faultString, OcfMap detail)
    {
        FaultCode = faultCode;
        FaultString = faultString;
        Detail = detail;
    }

    public int FaultCode { get; }
    public string FaultString { get; }
    public OcfMap Detail { get; }
}

/// <summary>A &lt;params&gt; document without an envelope (what Python's <c>xmlrpc.client.dumps(params)</c> writes).</summary>
public sealed class XmlRpcParams(IReadOnlyList<OcfValue> parameters) : XmlRpcMessage
{
    public IReadOnlyList<OcfValue> Params { get; } = parameters ?? throw new ArgumentNullException(nameof(parameters));
}

/// <summary>
/// A fault as an exception, for callers that turn one into an error (ConvertFrom-OcfXml's XmlRpcFault error record).
/// Decoders never raise it: <see cref="XmlRpcCodec.Decode"/> returns a fault as a value, <see cref="XmlRpcCodec.DecodeMessage(ReadOnlySpan{byte}, OcfDecoderLimits?)"/> as an <see cref="XmlRpcFault"/>.
/// </summary>
public sealed class XmlRpcFaultException(XmlRpcFault fault) : Exception($"XML-RPC fault {fault.FaultCode}: {fault.FaultString}")
{
    public XmlRpcFault Fault { get; } = fault;
}
