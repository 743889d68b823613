namespace Ocf.Groups;

/// <summary>
/// A member of a process group: the node it runs on and its local name there (several local clients of one node may
/// join the same group under different names). Ordered by node id, then name (ordinal): the agreed member-list order.
/// </summary>
public readonly record struct OcfGroupMember(uint NodeId, string Name) : IComparable<OcfGroupMember>
{
    public int CompareTo(OcfGroupMember other) =>
        NodeId != other.NodeId ? NodeId.CompareTo(other.NodeId) : string.CompareOrdinal(Name, other.Name);

    public override string ToString() => $"{Name}@{NodeId}";
}

/// <summary>Why a member entered or left a group's member list.</summary>
public enum OcfGroupChangeReason
{
    /// <summary>The member joined (or, after a partition heals, was merged in from the other side).</summary>
    Joined,
    /// <summary>The member left the group.</summary>
    Left,
    /// <summary>The member's node died, restarted or became unreachable.</summary>
    NodeFailed,
    /// <summary>The member's node left the cluster gracefully.</summary>
    NodeLeft,
}

/// <summary>One member's entry into or exit from a group.</summary>
public readonly record struct OcfGroupMemberChange(OcfGroupMember Member, OcfGroupChangeReason Reason)
{
    public override string ToString() => $"{Member} {Reason}";
}
