using Ocf.Communication;

namespace Ocf.Membership;

/// <summary>
/// Quorum as a pure function of the configuration, the members of a partition and whether all voting nodes were
/// ever seen together. In <see cref="OcfQuorumMode.Majority"/> mode two disjoint partitions are never both quorate
/// (with or without the tie breaker); <see cref="OcfQuorumMode.TwoNode"/> deliberately trades that for availability.
/// </summary>
public static class OcfQuorum
{
    public static OcfQuorumState Evaluate(OcfQuorumPolicy policy, IReadOnlyList<OcfNodeDefinition> nodes, IEnumerable<uint> present, bool allSeenTogether)
    {
        var here = present.ToHashSet();
        int expected = Math.Max(policy.ExpectedVotes ?? 0, nodes.Sum(n => Math.Max(0, n.Votes)));
        int votes = nodes.Where(n => here.Contains(n.NodeId)).Sum(n => Math.Max(0, n.Votes));
        int needed;
        bool quorate;
        if (policy.Mode == OcfQuorumMode.TwoNode)
        {
            needed = 1;
            quorate = votes >= 1;
        }
        else
        {
            needed = expected / 2 + 1;
            quorate = votes >= needed;
            if (!quorate && policy.AutoTieBreaker && votes * 2 == expected && TieBreaker(nodes) is { } lowest && here.Contains(lowest)) quorate = true;
        }
        bool waiting = (policy.WaitForAll || policy.Mode == OcfQuorumMode.TwoNode) && !allSeenTogether;
        if (waiting) quorate = false;
        if (expected <= 0) quorate = false;
        return new OcfQuorumState(quorate, votes, expected, needed, policy.Mode, waiting, policy.NoQuorum);
    }

    /// <summary>The lowest-id node with votes: it wins exact ties under the tie breaker.</summary>
    public static uint? TieBreaker(IReadOnlyList<OcfNodeDefinition> nodes) =>
        nodes.Where(n => n.Votes > 0).Select(n => (uint?)n.NodeId).Min();
}
