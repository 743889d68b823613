using Ocf.Communication;

namespace Ocf.Membership;

/// <summary>
/// A new view was installed. <see cref="Joined"/>: members not in the previous view; <see cref="Left"/>: removed after a
/// graceful leave; <see cref="Failed"/>: removed because they died, restarted (a new incarnation) or became unreachable.
/// </summary>
public sealed record OcfViewChanged(OcfView? Previous, OcfView Current, IReadOnlyList<OcfMember> Joined, IReadOnlyList<OcfMember> Left,
    IReadOnlyList<OcfMember> Failed, OcfQuorumState Quorum) : OcfClusterEvent;
