using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ocf.Communication;
using Ocf.Membership;
using Ocf.Plugins.Comm.Udp;

namespace Ocf.ClusterBenchmarks;

/// <summary>
/// N <see cref="OcfClusterNode"/>s in this process, each with its own <see cref="UdpTransport"/> on 127.0.0.1 (fresh
/// ephemeral ports) and its own default pipeline (HMAC-SHA256 + AES-256-GCM, DEFLATE above 2 KiB) over one shared key:
/// exactly what two hosts would run, minus the wire. Every node's state changes are counted, so a run can show that
/// nobody was declared dead while it measured.
/// </summary>
internal sealed class LoopbackCluster : IDisposable
{
    private readonly List<OcfClusterNode> _nodes = [];
    private readonly List<UdpTransport> _transports = [];
    private int _deadEvents, _stalls;

    public LoopbackCluster(int count, TimeSpan keepalive, TimeSpan? deadtime = null, UdpTransportSettings? settings = null, int? sendWindow = null)
    {
        var ports = FreePorts(count);
        var definitions = Enumerable.Range(0, count).Select(i => new OcfNodeDefinition((uint)(i + 1), $"n{i + 1}") { Addresses = [$"127.0.0.1:{ports[i]}"] }).ToArray();
        var ring = new OcfKeyRing(1, OcfKeyRing.GenerateKey());
        try
        {
            foreach (var d in definitions)
            {
                var options = new OcfClusterOptions
                {
                    ClusterName = "bench",
                    Nodes = definitions,
                    LocalNodeId = d.NodeId,
                    Incarnation = (ulong)DateTime.UtcNow.Ticks,
                    Keepalive = keepalive,
                    Deadtime = deadtime ?? keepalive * 10,
                    SendWindow = sendWindow ?? 1024,
                    // A smaller window must still hold two largest messages: shrink the largest message to fit.
                    MaxMessageSize = sendWindow is { } w && w < 1024 ? w / 2 * 1200 : OcfClusterOptions.DefaultMaxMessageSize,
                };
                var transport = UdpTransport.Create(options, settings);
                _transports.Add(transport);
                var node = new OcfClusterNode(options, OcfPacketPipeline.CreateDefault(new OcfKeyStore(ring)), transport);
                node.EventRaised += e =>
                {
                    if (e is OcfNodeStateChanged { Current: OcfNodeState.Dead }) Interlocked.Increment(ref _deadEvents);
                    if (e is OcfLocalStall) Interlocked.Increment(ref _stalls);
                };
                _nodes.Add(node);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IReadOnlyList<OcfClusterNode> Nodes => _nodes;
    public OcfClusterNode this[int nodeId] => _nodes[nodeId - 1];
    public UdpTransport Transport(int nodeId) => _transports[nodeId - 1];
    public int DeadEvents => Volatile.Read(ref _deadEvents);
    public int Stalls => Volatile.Read(ref _stalls);

    public void Start()
    {
        foreach (var n in _nodes) n.Start();
    }

    /// <summary>Waits until every node installed the same view of all nodes; throws after <paramref name="timeout"/>.</summary>
    public TimeSpan WaitForFullView(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var views = _nodes.Select(n => n.View).ToArray();
            if (views[0] is { } first && first.Members.Length == _nodes.Count && views.All(v => Equals(v, first))) return watch.Elapsed;
            if (watch.Elapsed > timeout)
                throw new TimeoutException($"no common {_nodes.Count}-member view after {timeout}: " + string.Join("; ", views.Select(v => v?.ToString() ?? "none")));
            Thread.Sleep(5);
        }
    }

    public static int[] FreePorts(int count)
    {
        var sockets = Enumerable.Range(0, count).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)).ToArray();
        try
        {
            foreach (var s in sockets) s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).ToArray();
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
        }
    }

    /// <summary>Sum of every node's communication counters that tell about losses and repairs.</summary>
    public string RepairSummary()
    {
        var c = _nodes.Select(n => n.Counters).ToArray();
        var u = _transports.Select(t => t.Statistics).ToArray();
        return $"datagrams sent {c.Sum(x => x.DatagramsSent)}, udp send failures {u.Sum(x => x.SendFailures)}, nacks {c.Sum(x => x.NacksSent)}, " +
               $"retransmissions {c.Sum(x => x.Retransmissions)}, duplicates {c.Sum(x => x.DuplicatesIgnored)}, dropped {c.Sum(x => x.DroppedTotal)}, " +
               $"window-full refusals {c.Sum(x => x.WindowFullRefusals)}, dead events {DeadEvents}, stalls {Stalls}";
    }

    public void Dispose()
    {
        foreach (var n in _nodes) n.Dispose();
        foreach (var t in _transports) t.Dispose();
        foreach (var t in _transports) t.Stopped.Wait(TimeSpan.FromSeconds(2));
    }
}
