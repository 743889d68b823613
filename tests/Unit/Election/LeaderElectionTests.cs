using Ocf.Communication;
using Ocf.Data;
using Ocf.Election;
using Ocf.Tests.Node;
using Xunit;

namespace Ocf.Tests.Election;

public class LeaderElectionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_quorate_cluster_elects_its_lowest_id_and_every_member_knows_it_for_the_same_view()
    {
        await using var nodes = new ElectionNodes(3);
        await nodes.Cluster.WaitForFullViewAsync();
        await nodes.WaitForLeaderAsync(1);

        var view = nodes.Cluster[1].View!;
        Assert.True(nodes[1].IsLeader);
        Assert.False(nodes[2].IsLeader);
        Assert.Equal(new OcfLeader(1, "n1", view.Id), nodes[3].Leader);

        var described = (OcfMap)await nodes.Registries[2].InvokeAsync(OcfLeaderElection.LeaderMethod, []);
        Assert.Equal(view.Id.ToString(), ((OcfString)described["viewId"]).Value);
        Assert.Equal(1L, ((OcfInteger)described["leader"]).Value);
        Assert.Equal("n1", ((OcfString)described["leaderName"]).Value);
        Assert.Equal(OcfBoolean.True, described["quorate"]);
        Assert.Equal(OcfBoolean.False, described["isLeader"]);

        // The election's internal methods refuse local (non-cluster) callers.
        var refused = await Assert.ThrowsAsync<Ocf.Rpc.OcfRpcException>(() => nodes.Registries[1].InvokeAsync(OcfLeaderElection.ElectedMethod,
            [new OcfInteger(view.Id.Epoch), new OcfInteger(view.Id.Coordinator), new OcfInteger((long)view.Id.CoordinatorIncarnation), new OcfInteger(2)]).AsTask());
        Assert.Equal(Ocf.Rpc.OcfRpcFaultCodes.InvalidRequest, refused.FaultCode);
        Assert.Equal(1u, nodes[3].Leader!.NodeId);
        nodes.AssertSafe();
    }

    [Fact]
    public async Task When_the_leader_is_killed_the_survivors_elect_a_new_one_for_their_new_view()
    {
        await using var nodes = new ElectionNodes(3);
        await nodes.Cluster.WaitForFullViewAsync();
        await nodes.WaitForLeaderAsync(1);
        var firstView = nodes.Cluster[2].View!.Id;

        await nodes.Cluster.KillAsync(1);
        await nodes.Cluster.WaitForFullViewAsync();
        // Bounded: the new leader follows the new quorate view within a few round trips (the bound is generous for CI).
        await nodes.WaitForLeaderAsync(2, TimeSpan.FromSeconds(10));
        Assert.True(nodes[2].Leader!.ViewId > firstView);
        // Every survivor saw n1 step down before n2 took office.
        foreach (uint survivor in new uint[] { 2, 3 })
        {
            var mine = nodes.Log.Where(e => e.Observer == survivor).Select(e => e.Change).ToList();
            Assert.Contains(mine, c => c.Previous?.NodeId == 1 && c.Current is null);
            Assert.Equal(2u, mine[^1].Current!.NodeId);
        }
        nodes.AssertSafe();
    }

    [Fact]
    public async Task A_minority_partition_has_no_leader_and_the_healed_cluster_has_exactly_one()
    {
        await using var nodes = new ElectionNodes(5);
        await nodes.Cluster.WaitForFullViewAsync();
        await nodes.WaitForLeaderAsync(1);

        nodes.Cluster.Network.Partition([1, 2], [3, 4, 5]);
        await RuntimeCluster.WaitUntilAsync(() =>
            new uint[] { 3, 4, 5 }.All(i => nodes[i].Leader is { NodeId: 3 } l && l.ViewId == nodes.Cluster[i].View!.Id && nodes.Cluster[i].View!.NodeIds.SequenceEqual([3u, 4u, 5u]))
            && new uint[] { 1, 2 }.All(i => nodes.Cluster[i].View!.NodeIds.SequenceEqual([1u, 2u]) && !nodes[i].Quorate),
            Bound, "majority {3,4,5} led by n3, minority {1,2} installed and not quorate");
        Assert.Null(nodes[1].Leader);
        Assert.Null(nodes[2].Leader);
        Assert.Equal(OcfValue.Nil, ((OcfMap)await nodes.Registries[1].InvokeAsync(OcfLeaderElection.LeaderMethod, []))["leader"]);
        Assert.Equal(OcfBoolean.False, ((OcfMap)await nodes.Registries[1].InvokeAsync(OcfLeaderElection.LeaderMethod, []))["quorate"]);

        nodes.Cluster.Network.Heal();
        await nodes.Cluster.WaitForFullViewAsync();
        await nodes.WaitForLeaderAsync(1);
        Assert.Single(nodes.Elections.Values, e => e.IsLeader);
        nodes.AssertSafe();
    }

    [Fact]
    public async Task Elections_stay_safe_and_finish_with_a_fifth_of_the_datagrams_lost()
    {
        var faults = new InMemoryFaultProfile { Loss = 0.2, Duplicate = 0.05, Reorder = 0.1 };
        await using var nodes = new ElectionNodes(4, faults, seed: 7);
        await nodes.Cluster.WaitForFullViewAsync(TimeSpan.FromSeconds(30));
        await nodes.WaitForLeaderAsync(1, TimeSpan.FromSeconds(30));

        await nodes.Cluster.KillAsync(1);
        await nodes.Cluster.WaitForFullViewAsync(TimeSpan.FromSeconds(30));
        await nodes.WaitForLeaderAsync(2, TimeSpan.FromSeconds(30));

        nodes.Cluster.Start(1);
        await nodes.Cluster.WaitForFullViewAsync(TimeSpan.FromSeconds(30));
        await nodes.WaitForLeaderAsync(1, TimeSpan.FromSeconds(30));
        nodes.AssertSafe();
    }

    [Fact]
    public async Task Rapid_view_changes_with_nodes_starting_dying_and_partitioning_never_give_one_view_two_leaders()
    {
        await using var nodes = new ElectionNodes(5, start: false);
        // Staggered starts: several partial views, each with its own candidate, while the others still join.
        foreach (uint id in new uint[] { 4, 5, 3 }) { nodes.Cluster.Start(id); await Task.Delay(60); }
        await nodes.Cluster.WaitForFullViewAsync();
        await nodes.WaitForLeaderAsync(3);
        nodes.Cluster.Start(2);
        nodes.Cluster.Start(1);
        await Task.Delay(150);
        await nodes.Cluster.KillAsync(1);
        nodes.Cluster.Network.Partition([2, 3], [4, 5]);
        await Task.Delay(300);
        nodes.Cluster.Network.Heal();
        nodes.Cluster.Start(1);
        await Task.Delay(100);
        await nodes.Cluster.KillAsync(4);

        await nodes.Cluster.WaitForFullViewAsync(TimeSpan.FromSeconds(30));
        await nodes.WaitForLeaderAsync(1, TimeSpan.FromSeconds(30));
        Assert.Single(nodes.Elections.Where(e => nodes.Cluster.Running.Any(r => r.NodeId == e.Key)), e => e.Value.IsLeader);
        Assert.True(nodes.Log.Count(e => e.Change.Current is not null) >= 5, "several elections ran");
        nodes.AssertSafe();
    }
}
