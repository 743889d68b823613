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

    // Cluster RPC (Ocf.Rpc.Cluster): why a call to another node ended without its answer. Inside the transport-error
    // range the interoperability specification leaves to implementations, so generic clients still see a transport error.

    /// <summary>The called node died (silent for the dead time) before it answered, or was not a live member.</summary>
    public const int NodeDied = -32310;
    /// <summary>The called node left the cluster gracefully before it answered.</summary>
    public const int NodeLeft = -32311;
    /// <summary>The called node restarted (a new incarnation appeared): the call may or may not have run there.</summary>
    public const int NodeRestarted = -32312;
    /// <summary>The called node is not a live member of the local node's view (unknown, down, or in another partition).</summary>
    public const int NodeNotMember = -32313;
    /// <summary>No answer within the call's timeout while the node stayed a member.</summary>
    public const int CallTimedOut = -32314;
    /// <summary>The local node is not running (not started, leaving, stopped) or refused the message (too large).</summary>
    public const int NotRunning = -32315;
}
