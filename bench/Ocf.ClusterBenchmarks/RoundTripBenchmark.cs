using System.Diagnostics;
using Ocf.Communication;
using Ocf.Membership;

namespace Ocf.ClusterBenchmarks;

/// <summary>
/// Message round trip, 1 KiB, authenticated and encrypted by the default pipeline: node 1 broadcasts, node 2 broadcasts
/// the payload back from its delivery handler, and the time from node 1's <see cref="OcfClusterNode.Broadcast"/> call to
/// the delivery of the echo at node 1 (stamped in node 1's handler) is one sample. The driver thread waits for the echo
/// before the next round, so exactly one message is in flight. With 3 nodes node 3 receives both messages too (the
/// broadcasts fan out to it), which is what a 3-node corosync CPG round trip pays as well.
/// <para>
/// Corosync's single-node CPG round trip (≈ 60 µs) is client → IPC → corosync → totem on loopback → IPC → client. Ocf
/// has no daemon between the application and the protocol, and a 1-node Ocf cluster sends nothing on the wire (the
/// broadcast is delivered locally inside the call), so the closest analogue is the 2-node loopback round trip: two
/// protocol stacks, two UDP hops, sign + encrypt + verify + decrypt twice. The 1-node figure is printed for reference.
/// </para>
/// </summary>
internal static class RoundTripBenchmark
{
    public static void Run(Cli cli)
    {
        int runs = cli.Int("runs", 5), count = cli.Int("count", 2000), warmup = cli.Int("warmup-count", 500), size = cli.Int("size", 1024);
        var keepalive = TimeSpan.FromSeconds(cli.Double("keepalive", 1));
        var sizes = cli.Ints("nodes", [1, 2, 3]);
        Report.Line($"# rtt: {size}-byte messages, {runs} runs × {count} round trips (after {warmup} warm-up), keepalive {keepalive.TotalMilliseconds} ms");
        foreach (int nodes in sizes)
        {
            var medians = new List<double>();
            var all = new List<double>();
            for (int run = 1; run <= runs; run++)
            {
                Quiet.Wait($"rtt nodes={nodes} run={run}");
                var cpu0 = CpuSample.Take();
                var samples = nodes == 1 ? LocalRun(size, count, warmup, keepalive) : NetworkRun(nodes, size, count, warmup, keepalive, out string detail);
                var busy = CpuSample.BusyPercent(cpu0, CpuSample.Take());
                var s = new Stats(samples);
                medians.Add(s.Median);
                all.AddRange(samples);
                Report.Line($"rtt nodes={nodes} run={run}: median {Report.F(s.Median)} µs, p99 {Report.F(s.Percentile(99))} µs, min {Report.F(s.Min)}, max {Report.F(s.Max)} " +
                            $"(n={s.Count}, machine busy {Report.F(busy, "0")} %, load {Report.LoadAverage()})");
                Report.Json("rtt-run", new { nodes, run, size, median = s.Median, p99 = s.Percentile(99), min = s.Min, max = s.Max, n = s.Count, busy });
            }
            var m = new Stats(medians);
            var pooled = new Stats(all);
            Report.Line($"RTT nodes={nodes}: median of run medians {Report.F(m.Median)} µs (runs {Report.F(m.Min)}–{Report.F(m.Max)}), pooled p99 {Report.F(pooled.Percentile(99))} µs, pooled median {Report.F(pooled.Median)} µs");
            Report.Json("rtt", new { nodes, size, medianOfMedians = m.Median, runMin = m.Min, runMax = m.Max, pooledP99 = pooled.Percentile(99), pooledMedian = pooled.Median });
        }
    }

    /// <summary>1 node: Broadcast → own delivery, which happens inside the call (no datagram, no crypto).</summary>
    private static List<double> LocalRun(int size, int count, int warmup, TimeSpan keepalive)
    {
        using var cluster = new LoopbackCluster(1, keepalive);
        var node = cluster[1];
        long delivered = 0;
        node.EventRaised += e => { if (e is OcfMessageDelivered) delivered = Stopwatch.GetTimestamp(); };
        cluster.Start();
        cluster.WaitForFullView(TimeSpan.FromSeconds(10));
        var payload = Payload(size);
        var samples = new List<double>(count);
        for (int i = 0; i < warmup + count; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            if (!node.Broadcast(payload).IsAccepted) throw new InvalidOperationException("broadcast refused");
            if (i >= warmup) samples.Add(Stopwatch.GetElapsedTime(t0, delivered).TotalMicroseconds);
        }
        return samples;
    }

    private static List<double> NetworkRun(int nodes, int size, int count, int warmup, TimeSpan keepalive, out string detail)
    {
        using var cluster = new LoopbackCluster(nodes, keepalive);
        var a = cluster[1];
        var b = cluster[2];
        long echoAt = 0;
        using var echoed = new SemaphoreSlim(0);
        b.EventRaised += e =>
        {
            if (e is OcfMessageDelivered { Sender: 1 } d && !b.Broadcast(d.Payload.Span).IsAccepted) throw new InvalidOperationException("echo refused");
        };
        a.EventRaised += e =>
        {
            if (e is OcfMessageDelivered { Sender: 2 })
            {
                Volatile.Write(ref echoAt, Stopwatch.GetTimestamp());
                echoed.Release();
            }
        };
        cluster.Start();
        cluster.WaitForFullView(TimeSpan.FromSeconds(15));
        var payload = Payload(size);
        var samples = new List<double>(count);
        int timeouts = 0;
        for (int i = 0; i < warmup + count; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            var result = a.Broadcast(payload);
            if (!result.IsAccepted) throw new InvalidOperationException($"broadcast refused: {result.Status}");
            if (!echoed.Wait(TimeSpan.FromSeconds(5))) { timeouts++; continue; }
            if (i >= warmup) samples.Add(Stopwatch.GetElapsedTime(t0, Volatile.Read(ref echoAt)).TotalMicroseconds);
        }
        detail = cluster.RepairSummary();
        Report.Line($"  nodes={nodes}: {detail}, timeouts {timeouts}");
        if (timeouts > 0) Report.Line($"  WARNING: {timeouts} round trips did not complete within 5 s");
        return samples;
    }

    public static byte[] Payload(int size)
    {
        var payload = new byte[size];
        new Random(42).NextBytes(payload); // incompressible; 1 KiB is below the 2 KiB DEFLATE threshold anyway
        return payload;
    }
}
