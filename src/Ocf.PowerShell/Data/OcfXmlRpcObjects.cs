namespace Ocf.PowerShell;

/// <summary>An XML-RPC methodCall as ConvertFrom-OcfXml returns it.</summary>
public sealed class OcfXmlRpcCall(string methodName, object?[] parameters)
{
    public string MethodName { get; } = methodName;
    public object?[] Params { get; } = parameters;
    public override string ToString() => $"{MethodName}({Params.Length} params)";
}

/// <summary>An XML-RPC fault: the target of the XmlRpcFault error, or output with -NoFaultError.</summary>
public sealed class OcfXmlRpcFault(int faultCode, string faultString)
{
    public int FaultCode { get; } = faultCode;
    public string FaultString { get; } = faultString;
    public override string ToString() => $"XML-RPC fault {FaultCode}: {FaultString}";
}
