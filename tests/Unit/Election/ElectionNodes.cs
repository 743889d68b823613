using System.Collections.Concurrent;
using Ocf.Communication;
using Ocf.Election;
using Ocf.Membership;
using Ocf.Rpc;
using Ocf.Rpc.Cluster;
using Ocf.Tests.Node;
using Xunit;

namespace Ocf.Tests.Election;

/// <summary>
/// A <see cref="RuntimeCluster"/> whose nodes each run cluster RPC and leader election, with every leader change of
/// every node (every incarnation) logged, and the safety check over that log: in no view id do two different nodes
/// hold office, and nobody holds office in a view it was not a quorate member of.
/// </summary>
internal sealed class ElectionNodes : IAsyncDisposable
{
    public readonly ConcurrentDictionary<uint, OcfLeaderElection> Elections = new();
    public readonly ConcurrentDictionary<uint, OcfRpcRegistry> Registries = new();
    private readonly ConcurrentDictionary<uint, OcfClusterRpc> _rpc = new();
    public readonly ConcurrentQueue<(uint Observer, OcfLeaderChanged Change, OcfView? ObserverView, bool Quorate)> Log = new();

    public ElectionNodes(int nodes, InMemoryFaultProfile? faults = null, int seed = 1, bool start = true)
    {
        Cluster = new RuntimeCluster(nodes, seed, faults, start: start, onStart: r =>
        {
            var registry = new OcfRpcRegistry();
            var rpc = new OcfClusterRpc(r, new OcfRpcDispatcher(registry));
            var election = new OcfLeaderElection(rpc, new OcfLeaderElectionOptions { RetryInterval = TimeSpan.FromMilliseconds(100) });
            election.LeaderChanged += c => Log.Enqueue((r.NodeId, c, election.View, election.Quorate)); // raised under the election's lock: a consistent snapshot
            OcfLeaderElection.Register(registry, election);
            Registries[r.NodeId] = registry;
            _rpc[r.NodeId] = rpc;
            Elections[r.NodeId] = election;
        });
    }

    public RuntimeCluster Cluster { get; }
    public OcfLeaderElection this[uint id] => Elections[id];

    /// <summary>Waits until every running node knows leader <paramref name="leader"/> for its current view, all views equal.</summary>
    public async Task WaitForLeaderAsync(uint leader, TimeSpan? timeout = null)
    {
        try
        {
            await RuntimeCluster.WaitUntilAsync(() =>
            {
                var running = Cluster.Running.ToList();
                var view = running[0].View;
                return view is not null && running.All(r => Equals(r.View, view) && Elections[r.NodeId].Leader is { } l && l.NodeId == leader && l.ViewId == view.Id);
            }, timeout ?? TimeSpan.FromSeconds(20), $"leader n{leader} everywhere");
        }
        catch (TimeoutException)
        {
            AssertSafe(); // a safety violation explains the timeout better than the timeout does
            throw;
        }
    }

    /// <summary>The safety property over every change observed so far.</summary>
    public void AssertSafe()
    {
        var claims = Log.Where(e => e.Change.Current is not null).ToList();
        foreach (var byView in claims.GroupBy(e => e.Change.Current!.ViewId))
        {
            var leaders = byView.Select(e => e.Change.Current!.NodeId).Distinct().ToList();
            Assert.True(leaders.Count == 1, $"view {byView.Key}: nodes {string.Join(",", leaders)} all held office");
            var selfClaims = byView.Where(e => e.Observer == e.Change.Current!.NodeId).Select(e => e.Observer).Distinct().Count();
            Assert.True(selfClaims <= 1, $"view {byView.Key}: {selfClaims} nodes considered themselves leader");
        }
        foreach (var e in claims)
        {
            // Whoever knew a leader knew it for the view it had installed, while quorate, and the leader is that view's lowest id.
            Assert.True(e.Quorate, $"n{e.Observer} knew leader {e.Change.Current} without quorum");
            if (e.ObserverView is { } v && v.Id == e.Change.Current!.ViewId)
                Assert.Equal(v.Members[0].NodeId, e.Change.Current.NodeId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var e in Elections.Values) await e.DisposeAsync();
        foreach (var r in _rpc.Values) await r.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
