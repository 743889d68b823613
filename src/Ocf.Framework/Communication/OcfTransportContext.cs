namespace Ocf.Communication;

/// <summary>What a transport plugin needs besides its own configuration: the cluster (nodes with addresses, local node id, MTU) and the clock.</summary>
public sealed record OcfTransportContext(OcfClusterOptions Cluster, TimeProvider Time)
{
    /// <summary>Where a transport reports conditions worth an admin's attention (e.g. a capped socket buffer); the node logs them.</summary>
    public Action<string>? Warn { get; init; }
}
