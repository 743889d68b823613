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
/// deadtime 500 ms, HMAC + encryption): view agreement, ordered broadcast, and the view after a node dies.
/// </summary>
public class UdpClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FormTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public void Three_nodes_agree_on_a_view_and_deliver_broadcasts_in_order()
    {
        using var cluster = new UdpCluster(3);
        Assert.True(cluster.WaitUntil(() => cluster.Agree(1, 2, 3), FormTimeout), $"no common 3-member view: {cluster.Describe()}");
        Assert.All(cluster.Nodes, n => Assert.True(n.Node.Quorum.Quorate));

        // Node 1 sends 100 messages (some of them multi-fragment), node 2 sends 30, interleaved.
        static byte[] Message(uint sender, int i) => Bytes($"{sender}:{i}:" + new string('x', i % 25 == 24 ? 20_000 : i % 7));
        for (int i = 0; i < 100; i++)
        {
            Assert.True(cluster[1].Send(Message(1, i)), $"node 1 message {i} refused");
            if (i < 30) Assert.True(cluster[2].Send(Message(2, i)), $"node 2 message {i} refused");
        }

        Assert.True(cluster.WaitUntil(() => cluster[2].DeliveredFrom(1).Count == 100 && cluster[3].DeliveredFrom(1).Count == 100
            && cluster[1].DeliveredFrom(2).Count == 30 && cluster[3].DeliveredFrom(2).Count == 30, TimeSpan.FromSeconds(8)), cluster.Describe());
        foreach (uint receiver in new uint[] { 2, 3 })
            Assert.Equal(Enumerable.Range(0, 100).Select(i => Message(1, i)), cluster[receiver].DeliveredFrom(1));
        foreach (uint receiver in new uint[] { 1, 3 })
            Assert.Equal(Enumerable.Range(0, 30).Select(i => Message(2, i)), cluster[receiver].DeliveredFrom(2));
        output.WriteLine(string.Join(Environment.NewLine, cluster.Nodes.Select(n => $"node {n.Id}: {n.Transport.Statistics}")));
    }

    [Fact]
    public void When_a_node_is_disposed_the_two_others_install_a_view_without_it_within_deadtime_and_slack()
    {
        using var cluster = new UdpCluster(3);
        Assert.True(cluster.WaitUntil(() => cluster.Agree(1, 2, 3), FormTimeout), $"no common 3-member view: {cluster.Describe()}");

        var watch = Stopwatch.StartNew();
        cluster[3].Dispose();
        Assert.True(cluster[3].Transport.Stopped.Wait(TimeSpan.FromSeconds(1)), "node 3's transport did not stop");
        // Deadtime (500 ms) + 2 keepalives is the target; 3 s allows for a loaded machine.
        Assert.True(cluster.WaitUntil(() => cluster.Agree(1, 2), TimeSpan.FromSeconds(3)), $"no view without node 3 after {watch.Elapsed}: {cluster.Describe()}");
        output.WriteLine($"view without node 3 after {watch.Elapsed.TotalMilliseconds:F0} ms");

        // The view-change events are raised just after the view is installed (outside the node's lock).
        Assert.True(cluster.WaitUntil(() => cluster[1].LastViewChange?.Current == cluster[1].Node.View && cluster[2].LastViewChange?.Current == cluster[2].Node.View,
            TimeSpan.FromSeconds(1)), "the view-change events did not follow");

        foreach (uint id in new uint[] { 1, 2 })
        {
            var change = cluster[id].LastViewChange!;
            Assert.Equal([1u, 2u], change.Current.NodeIds);
            Assert.Contains(change.Failed, m => m.NodeId == 3);
        }
        // The survivors still talk.
        Assert.True(cluster[1].Send(Bytes("after")));
        Assert.True(cluster.WaitUntil(() => cluster[2].DeliveredFrom(1).Any(m => Text(m) == "after"), TimeSpan.FromSeconds(3)));
    }

    /// <summary>N cluster nodes on 127.0.0.1 at fresh ports, one shared key ring, events recorded per node.</summary>
    private sealed class UdpCluster : IDisposable
    {
        private readonly Dictionary<uint, UdpClusterMember> _members = [];

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
                    var node = new OcfClusterNode(options, OcfPacketPipeline.CreateDefault(new OcfKeyStore(ring)), transport);
                    _members[d.NodeId] = new UdpClusterMember(d.NodeId, node, transport);
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

        public bool WaitUntil(Func<bool> condition, TimeSpan timeout)
        {
            var watch = Stopwatch.StartNew();
            while (!condition())
            {
                if (watch.Elapsed > timeout) return condition();
                Thread.Sleep(10);
            }
            return true;
        }

        public string Describe() => string.Join("; ", Nodes.Select(n => $"node {n.Id}: {n.Node.View?.ToString() ?? "no view"}, {n.Transport.Statistics}"));

        public void Dispose()
        {
            foreach (var m in _members.Values) m.Dispose();
        }
    }

    private sealed class UdpClusterMember
    {
        private readonly object _gate = new();
        private readonly List<OcfMessageDelivered> _deliveries = [];
        private OcfViewChanged? _lastView;

        public UdpClusterMember(uint id, OcfClusterNode node, UdpTransport transport)
        {
            Id = id;
            Node = node;
            Transport = transport;
            node.EventRaised += e =>
            {
                lock (_gate)
                {
                    if (e is OcfMessageDelivered d) _deliveries.Add(d with { Payload = d.Payload.ToArray() });
                    else if (e is OcfViewChanged v) _lastView = v;
                }
            };
        }

        public uint Id { get; }
        public OcfClusterNode Node { get; }
        public UdpTransport Transport { get; }
        public OcfViewChanged? LastViewChange { get { lock (_gate) return _lastView; } }

        public List<byte[]> DeliveredFrom(uint sender)
        {
            lock (_gate) return _deliveries.Where(d => d.Sender == sender).Select(d => d.Payload.ToArray()).ToList();
        }

        /// <summary>Broadcasts, retrying briefly while the send window is full.</summary>
        public bool Send(byte[] message)
        {
            for (int attempt = 0; attempt < 200; attempt++)
            {
                var result = Node.Broadcast(message);
                if (result.IsAccepted) return true;
                if (result.Status != OcfSendStatus.WindowFull) return false;
                Thread.Sleep(10);
            }
            return false;
        }

        public void Dispose() => Node.Dispose();
    }
}
