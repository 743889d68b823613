namespace Ocf.Membership;

/// <summary>What a partition without quorum does with its resources (Pacemaker's no-quorum-policy).</summary>
public enum OcfNoQuorumPolicy
{
    /// <summary>Stop all resources in the partition (default).</summary>
    Stop,
    /// <summary>Keep running resources but start nothing new.</summary>
    Freeze,
    /// <summary>Carry on as if quorate (dangerous without fencing).</summary>
    Ignore,
}
