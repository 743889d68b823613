using Ocf.Encoding.XmlRpc;

namespace Ocf.Rpc;

/// <summary>
/// A fault a method handler (or the dispatcher) raises on purpose: it travels to the caller as an XML-RPC fault with
/// exactly this <see cref="FaultCode"/> and <see cref="FaultString"/>. Any other exception from a handler becomes
/// <see cref="OcfRpcFaultCodes.InternalError"/> without its details.
/// </summary>
public class OcfRpcException : Exception
{
    public OcfRpcException(int faultCode, string faultString, Exception? inner = null) : base(faultString, inner)
    {
        FaultCode = faultCode;
        FaultString = faultString ?? throw new ArgumentNullException(nameof(faultString));
    }

    public int FaultCode { get; }
    public string FaultString { get; }

    public XmlRpcFault ToFault() => new(FaultCode, FaultString);

    public static OcfRpcException FromFault(XmlRpcFault fault) => new(fault.FaultCode, fault.FaultString);
}
