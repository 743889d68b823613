using Ocf.Node;
using System.Diagnostics;
using Ocf.Communication;
using Ocf.Membership;
using Ocf.Plugins.Comm.Udp;
using Xunit;
using Xunit.Abstractions;
using static Ocf.Tests.Transport.Udp.UdpTestKit;

namespace Ocf.Tests.Transport.Udp;

/// <summary>
/// Three real <see cref="OcfClusterNode"/>s over the UDP transport on 127.0.0.1, in real time (keepalive 100 ms,
/// deadtime 500 ms, HMAC + encryption): view agreement, ordered broadcast, and the view after a node dies. The nodes'
/// ticks run on a dedicated timer thread (<see cref="DedicatedThreadTimeProvider"/>), away from the test host's pool.
/// </summary>
public class UdpClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FormTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Three_nodes_agree_on_a_view_and_deliver_broadcasts_in_order()
    {
        using var cluster = new UdpCluster(3);
        Assert.True(await cluster.WaitUntil(() => cluster.Agree(1, 2, 3), FormTimeout), $"no common 3-member view: {cluster.Describe()}");
        Assert.All(cluster.Nodes, n => Assert.True(n.Node.Quorum.Quorate));

        // Node 1 sends 100 messages (some of them multi-fragment), node 2 sends 30, interleaved.
        static byte[] Message(uint sender, int i) => Bytes($"{sender}:{i}:" + new string('x', i % 25 == 24 ? 20_000 : i % 7));
        for (int i = 0; i < 100; i++)
        {
            Assert.True(await cluster[1].Send(Message(1, i)), $"node 1 message {i} refused");
            if (i < 30) Assert.True(await cluster[2].Send(Message(2, i)), $"node 2 message {i} refused");
        }

        Assert.True(await cluster.WaitUntil(() => cluster[2].DeliveredFrom(1).Count == 100 && cluster[3].DeliveredFrom(1).Count == 100
            && cluster[1].DeliveredFrom(2).Count == 30 && cluster[3].DeliveredFrom(2).Count == 30, TimeSpan.FromSeconds(8)), cluster.Describe());
        foreach (uint receiver in new uint[] { 2, 3 })
            Assert.Equal(Enumerable.Range(0, 100).Select(i => Message(1, i)), cluster[receiver].DeliveredFrom(1));
        foreach (uint receiver in new uint[] { 1, 3 })
            Assert.Equal(Enumerable.Range(0, 30).Select(i => Message(2, i)), cluster[receiver].DeliveredFrom(2));
        output.WriteLine(string.Join(Environment.NewLine, cluster.Nodes.Select(n => $"node {n.Id}: {n.Transport.Statistics}")));
    }

    [Fact]
    public async Task When_a_node_is_disposed_the_two_others_install_a_view_without_it_within_deadtime_and_slack()
    {
        using var cluster = new UdpCluster(3);
        Assert.True(await cluster.WaitUntil(() => cluster.Agree(1, 2, 3), FormTimeout), $"no common 3-member view: {cluster.Describe()}");

        var disposedAt = cluster.Clock.Elapsed;
        cluster[3].Dispose();
        await cluster[3].Transport.Stopped.WaitAsync(TimeSpan.FromSeconds(1)); // throws TimeoutException if the receive thread did not end

        // This polling runs on the test host's thread pool, which can lag by most of a second: the wait is generous, and
        // the time asserted is when the survivors raised their view change (on the nodes' own threads).
        static bool Without3(UdpClusterMember m) => m.LastViewChange?.Current.NodeIds.SequenceEqual([1u, 2u]) == true;
        Assert.True(await cluster.WaitUntil(() => Without3(cluster[1]) && Without3(cluster[2]), TimeSpan.FromSeconds(6)), $"no view without node 3: {cluster.Describe()}");
        Assert.True(cluster.Agree(1, 2), cluster.Describe());
        foreach (var n in cluster.Nodes) output.WriteLine($"node {n.Id}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", n.Log));
        foreach (uint id in new uint[] { 1, 2 })
        {
            var took = cluster[id].LastViewChangeAt - disposedAt;
            output.WriteLine($"node {id} installed the view without node 3 {took.TotalMilliseconds:F0} ms after it was disposed");
            // Deadtime (500 ms) + 2 keepalives is the target; 3 s allows for a loaded machine.
            Assert.True(took < TimeSpan.FromSeconds(3), $"node {id} took {took}");
        }

        foreach (uint id in new uint[] { 1, 2 })
        {
            var change = cluster[id].LastViewChange!;
            Assert.Equal([1u, 2u], change.Current.NodeIds);
            Assert.Contains(change.Failed, m => m.NodeId == 3);
        }
        // The survivors still talk.
        Assert.True(await cluster[1].Send(Bytes("after")));
        Assert.True(await cluster.WaitUntil(() => cluster[2].DeliveredFrom(1).Any(m => Text(m) == "after"), TimeSpan.FromSeconds(3)));
    }

    /// <summary>N cluster nodes on 127.0.0.1 at fresh ports, one shared key ring, events recorded per node.</summary>
    private sealed class UdpCluster : IDisposable
    {
        private readonly Dictionary<uint, UdpClusterMember> _members = [];
        private readonly DedicatedThreadTimeProvider _time = new();

        /// <summary>The time since the cluster was created (events are stamped with it).</summary>
        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public UdpCluster(int count)
        {
            var definitions = Nodes("127.0.0.1", count);
            var ring = new OcfKeyRing(1, OcfKeyRing.GenerateKey());
            try
            {
                foreach (var d in definitions)
                {
                    var options = new OcfClusterOptions
                    {
                        ClusterName = "udp-cluster",
                        Nodes = definitions,
                        LocalNodeId = d.NodeId,
                        Incarnation = (ulong)DateTime.UtcNow.Ticks,
                        Keepalive = TimeSpan.FromMilliseconds(100),
                        Deadtime = TimeSpan.FromMilliseconds(500),
                    };
                    options.EnsureValid();
                    var transport = UdpTransport.Create(options);
                    var node = new OcfClusterNode(options, OcfPacketPipeline.CreateDefault(new OcfKeyStore(ring)), transport, _time);
                    _members[d.NodeId] = new UdpClusterMember(d.NodeId, node, transport, Clock);
                }
                foreach (var m in _members.Values) m.Node.Start();
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public UdpClusterMember this[uint id] => _members[id];
        public IEnumerable<UdpClusterMember> Nodes => _members.Values.OrderBy(m => m.Id);

        /// <summary>The given nodes have installed one and the same view made of exactly them.</summary>
        public bool Agree(params uint[] ids)
        {
            var views = ids.Select(id => _members[id].Node.View).ToArray();
            return views[0] is { } first && first.NodeIds.SequenceEqual(ids) && views.All(v => Equals(v, first));
        }

        /// <summary>Polls without blocking a pool thread.</summary>
        public async Task<bool> WaitUntil(Func<bool> condition, TimeSpan timeout)
        {
            var watch = Stopwatch.StartNew();
            while (!condition())
            {
                if (watch.Elapsed > timeout) return condition();
                await Task.Delay(10);
            }
            return true;
        }

        public string Describe() => string.Join("; ", Nodes.Select(n => $"node {n.Id}: {n.Node.View?.ToString() ?? "no view"}, {n.Transport.Statistics}"));

        public void Dispose()
        {
            foreach (var m in _members.Values) m.Dispose();
            _time.Dispose();
        }
    }

    private sealed class UdpClusterMember
    {
        private readonly object _gate = new();
        private readonly List<OcfMessageDelivered> _deliveries = [];
        private readonly List<string> _log = [];
        private readonly Stopwatch _clock;
        private OcfViewChanged? _lastView;
        private TimeSpan _lastViewAt;

        public UdpClusterMember(uint id, OcfClusterNode node, UdpTransport transport, Stopwatch clock)
        {
            _clock = clock;
            Id = id;
            Node = node;
            Transport = transport;
            node.EventRaised += e =>
            {
                lock (_gate)
                {
                    if (e is OcfMessageDelivered d) _deliveries.Add(d with { Payload = d.Payload.ToArray() });
                    else
                    {
                        if (e is OcfViewChanged v) (_lastView, _lastViewAt) = (v, _clock.Elapsed);
                        _log.Add($"{_clock.ElapsedMilliseconds,6} ms {e}");
                    }
                }
            };
        }

        public uint Id { get; }
        public OcfClusterNode Node { get; }
        public UdpTransport Transport { get; }
        public OcfViewChanged? LastViewChange { get { lock (_gate) return _lastView; } }
        /// <summary>When (on the cluster's clock) the last view change was raised.</summary>
        public TimeSpan LastViewChangeAt { get { lock (_gate) return _lastViewAt; } }
        /// <summary>Every event but deliveries, with the time on the cluster's clock.</summary>
        public string[] Log { get { lock (_gate) return [.. _log]; } }

        public List<byte[]> DeliveredFrom(uint sender)
        {
            lock (_gate) return _deliveries.Where(d => d.Sender == sender).Select(d => d.Payload.ToArray()).ToList();
        }

        /// <summary>Broadcasts, retrying briefly while the send window is full.</summary>
        public async Task<bool> Send(byte[] message)
        {
            for (int attempt = 0; attempt < 200; attempt++)
            {
                var result = Node.Broadcast(message);
                if (result.IsAccepted) return true;
                if (result.Status != OcfSendStatus.WindowFull) return false;
                await Task.Delay(10);
            }
            return false;
        }

        public void Dispose() => Node.Dispose();
    }
}
