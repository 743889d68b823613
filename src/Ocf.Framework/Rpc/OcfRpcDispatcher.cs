using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.XmlRpc;

namespace Ocf.Rpc;

/// <summary>
/// XML-RPC bytes in, XML-RPC bytes out, for a <see cref="OcfRpcRegistry"/>. Never throws for bad input: a document
/// that does not parse gives fault -32700, one that is not a methodCall -32600, an unknown method -32601, bad
/// parameters -32602, a failing handler -32603 (or the code of the <see cref="OcfRpcException"/> it raised).
/// Only cancellation of the caller's token propagates.
/// </summary>
public sealed class OcfRpcDispatcher(OcfRpcRegistry registry, OcfDecoderLimits? limits = null)
{
    public OcfRpcRegistry Registry { get; } = registry ?? throw new ArgumentNullException(nameof(registry));
    public OcfDecoderLimits Limits { get; } = limits ?? OcfDecoderLimits.Default;

    /// <summary>Decodes a methodCall document, runs it and encodes the methodResponse or fault.</summary>
    public async ValueTask<byte[]> DispatchAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken = default)
    {
        var response = await HandleAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return XmlRpcCodec.Instance.EncodeMessage(response);
        }
        catch (Exception) when (response is XmlRpcMethodResponse)
        {
            // A result the encoder refuses (e.g. a string with characters XML cannot carry).
            return XmlRpcCodec.Instance.EncodeMessage(new XmlRpcFault(OcfRpcFaultCodes.InternalError, "internal error: the result cannot be encoded as XML-RPC"));
        }
    }

    /// <summary>Like <see cref="DispatchAsync"/>, with the response as a message.</summary>
    public async ValueTask<XmlRpcMessage> HandleAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken = default)
    {
        XmlRpcMessage message;
        try
        {
            message = XmlRpcCodec.Instance.DecodeMessage(request.Span, Limits);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            string why = e is OcfFormatException f ? f.Message : e.Message;
            return new XmlRpcFault(OcfRpcFaultCodes.ParseError, $"parse error. not well formed: {why}");
        }
        if (message is not XmlRpcMethodCall call)
            return new XmlRpcFault(OcfRpcFaultCodes.InvalidRequest, "server error. invalid xml-rpc. not conforming to spec: a methodCall was expected");
        return await InvokeAsync(call.MethodName, call.Params, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one call; the result as a methodResponse, or a fault.</summary>
    public async ValueTask<XmlRpcMessage> InvokeAsync(string methodName, IReadOnlyList<OcfValue> parameters, CancellationToken cancellationToken = default)
    {
        try
        {
            return new XmlRpcMethodResponse(await Registry.InvokeAsync(methodName, parameters, cancellationToken).ConfigureAwait(false));
        }
        catch (OcfRpcException e)
        {
            return e.ToFault();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            return new XmlRpcFault(OcfRpcFaultCodes.InternalError, $"internal error: {e.GetType().Name}");
        }
    }
}
