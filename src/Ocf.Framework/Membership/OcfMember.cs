namespace Ocf.Membership;

/// <summary>A view member: a node id and the incarnation of it that is a member (a restarted node is a new member).</summary>
public readonly record struct OcfMember(uint NodeId, ulong Incarnation) : IComparable<OcfMember>
{
    public int CompareTo(OcfMember other) => NodeId != other.NodeId ? NodeId.CompareTo(other.NodeId) : Incarnation.CompareTo(other.Incarnation);

    public override string ToString() => $"{NodeId}@{Incarnation}";
}
