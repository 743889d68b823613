using Ocf.Communication;
using Ocf.Membership;
using Ocf.Tests.Communication;
using Xunit;

namespace Ocf.Tests.Membership;

/// <summary>No split brain: every way to partition 5 nodes yields per-side views and at most one quorate side.</summary>
public class PartitionTests
{
    /// <summary>All set partitions of <paramref name="items"/> (Bell(5) = 52 for five nodes).</summary>
    internal static IEnumerable<List<List<uint>>> SetPartitions(IReadOnlyList<uint> items)
    {
        if (items.Count == 0) { yield return []; yield break; }
        var first = items[0];
        foreach (var rest in SetPartitions(items.Skip(1).ToList()))
        {
            for (int i = 0; i < rest.Count; i++)
            {
                var copy = rest.Select(g => g.ToList()).ToList();
                copy[i].Insert(0, first);
                yield return copy;
            }
            yield return [[first], .. rest.Select(g => g.ToList())];
        }
    }

    [Fact]
    public void There_are_52_partitions_of_five_nodes() => Assert.Equal(52, SetPartitions([1, 2, 3, 4, 5]).Count());

    [Theory]
    [InlineData(41, 0.0)]
    [InlineData(42, 0.1)]
    public void Every_partition_of_five_nodes_gives_each_side_its_own_view_and_at_most_one_quorate_side(int seed, double loss)
    {
        using var cluster = new ClusterHarness(5, seed, new InMemoryFaultProfile { Loss = loss, Duplicate = loss / 2, Reorder = loss });
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(3)));
        int checkedSplits = 0;
        foreach (var groups in SetPartitions([1, 2, 3, 4, 5]).Where(p => p.Count > 1))
        {
            cluster.Network.Partition([.. groups.Select(g => (IEnumerable<uint>)g)]);
            bool settled = cluster.RunUntil(() => groups.All(g => g.All(id =>
                cluster[id].Node.View is { } v && v.NodeIds.SequenceEqual(g.Order()) && g.All(other => Equals(cluster[other].Node.View, v)))), TimeSpan.FromSeconds(4));
            string layout = string.Join(" | ", groups.Select(g => string.Join(",", g)));
            Assert.True(settled, $"{layout}: " + string.Join("; ", cluster.Running.Select(n => $"{n.Id}: {n.Node.View}")));

            int quorateSides = groups.Count(g => cluster[g[0]].Node.Quorum.Quorate);
            Assert.True(quorateSides <= 1, $"{layout}: {quorateSides} quorate sides");
            Assert.Equal(groups.Any(g => g.Count >= 3) ? 1 : 0, quorateSides);
            foreach (var g in groups) Assert.All(g, id => Assert.Equal(g.Count >= 3, cluster[id].Node.Quorum.Quorate));

            cluster.Network.Heal();
            Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(4)), $"{layout}: no common view after healing");
            Assert.All(cluster.Running, n => Assert.True(n.Node.Quorum.Quorate));
            checkedSplits++;
        }
        Assert.Equal(51, checkedSplits);
        ViewInvariants.Check(cluster);
        Assert.All(cluster.Running, n => Assert.Equal(1UL, n.Incarnation));
    }
}
