using Ocf.Membership;

namespace Ocf.Election;

/// <summary>The leader of one view: the node that took office after every member of view <see cref="ViewId"/> acknowledged it.</summary>
public sealed record OcfLeader(uint NodeId, string Name, OcfViewId ViewId)
{
    public override string ToString() => $"{Name} (id {NodeId}) in view {ViewId}";
}

/// <summary>
/// The local node's idea of the leader changed: a leader took office in view <see cref="ViewId"/> (<see cref="Current"/>
/// set), or the old one stepped down because a new view was installed or quorum was lost (<see cref="Current"/> null).
/// </summary>
public sealed record OcfLeaderChanged(OcfViewId ViewId, OcfLeader? Current, OcfLeader? Previous);
