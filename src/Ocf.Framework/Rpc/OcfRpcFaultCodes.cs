namespace Ocf.Rpc;

/// <summary>
/// Fault codes of the xmlrpc-epi "specification for fault code interoperability"
/// (http://xmlrpc-epi.sourceforge.net/specs/rfc.fault_codes.php), which Python's xmlrpc.server and most servers follow.
/// </summary>
public static class OcfRpcFaultCodes
{
    /// <summary>Parse error: not well formed.</summary>
    public const int ParseError = -32700;
    /// <summary>Parse error: unsupported encoding.</summary>
    public const int UnsupportedEncoding = -32701;
    /// <summary>Parse error: invalid character for encoding.</summary>
    public const int InvalidCharacter = -32702;
    /// <summary>Server error: invalid xml-rpc, not conforming to the specification (e.g. a response where a call was expected).</summary>
    public const int InvalidRequest = -32600;
    /// <summary>Server error: requested method not found.</summary>
    public const int MethodNotFound = -32601;
    /// <summary>Server error: invalid method parameters.</summary>
    public const int InvalidParams = -32602;
    /// <summary>Server error: internal xml-rpc error.</summary>
    public const int InternalError = -32603;
    /// <summary>Application error (the method itself failed in a way it reported).</summary>
    public const int ApplicationError = -32500;
    /// <summary>System error.</summary>
    public const int SystemError = -32400;
    /// <summary>Transport error.</summary>
    public const int TransportError = -32300;
}
