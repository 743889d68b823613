namespace Ocf.Rpc.Cluster;

/// <summary>
/// The cluster caller of the method being handled (node, incarnation, request id), for handlers that must know which
/// node spoke (leader election). Flows with the call like <see cref="OcfRpcCallContext"/>, which is also set
/// (transport "cluster", connection id = the caller's node id). Null outside cluster calls: a local client can never
/// fake it.
/// </summary>
public sealed record OcfClusterCallContext(uint CallerNodeId, ulong CallerIncarnation, ulong RequestId, bool OneWay)
{
    public const string TransportName = "cluster";

    private static readonly AsyncLocal<OcfClusterCallContext?> CurrentContext = new();

    public static OcfClusterCallContext? Current
    {
        get => CurrentContext.Value;
        internal set => CurrentContext.Value = value;
    }
}
