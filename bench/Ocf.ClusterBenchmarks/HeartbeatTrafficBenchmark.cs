using System.Diagnostics;
using System.Globalization;
using Ocf.Communication;
using Ocf.Membership;
using Ocf.Tests.Communication;

namespace Ocf.ClusterBenchmarks;

/// <summary>
/// How idle-cluster traffic grows with the number of nodes: N real <see cref="OcfClusterNode"/> stacks (default
/// pipeline, so datagram sizes are the real ones) on an <see cref="InMemoryDatagramNetwork"/> driven by a fake clock, so
/// 64 nodes × 60 s run in seconds, deterministically. The network's tap counts every datagram sent, by packet type
/// (header byte 3), after the cluster formed its full view; nothing is broadcast, so this is the pure cost of
/// heartbeats (which also carry acks and the membership view id) plus whatever membership traffic an idle cluster makes.
/// Byte counts are UDP payloads; IPv4 + UDP headers add 28 bytes per datagram on the wire. "wall µs per datagram" is
/// the single-threaded simulation's wall time over the measured window ÷ datagrams: seal + network + open + protocol,
/// a rough CPU cost of one heartbeat end to end (no sockets).
/// </summary>
internal static class HeartbeatTrafficBenchmark
{
    public static void Run(Cli cli)
    {
        var sizes = cli.Ints("nodes", [2, 4, 8, 16, 32, 64]);
        double seconds = cli.Double("seconds", 60);
        var keepalives = (cli.String("keepalive") ?? "1,0.1").Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Report.Line($"# heartbeat-traffic: in-memory network, fake clock, {seconds} simulated s per size after the full view formed; UDP payload bytes");
        foreach (double ka in keepalives)
        {
            var keepalive = TimeSpan.FromSeconds(ka);
            Report.Line($"| keepalive | nodes | datagrams/s per node (sent) | bytes/s per node (sent) | datagrams/s total | bytes/s total | heartbeat datagram size | other datagrams | formation (sim) | wall µs per datagram |");
            Report.Line("|---|---|---|---|---|---|---|---|---|---|");
            foreach (int n in sizes) OneSize(n, keepalive, seconds);
        }
    }

    private static void OneSize(int count, TimeSpan keepalive, double seconds)
    {
        var time = new ManualTimeProvider();
        using var network = new InMemoryDatagramNetwork(time, seed: 1);
        var definitions = Enumerable.Range(1, count).Select(i => new OcfNodeDefinition((uint)i, $"n{i}")).ToArray();
        var ring = new OcfKeyRing(1, OcfKeyRing.GenerateKey());
        var nodes = new List<OcfClusterNode>();
        long counting = 0;
        var datagrams = new long[256];
        var bytes = new long[256];
        var sizes = new HashSet<int>();
        int dead = 0;
        network.Tap = d =>
        {
            if (Interlocked.Read(ref counting) == 0) return;
            byte type = d.Data.Length > 3 ? d.Data[3] : (byte)0;
            datagrams[type]++;
            bytes[type] += d.Data.Length;
            if (type == (byte)OcfPacketType.Heartbeat) sizes.Add(d.Data.Length);
        };
        foreach (var d in definitions)
        {
            var options = new OcfClusterOptions
            {
                ClusterName = "traffic",
                Nodes = definitions,
                LocalNodeId = d.NodeId,
                Incarnation = 1000 + d.NodeId,
                Keepalive = keepalive,
            };
            var node = new OcfClusterNode(options, OcfPacketPipeline.CreateDefault(new OcfKeyStore(ring)), network.Connect(d.NodeId), time, new Random((int)d.NodeId));
            node.EventRaised += e => { if (e is OcfNodeStateChanged { Current: OcfNodeState.Dead }) dead++; };
            nodes.Add(node);
        }
        foreach (var node in nodes) node.Start();
        var step = keepalive / 10;
        var formation = TimeSpan.Zero;
        while (!Formed(nodes))
        {
            time.Advance(step);
            formation += step;
            if (formation > TimeSpan.FromSeconds(120)) throw new TimeoutException($"{count} nodes formed no common view in 120 simulated s");
        }
        time.Advance(keepalive * 3); // let the last commits and repairs settle
        Interlocked.Exchange(ref counting, 1);
        var wall = Stopwatch.StartNew();
        var measured = TimeSpan.FromSeconds(seconds);
        for (var t = TimeSpan.Zero; t < measured; t += step) time.Advance(step);
        Interlocked.Exchange(ref counting, 0);
        double total = datagrams.Sum(), totalBytes = bytes.Sum();
        long heartbeats = datagrams[(int)OcfPacketType.Heartbeat];
        long other = (long)total - heartbeats;
        string others = string.Join(", ", Enumerable.Range(0, 256).Where(i => i != (int)OcfPacketType.Heartbeat && datagrams[i] > 0).Select(i => $"{(OcfPacketType)i} {datagrams[i]}"));
        Report.Line($"| {keepalive.TotalMilliseconds} ms | {count} | {Report.F(total / seconds / count, "0.0")} | {Report.F(totalBytes / seconds / count, "0")} | {Report.F(total / seconds, "0")} | " +
                    $"{Report.F(totalBytes / seconds, "0")} | {string.Join("/", sizes.Order())} B | {(other == 0 ? "0" : others)} | {formation.TotalSeconds:F1} s | {Report.F(wall.Elapsed.TotalMicroseconds / Math.Max(1, total), "0.0")} |");
        if (dead > 0) Report.Line($"  WARNING: {dead} dead declarations in the simulation");
        Report.Json("heartbeat-traffic", new
        {
            keepaliveMs = keepalive.TotalMilliseconds, nodes = count, datagramsPerNodePerSecond = total / seconds / count, bytesPerNodePerSecond = totalBytes / seconds / count,
            datagramsPerSecond = total / seconds, bytesPerSecond = totalBytes / seconds, heartbeatSizes = sizes.Order().ToArray(), other, formationSeconds = formation.TotalSeconds,
            wallSeconds = wall.Elapsed.TotalSeconds, wallMicrosecondsPerDatagram = wall.Elapsed.TotalMicroseconds / Math.Max(1, total), dead,
        });
        foreach (var node in nodes) node.Dispose();
    }

    private static bool Formed(List<OcfClusterNode> nodes)
    {
        var first = nodes[0].View;
        return first is not null && first.Members.Length == nodes.Count && nodes.All(n => Equals(n.View, first));
    }
}
