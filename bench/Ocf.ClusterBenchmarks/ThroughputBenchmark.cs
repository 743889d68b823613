using System.Buffers.Binary;
using System.Diagnostics;
using Ocf.Communication;
using Ocf.Plugins.Comm.Udp;

namespace Ocf.ClusterBenchmarks;

/// <summary>
/// Sustained 1 KiB broadcast throughput in one process over UDP on 127.0.0.1: one sender (node 1, like the corosync
/// anchor's sender on n1) or every node (--senders all) broadcasts as fast as the flow-control window allows. A refused
/// broadcast (<see cref="OcfSendStatus.WindowFull"/>) waits for <see cref="OcfSendWindowOpened"/> (at most 5 ms, then
/// retries). Every receiver counts the deliveries and checks that each sender's sequence numbers arrive in order without
/// gaps. Rate = deliveries at the slowest receiver during the measured window (after a warm-up) ÷ window. After the
/// window the senders stop and the run waits until every accepted message reached every receiver (nothing lost).
/// </summary>
internal static class ThroughputBenchmark
{
    public static void Run(Cli cli)
    {
        int runs = cli.Int("runs", 3), size = cli.Int("size", 1024);
        var duration = TimeSpan.FromSeconds(cli.Double("duration", 10));
        var warmup = TimeSpan.FromSeconds(cli.Double("warmup", 2));
        var keepalive = TimeSpan.FromSeconds(cli.Double("keepalive", 1));
        bool allSend = cli.String("senders") == "all";
        int? rcvbuf = cli.String("rcvbuf") is { } r ? int.Parse(r) : null;
        int? window = cli.String("window") is { } w ? int.Parse(w) : null;
        var settings = rcvbuf is null ? null : new UdpTransportSettings { ReceiveBufferSize = rcvbuf, SendBufferSize = rcvbuf };
        Report.Line($"# throughput: {size}-byte messages, {runs} runs × {duration.TotalSeconds} s (after {warmup.TotalSeconds} s warm-up), senders {(allSend ? "all" : "node 1")}, " +
                    $"keepalive {keepalive.TotalMilliseconds} ms, socket buffers {(rcvbuf?.ToString() ?? "system default")}, send window {window ?? 1024}");
        foreach (int nodes in cli.Ints("nodes", [1, 2, 3]))
        {
            var rates = new List<double>();
            for (int run = 1; run <= runs; run++)
            {
                Quiet.Wait($"throughput nodes={nodes} run={run}");
                var rate = OneRun(nodes, size, duration, warmup, keepalive, allSend, settings, window, run);
                rates.Add(rate);
            }
            var s = new Stats(rates);
            Report.Line($"THROUGHPUT nodes={nodes} senders={(allSend ? "all" : "1")}: median {Report.F(s.Median, "0")} msgs/s at the slowest receiver (runs {Report.F(s.Min, "0")}–{Report.F(s.Max, "0")})");
            Report.Json("throughput", new { nodes, size, senders = allSend ? "all" : "1", median = s.Median, min = s.Min, max = s.Max, rcvbuf, window });
        }
    }

    private static double OneRun(int nodes, int size, TimeSpan duration, TimeSpan warmup, TimeSpan keepalive, bool allSend, UdpTransportSettings? settings, int? window, int run)
    {
        using var cluster = new LoopbackCluster(nodes, keepalive, settings: settings, sendWindow: window);
        var senders = allSend ? Enumerable.Range(1, nodes).ToArray() : [1];
        // received[receiver, sender]: deliveries; expected[receiver, sender]: next sequence; errors: out of order or gaps.
        var received = new long[nodes + 1, nodes + 1];
        var expected = new long[nodes + 1, nodes + 1];
        long orderErrors = 0;
        var windowOpened = Enumerable.Range(0, nodes + 1).Select(_ => new SemaphoreSlim(0)).ToArray();
        for (int id = 1; id <= nodes; id++)
        {
            int receiver = id;
            cluster[id].EventRaised += e =>
            {
                switch (e)
                {
                    case OcfMessageDelivered d:
                        long seq = BinaryPrimitives.ReadInt64LittleEndian(d.Payload.Span);
                        int from = (int)d.Sender;
                        // Delivery events are raised one at a time per node (the node's dispatcher), so plain writes suffice here.
                        if (seq != expected[receiver, from]) Interlocked.Increment(ref orderErrors);
                        expected[receiver, from] = seq + 1;
                        Volatile.Write(ref received[receiver, from], received[receiver, from] + 1);
                        break;
                    case OcfSendWindowOpened:
                        windowOpened[receiver].Release();
                        break;
                }
            };
        }
        cluster.Start();
        cluster.WaitForFullView(TimeSpan.FromSeconds(15));

        var accepted = new long[nodes + 1];
        var refusals = new long[nodes + 1];
        using var stop = new CancellationTokenSource();
        var threads = senders.Select(id => new Thread(() =>
        {
            var node = cluster[id];
            var payload = RoundTripBenchmark.Payload(size);
            long seq = 0;
            while (!stop.IsCancellationRequested)
            {
                BinaryPrimitives.WriteInt64LittleEndian(payload, seq);
                var result = node.Broadcast(payload);
                if (result.IsAccepted)
                {
                    seq++;
                    Volatile.Write(ref accepted[id], seq);
                }
                else if (result.Status == OcfSendStatus.WindowFull)
                {
                    refusals[id]++;
                    windowOpened[id].Wait(5);
                }
                else throw new InvalidOperationException($"node {id}: broadcast {result.Status}");
            }
        }) { IsBackground = true, Name = $"sender {id}" }).ToArray();

        foreach (var t in threads) t.Start();
        Thread.Sleep(warmup);
        long[] Snapshot() => Enumerable.Range(1, nodes).Select(r => senders.Where(s => s != r || nodes == 1).Sum(s => Volatile.Read(ref received[r, s]))).ToArray();
        var before = Snapshot();
        var cpu0 = CpuSample.Take();
        long rcvbufErrors0 = UdpSnmp.RcvbufErrors();
        var proc0 = ProcessCpu.Now();
        var watch = Stopwatch.StartNew();
        Thread.Sleep(duration);
        var after = Snapshot();
        var elapsed = watch.Elapsed;
        var proc1 = ProcessCpu.Now();
        var busy = CpuSample.BusyPercent(cpu0, CpuSample.Take());
        long kernelDrops = UdpSnmp.RcvbufErrors() - rcvbufErrors0;
        stop.Cancel();
        foreach (var t in threads) t.Join();

        // Completeness: every accepted message reaches every other node (and the sender itself, locally).
        var drain = Stopwatch.StartNew();
        bool complete;
        while (true)
        {
            complete = senders.All(s => Enumerable.Range(1, nodes).All(r => Volatile.Read(ref received[r, s]) == Volatile.Read(ref accepted[s])));
            if (complete || drain.Elapsed > TimeSpan.FromSeconds(20)) break;
            Thread.Sleep(10);
        }

        // Receivers: every node but a lone sender (with 1 node the sender's own local deliveries are all there is).
        var receivers = Enumerable.Range(1, nodes).Where(r => nodes == 1 || allSend || r != 1).ToArray();
        var perReceiver = receivers.Select(r => (after[r - 1] - before[r - 1]) / elapsed.TotalSeconds).ToArray();
        double slowest = perReceiver.Min();
        long totalDelivered = Enumerable.Range(0, nodes).Sum(i => after[i] - before[i]);
        double cpuUsPerDelivery = (proc1 - proc0).TotalMicroseconds / Math.Max(1, totalDelivered);
        Report.Line($"throughput nodes={nodes} run={run}: slowest receiver {Report.F(slowest, "0")} msgs/s ({Report.F(slowest * size / 1048576.0, "0.0")} MiB/s), " +
                    $"per receiver [{string.Join(", ", perReceiver.Select(x => Report.F(x, "0")))}], accepted {senders.Sum(s => accepted[s])}, " +
                    $"complete {complete} (drain {drain.Elapsed.TotalMilliseconds:F0} ms), order errors {orderErrors}, " +
                    $"process CPU {Report.F((proc1 - proc0).TotalSeconds / elapsed.TotalSeconds * 100, "0")} % of one core, {Report.F(cpuUsPerDelivery, "0.0")} CPU-µs per delivery, " +
                    $"machine busy {Report.F(busy, "0")} %, load {Report.LoadAverage()}");
        Report.Line($"  {cluster.RepairSummary()}; kernel UDP receive-buffer drops (RcvbufErrors, whole host) during the window {kernelDrops}");
        Report.Json("throughput-run", new { nodes, run, size, slowest, perReceiver, complete, orderErrors, busy, cpuUsPerDelivery, kernelDrops, repair = cluster.RepairSummary() });
        return slowest;
    }
}

/// <summary>The host's UDP counters from /proc/net/snmp (whole host, all sockets).</summary>
internal static class UdpSnmp
{
    public static long RcvbufErrors()
    {
        if (!File.Exists("/proc/net/snmp")) return 0;
        var lines = File.ReadAllLines("/proc/net/snmp").Where(l => l.StartsWith("Udp:", StringComparison.Ordinal)).ToArray();
        if (lines.Length < 2) return 0;
        var names = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int i = Array.IndexOf(names, "RcvbufErrors");
        return i > 0 ? long.Parse(values[i]) : 0;
    }
}
