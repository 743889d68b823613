using CsCheck;
using Ocf.Communication;
using Ocf.Membership;
using Xunit;

namespace Ocf.Tests.Membership;

/// <summary>Quorum as a pure function: majority, tie breaker, wait-for-all, two-node mode; never two quorate sides.</summary>
public class QuorumTests
{
    private static OcfNodeDefinition[] Nodes(params int[] votes) => votes.Select((v, i) => new OcfNodeDefinition((uint)(i + 1), $"n{i + 1}") { Votes = v }).ToArray();

    private static readonly List<List<List<uint>>> FivePartitions = PartitionTests.SetPartitions([1, 2, 3, 4, 5]).ToList();

    [Fact]
    public void For_every_partition_of_five_nodes_and_random_votes_at_most_one_side_is_quorate()
    {
        var policies = Gen.Select(Gen.Bool, Gen.Bool, Gen.Int[0, 3], (tieBreaker, waitForAll, extra) => (tieBreaker, waitForAll, extra));
        Gen.Select(Gen.Int[0, 3].Array[5].Where(v => v.Sum() > 0), policies).Sample((votes, p) =>
        {
            var nodes = Nodes(votes);
            var policy = new OcfQuorumPolicy { AutoTieBreaker = p.tieBreaker, WaitForAll = p.waitForAll, ExpectedVotes = votes.Sum() + p.extra };
            Assert.Empty(policy.Validate(nodes));
            foreach (var partition in FivePartitions)
            {
                int quorate = partition.Count(side => OcfQuorum.Evaluate(policy, nodes, side, allSeenTogether: true).Quorate);
                Assert.True(quorate <= 1, $"votes [{string.Join(",", votes)}], {partition.Count} sides: {quorate} quorate");
            }
        }, iter: 400);
    }

    [Fact]
    public void With_equal_votes_exactly_the_majority_side_is_quorate()
    {
        var nodes = Nodes(1, 1, 1, 1, 1);
        var policy = new OcfQuorumPolicy();
        foreach (var partition in FivePartitions)
            foreach (var side in partition)
            {
                var state = OcfQuorum.Evaluate(policy, nodes, side, allSeenTogether: true);
                Assert.Equal(side.Count >= 3, state.Quorate);
                Assert.Equal((side.Count, 5, 3), (state.Votes, state.ExpectedVotes, state.Needed));
            }
    }

    [Fact]
    public void An_even_split_is_quorate_nowhere_or_with_the_tie_breaker_on_the_lowest_nodes_side()
    {
        var nodes = Nodes(1, 1, 1, 1);
        Assert.False(OcfQuorum.Evaluate(new OcfQuorumPolicy(), nodes, [1u, 2u], true).Quorate);
        Assert.False(OcfQuorum.Evaluate(new OcfQuorumPolicy(), nodes, [3u, 4u], true).Quorate);
        var tieBreaker = new OcfQuorumPolicy { AutoTieBreaker = true };
        Assert.True(OcfQuorum.Evaluate(tieBreaker, nodes, [1u, 3u], true).Quorate);
        Assert.False(OcfQuorum.Evaluate(tieBreaker, nodes, [2u, 4u], true).Quorate);
        Assert.Equal(2u, OcfQuorum.TieBreaker(Nodes(0, 1, 1)));
    }

    [Fact]
    public void Wait_for_all_holds_quorum_back_until_every_voter_was_seen_together()
    {
        var nodes = Nodes(1, 1, 1);
        var policy = new OcfQuorumPolicy { WaitForAll = true };
        var waiting = OcfQuorum.Evaluate(policy, nodes, [1u, 2u], allSeenTogether: false);
        Assert.False(waiting.Quorate);
        Assert.True(waiting.WaitingForAll);
        Assert.True(OcfQuorum.Evaluate(policy, nodes, [1u, 2u], allSeenTogether: true).Quorate);
    }

    [Fact]
    public void Two_node_mode_is_quorate_with_one_vote_after_both_were_seen_and_leaves_splits_to_fencing()
    {
        var nodes = Nodes(1, 1);
        var twoNode = new OcfQuorumPolicy { Mode = OcfQuorumMode.TwoNode };
        Assert.Empty(twoNode.Validate(nodes));
        Assert.False(OcfQuorum.Evaluate(twoNode, nodes, [1u], allSeenTogether: false).Quorate); // a lone node at start-up waits for all
        Assert.True(OcfQuorum.Evaluate(twoNode, nodes, [1u], allSeenTogether: true).Quorate);
        Assert.True(OcfQuorum.Evaluate(twoNode, nodes, [2u], allSeenTogether: true).Quorate);  // corosync two_node: fencing decides
        Assert.False(OcfQuorum.Evaluate(new OcfQuorumPolicy(), nodes, [1u], true).Quorate);  // plain majority: nobody
        Assert.True(OcfQuorum.Evaluate(new OcfQuorumPolicy { AutoTieBreaker = true }, nodes, [1u], true).Quorate);
        Assert.False(OcfQuorum.Evaluate(new OcfQuorumPolicy { AutoTieBreaker = true }, nodes, [2u], true).Quorate);
        Assert.NotEmpty(twoNode.Validate(Nodes(1, 1, 1)));
        Assert.NotEmpty(twoNode.Validate(Nodes(1, 2)));
    }

    [Fact]
    public void The_policy_says_what_a_partition_without_quorum_does()
    {
        var nodes = Nodes(1, 1, 1);
        Assert.False(OcfQuorum.Evaluate(new OcfQuorumPolicy(), nodes, [1u], true).MayRunResources);
        var ignore = OcfQuorum.Evaluate(new OcfQuorumPolicy { NoQuorum = OcfNoQuorumPolicy.Ignore }, nodes, [1u], true);
        Assert.False(ignore.Quorate);
        Assert.True(ignore.MayRunResources);
        Assert.Equal(OcfNoQuorumPolicy.Freeze, OcfQuorum.Evaluate(new OcfQuorumPolicy { NoQuorum = OcfNoQuorumPolicy.Freeze }, nodes, [1u], true).Policy);
    }

    [Fact]
    public void Expected_votes_may_not_be_lowered_below_the_configured_votes() =>
        Assert.Contains(new OcfQuorumPolicy { ExpectedVotes = 2 }.Validate(Nodes(1, 1, 1)), p => p.StartsWith("ExpectedVotes"));
}
