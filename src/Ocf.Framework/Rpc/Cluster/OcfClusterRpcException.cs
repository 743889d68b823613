namespace Ocf.Rpc.Cluster;

/// <summary>
/// A cluster call that ended without the node's answer, for a reason the local node knows: the node died, left,
/// restarted, is not a member, did not answer in time, or the local node is not running. <see cref="OcfRpcException.FaultCode"/>
/// is one of the cluster codes in <see cref="OcfRpcFaultCodes"/> (NodeDied … NotRunning). A fault the remote method
/// raised arrives as a plain <see cref="OcfRpcException"/> with the remote code instead.
/// </summary>
public sealed class OcfClusterRpcException(int faultCode, string faultString, uint nodeId, string method) : OcfRpcException(faultCode, faultString)
{
    /// <summary>The node called (0 for a call to every member).</summary>
    public uint NodeId { get; } = nodeId;
    public string Method { get; } = method;
}
