using Ocf.Communication;
using Ocf.Membership;
using Ocf.Tests.Communication;
using Xunit;

namespace Ocf.Tests.Membership;

/// <summary>The agreed membership view under crashes, restarts, joins and leaves, with a lossy network.</summary>
public class ViewAgreementTests
{
    [Fact]
    public void All_members_install_the_same_first_view()
    {
        using var cluster = new ClusterHarness(5, 31);
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(3)));
        var view = cluster[1].Node.View!;
        Assert.Equal([1u, 2u, 3u, 4u, 5u], view.NodeIds);
        Assert.Equal(1u, view.Id.Coordinator);
        Assert.All(cluster.Running, n => Assert.True(n.Node.Quorum.Quorate));
        ViewInvariants.Check(cluster);
    }

    [Fact]
    public void When_the_coordinator_dies_the_next_lowest_node_proposes_the_new_view()
    {
        using var cluster = new ClusterHarness(4, 32);
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(3)));
        cluster.Crash(1);
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(3)));
        var view = cluster[2].Node.View!;
        Assert.Equal([2u, 3u, 4u], view.NodeIds);
        Assert.Equal(2u, view.Id.Coordinator);
        Assert.All(cluster.Running, n => Assert.Equal([new OcfMember(1, 1)], n.Views[^1].Failed));
        ViewInvariants.Check(cluster);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Views_agree_after_random_crashes_restarts_joins_and_leaves(int seed)
    {
        using var cluster = new ClusterHarness(5, seed, new InMemoryFaultProfile { Loss = 0.1, Duplicate = 0.05, Reorder = 0.1, MaxDelay = TimeSpan.FromMilliseconds(3) });
        var random = new Random(seed);
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(5)));
        for (int round = 0; round < 12; round++)
        {
            // One or two changes, sometimes close together (concurrent changes), sometimes crashing the coordinator.
            int changes = random.Next(1, 3);
            for (int c = 0; c < changes; c++)
            {
                var running = cluster.Running.ToList();
                var stopped = Enumerable.Range(1, 5).Select(i => (uint)i).Where(i => running.All(n => n.Id != i)).ToList();
                int action = random.Next(3);
                if ((action == 0 || running.Count <= 2) && stopped.Count > 0) cluster.Start(stopped[random.Next(stopped.Count)]);
                else if (action == 1 && running.Count > 2) cluster.Crash(running[random.Next(running.Count)].Id);
                else if (running.Count > 2)
                {
                    var leaver = running[random.Next(running.Count)];
                    leaver.Node.Leave();
                    Assert.True(cluster.RunUntil(() => leaver.Node.Left.IsCompleted, TimeSpan.FromSeconds(2)));
                    leaver.Stopped();
                }
                cluster.Advance(TimeSpan.FromMilliseconds(random.Next(0, 300)));
            }
            Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(6)), $"round {round}: views did not converge: " +
                string.Join("; ", cluster.Running.Select(n => $"{n.Id}: {n.Node.View}")));
            var view = cluster.Running.First().Node.View!;
            bool quorate = view.Members.Length >= 3;
            Assert.All(cluster.Running, n => Assert.Equal(quorate, n.Node.Quorum.Quorate));
        }
        ViewInvariants.Check(cluster);
        foreach (var instance in cluster.AllInstances)
            foreach (var change in instance.Views)
                Assert.Empty(change.Joined.Intersect(change.Failed.Concat(change.Left)));
    }
}
