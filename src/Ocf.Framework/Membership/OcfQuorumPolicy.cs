using Ocf.Communication;

namespace Ocf.Membership;

/// <summary>Quorum configuration: mode, votequorum's wait_for_all and auto_tie_breaker (lowest node id), expected votes, no-quorum policy.</summary>
public sealed record OcfQuorumPolicy
{
    public OcfQuorumMode Mode { get; init; } = OcfQuorumMode.Majority;
    /// <summary>Not quorate until every configured voting node was seen in one view once (implied by <see cref="OcfQuorumMode.TwoNode"/>).</summary>
    public bool WaitForAll { get; init; }
    /// <summary>In an exact 50 % split, the side holding the lowest-id voting node is quorate (corosync auto_tie_breaker_node: lowest).</summary>
    public bool AutoTieBreaker { get; init; }
    /// <summary>Expected votes; default the sum of the configured nodes' votes. May only raise that sum (lowering it would allow two quorate sides).</summary>
    public int? ExpectedVotes { get; init; }
    public OcfNoQuorumPolicy NoQuorum { get; init; } = OcfNoQuorumPolicy.Stop;

    public IReadOnlyList<string> Validate(IReadOnlyList<OcfNodeDefinition> nodes)
    {
        var problems = new List<string>();
        int total = nodes.Sum(n => Math.Max(0, n.Votes));
        if (total <= 0) problems.Add("Votes: the configured nodes have no votes");
        if (ExpectedVotes is { } expected && expected < total) problems.Add($"{nameof(ExpectedVotes)}: {expected} is below the configured votes ({total})");
        if (Mode == OcfQuorumMode.TwoNode && (nodes.Count != 2 || nodes.Any(n => n.Votes != 1) || ExpectedVotes is not (null or 2)))
            problems.Add($"{nameof(Mode)}: two-node mode needs exactly two nodes with one vote each");
        if (Mode == OcfQuorumMode.TwoNode && AutoTieBreaker) problems.Add($"{nameof(AutoTieBreaker)}: not with two-node mode (use Majority with the tie breaker instead)");
        return problems;
    }
}
