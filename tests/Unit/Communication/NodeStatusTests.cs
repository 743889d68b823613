using Ocf.Communication;
using Ocf.Membership;
using Xunit;

namespace Ocf.Tests.Communication;

/// <summary>Heartbeats and node status: init, up, dead, left; warn time, initdead, restarts, local stalls.</summary>
public class NodeStatusTests
{
    private static readonly TimeSpan Keepalive = TimeSpan.FromMilliseconds(100), Deadtime = TimeSpan.FromSeconds(1), Tick = TimeSpan.FromMilliseconds(10);

    [Fact]
    public void A_killed_node_is_declared_dead_after_deadtime_and_the_others_install_a_view_without_it()
    {
        using var cluster = new ClusterHarness(3, 21);
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(5)));
        cluster.Advance(TimeSpan.FromMilliseconds(37));
        var killedAt = cluster.Time.Elapsed;
        cluster.Crash(3);
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, Deadtime + Keepalive * 3));
        var newViewAt = cluster.Time.Elapsed;

        foreach (var node in cluster.Running)
        {
            var dead = Assert.Single(node.EventsOf<OcfNodeStateChanged>(), e => e.NodeId == 3 && e.Current == OcfNodeState.Dead);
            Assert.Equal(OcfNodeStateReason.Silent, dead.Reason);
            Assert.Equal(OcfNodeState.Up, dead.Previous);
            Assert.Equal(OcfNodeState.Dead, node.Node.Nodes.Single(n => n.NodeId == 3).State);
            var view = node.Views[^1];
            Assert.Equal([new OcfMember(3, 1)], view.Failed);
            Assert.Empty(view.Left);
            Assert.Equal([1u, 2u], view.Current.NodeIds);
        }
        // Declared dead no earlier than deadtime after the last heartbeat (≥ deadtime − keepalive after the kill),
        // and a view without it within deadtime + one keepalive of the kill.
        Assert.InRange(newViewAt - killedAt, Deadtime - Keepalive, Deadtime + Keepalive);
    }

    [Fact]
    public void Dead_is_declared_between_deadtime_minus_keepalive_and_deadtime_plus_a_tick_after_the_kill()
    {
        using var cluster = new ClusterHarness(2, 22);
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(5)));
        for (int round = 0; round < 5; round++)
        {
            cluster.Advance(TimeSpan.FromMilliseconds(13 * round + 5));
            var killedAt = cluster.Time.Elapsed;
            cluster.Crash(2);
            Assert.True(cluster.RunUntil(() => cluster[1].Node.Nodes.Single(n => n.NodeId == 2).State == OcfNodeState.Dead, TimeSpan.FromSeconds(3), Tick));
            var detected = cluster.Time.Elapsed - killedAt;
            Assert.InRange(detected, Deadtime - Keepalive, Deadtime + Tick * 2);
            cluster.Start(2);
            Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(5)));
        }
    }

    [Fact]
    public void A_graceful_leave_is_left_not_dead()
    {
        using var cluster = new ClusterHarness(3, 23, new InMemoryFaultProfile { Loss = 0.2 });
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(5)));
        Assert.True(cluster[3].Node.Broadcast("last words"u8).IsAccepted);
        cluster[3].Node.Leave();
        Assert.Equal(OcfSendStatus.NotRunning, cluster[3].Node.Broadcast("too late"u8).Status);
        Assert.True(cluster.RunUntil(() => cluster[3].Node.Left.IsCompleted, TimeSpan.FromSeconds(2)));
        Assert.True(Assert.Single(cluster[3].EventsOf<OcfLocalLeft>()).Acknowledged);
        Assert.Empty(cluster[3].EventsOf<OcfMessagesUndeliverable>());
        cluster[3].Stopped();
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(2)));
        cluster.Advance(Deadtime * 2);

        foreach (var node in cluster.Running)
        {
            Assert.Single(node.Deliveries, d => d.Sender == 3);
            var change = Assert.Single(node.EventsOf<OcfNodeStateChanged>(), e => e.NodeId == 3 && e.Current != OcfNodeState.Up);
            Assert.Equal((OcfNodeState.Left, OcfNodeStateReason.Leave), (change.Current, change.Reason));
            var view = node.Views[^1];
            Assert.Equal([new OcfMember(3, 1)], view.Left);
            Assert.Empty(view.Failed);
            Assert.Equal(OcfNodeState.Left, node.Node.Nodes.Single(n => n.NodeId == 3).State);
        }
    }

    [Fact]
    public void A_late_heartbeat_warns_after_warntime_without_declaring_death()
    {
        using var cluster = new ClusterHarness(2, 24);
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(5)));
        cluster.Network.SetLink(2, 1, up: false);
        cluster.Advance(TimeSpan.FromMilliseconds(800));
        cluster.Network.SetLink(2, 1, up: true);
        cluster.Advance(TimeSpan.FromSeconds(1));
        var late = Assert.Single(cluster[1].EventsOf<OcfNodeLate>());
        Assert.Equal(2u, late.NodeId);
        Assert.InRange(late.Silence, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(520));
        Assert.DoesNotContain(cluster[1].EventsOf<OcfNodeStateChanged>(), e => e.Current == OcfNodeState.Dead);
    }

    [Fact]
    public void A_node_never_heard_from_is_declared_dead_after_initdead()
    {
        using var cluster = new ClusterHarness(3, 25, start: false);
        cluster.Start(1);
        cluster.Start(2);
        cluster.Advance(TimeSpan.FromSeconds(2) - Tick);
        Assert.Equal(OcfNodeState.Init, cluster[1].Node.Nodes.Single(n => n.NodeId == 3).State);
        cluster.Advance(Tick * 2);
        var dead = Assert.Single(cluster[1].EventsOf<OcfNodeStateChanged>(), e => e.NodeId == 3);
        Assert.Equal((OcfNodeState.Init, OcfNodeState.Dead, OcfNodeStateReason.NeverSeen), (dead.Previous, dead.Current, dead.Reason));
        cluster.Start(3);
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void A_restart_with_a_new_incarnation_is_a_failure_and_a_join()
    {
        using var cluster = new ClusterHarness(3, 26);
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(5)));
        cluster.Crash(2);
        cluster.Advance(TimeSpan.FromMilliseconds(200));
        cluster.Start(2); // incarnation 2, well before deadtime
        Assert.True(cluster.RunUntil(() => cluster.ViewsConverged() && cluster[1].Node.View!.Contains(new OcfMember(2, 2)), TimeSpan.FromSeconds(3)));
        var changes = cluster[1].EventsOf<OcfNodeStateChanged>().Where(e => e.NodeId == 2).Select(e => (e.Incarnation, e.Current, e.Reason)).ToList();
        Assert.Equal([(1UL, OcfNodeState.Up, OcfNodeStateReason.FirstContact), (1UL, OcfNodeState.Dead, OcfNodeStateReason.Restarted), (2UL, OcfNodeState.Up, OcfNodeStateReason.FirstContact)], changes);
        var view = cluster[1].Views[^1];
        Assert.Contains(new OcfMember(2, 1), view.Failed);
        Assert.Contains(new OcfMember(2, 2), view.Joined);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_node_frozen_longer_than_deadtime_does_not_declare_the_others_dead_when_it_thaws(bool stallDetection)
    {
        using var cluster = new ClusterHarness(3, 27, configure: o => o with { StallDetection = stallDetection });
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(5)));
        var frozen = cluster[1];
        frozen.Clock.Stall();
        cluster.Network.Pause(1);
        cluster.Advance(Deadtime * 3);   // the others rightly declare node 1 dead meanwhile
        Assert.All(cluster.Running.Where(n => n.Id != 1), n => Assert.Equal(OcfNodeState.Dead, n.Node.Nodes.Single(i => i.NodeId == 1).State));

        frozen.Clock.Resume();           // its timer fires 3 s late, before it reads the datagrams that queued up meanwhile
        var stalls = frozen.EventsOf<OcfLocalStall>().ToList();
        var falseDeaths = frozen.EventsOf<OcfNodeStateChanged>().Where(e => e.Current == OcfNodeState.Dead).ToList();
        cluster.Network.Resume(1);
        cluster.Advance(Keepalive * 5);

        if (stallDetection)
        {
            var stall = Assert.Single(stalls);
            Assert.InRange(stall.Duration, Deadtime * 3 - Tick * 2, Deadtime * 3);
            Assert.Empty(falseDeaths);
            Assert.DoesNotContain(frozen.EventsOf<OcfNodeStateChanged>(), e => e.Current == OcfNodeState.Dead);
            Assert.Equal(1, frozen.Node.Counters.LocalStalls);
        }
        else
        {
            Assert.Empty(stalls);
            Assert.Equal([2u, 3u], falseDeaths.Select(e => e.NodeId).Order());
        }
        // Either way the cluster heals: node 1 returns (same incarnation) and one view holds all three again.
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(3)));
        Assert.Contains(cluster[2].EventsOf<OcfNodeStateChanged>(), e => e.NodeId == 1 && e.Reason == OcfNodeStateReason.Returned);
    }
}
