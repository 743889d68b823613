using System.Buffers.Binary;
using System.Diagnostics;
using Ocf.Communication;
using Ocf.Groups;
using Ocf.Node;
using Ocf.Plugins.Comm.Udp;

namespace Ocf.ClusterBenchmarks;

/// <summary>
/// Process-group messaging (Ocf.Groups, agreed order) over the real UDP transport on 127.0.0.1, N node runtimes in this
/// process, one group member per node, beside the corosync CPG anchors (≈30k msgs/s and ≈60 µs round trip on 1 node;
/// 15–25k msgs/s on 3).
/// <list type="bullet">
/// <item>Throughput: every member (--senders all, the default) or the highest node's member (--senders 1: its messages
/// go through the sequencer, node 1) sends 1 KiB messages as fast as flow control allows; rate = messages delivered at
/// the slowest member during the window ÷ window. After the window the run drains and checks that every member delivered
/// every message, each sender's in its order, and the same total order everywhere (a running hash of the sequence).</item>
/// <item>Round trip: member A sends, member B echoes on delivery, A times send → echo delivered. On 1 node A and B are two
/// members of that node; on 3 nodes A is on n3 and B on n2, so both legs go through the sequencer on n1.</item>
/// </list>
/// </summary>
internal static class GroupBenchmark
{
    public static void Run(Cli cli)
    {
        int runs = cli.Int("runs", 3), size = cli.Int("size", 1024), pings = cli.Int("pings", 2000);
        var duration = TimeSpan.FromSeconds(cli.Double("duration", 5));
        var warmup = TimeSpan.FromSeconds(cli.Double("warmup", 1));
        var keepalive = TimeSpan.FromSeconds(cli.Double("keepalive", 1));
        bool allSend = cli.String("senders") != "1";
        Report.Line($"# groups: {size}-byte messages, {runs} runs × {duration.TotalSeconds} s (after {warmup.TotalSeconds} s warm-up), senders {(allSend ? "all" : "highest node")}, keepalive {keepalive.TotalMilliseconds} ms; round trip {pings} pings per run");
        foreach (int nodes in cli.Ints("nodes", [1, 3]))
        {
            var rates = new List<double>();
            var medians = new List<double>();
            var p99s = new List<double>();
            for (int run = 1; run <= runs; run++)
            {
                Quiet.Wait($"groups nodes={nodes} run={run}");
                using var cluster = new GroupLoopback(nodes, keepalive);
                rates.Add(Throughput(cluster, size, duration, warmup, allSend, run));
                var (median, p99) = RoundTrip(cluster, size, pings, run);
                medians.Add(median);
                p99s.Add(p99);
            }
            var r = new Stats(rates);
            var m = new Stats(medians);
            var p = new Stats(p99s);
            Report.Line($"GROUP-THROUGHPUT nodes={nodes} senders={(allSend ? "all" : "1")}: median {Report.F(r.Median, "0")} msgs/s at the slowest member (runs {Report.F(r.Min, "0")}–{Report.F(r.Max, "0")})");
            Report.Line($"GROUP-RTT nodes={nodes}: median {Report.F(m.Median, "0")} µs (runs {Report.F(m.Min, "0")}–{Report.F(m.Max, "0")}), p99 {Report.F(p.Median, "0")} µs");
            Report.Json("groups", new { nodes, size, senders = allSend ? "all" : "1", throughputMedian = r.Median, throughputMin = r.Min, throughputMax = r.Max, rttMedianUs = m.Median, rttP99Us = p.Median });
        }
    }

    private static double Throughput(GroupLoopback cluster, int size, TimeSpan duration, TimeSpan warmup, bool allSend, int run)
    {
        int n = cluster.Count;
        var delivered = new long[n + 1];
        var orderHash = new ulong[n + 1];
        var expected = new long[n + 1, n + 1];
        long orderErrors = 0;
        var handles = new OcfGroupHandle[n + 1];
        for (int id = 1; id <= n; id++)
        {
            int receiver = id;
            cluster.Groups(id).Delivered += (h, e) =>
            {
                if (e is not OcfGroupMessage m || m.Group != "tput") return;
                long seq = BinaryPrimitives.ReadInt64LittleEndian(m.Payload.Span);
                int from = (int)m.Sender.NodeId;
                if (seq != expected[receiver, from]) Interlocked.Increment(ref orderErrors);
                expected[receiver, from] = seq + 1;
                orderHash[receiver] = (orderHash[receiver] ^ ((ulong)from << 56 ^ (ulong)seq)) * 1099511628211UL;
                Volatile.Write(ref delivered[receiver], delivered[receiver] + 1);
            };
            handles[id] = cluster.Groups(id).JoinAsync("tput", $"m{id}", buffer: false).GetAwaiter().GetResult();
        }
        WaitFor(() => Enumerable.Range(1, n).All(i => handles[i].Members.Count == n), TimeSpan.FromSeconds(15), "all members joined");

        var senders = allSend ? Enumerable.Range(1, n).ToArray() : [n];
        var sent = new long[n + 1];
        using var stop = new CancellationTokenSource();
        var tasks = senders.Select(id => Task.Run(async () =>
        {
            var payload = RoundTripBenchmark.Payload(size);
            long seq = 0;
            while (!stop.IsCancellationRequested)
            {
                var copy = (byte[])payload.Clone();
                BinaryPrimitives.WriteInt64LittleEndian(copy, seq);
                await handles[id].SendAsync(copy);
                Volatile.Write(ref sent[id], ++seq);
            }
        })).ToArray();
        Thread.Sleep(warmup);
        long Slowest() => Enumerable.Range(1, n).Min(i => Volatile.Read(ref delivered[i]));
        long before = Slowest();
        var proc0 = ProcessCpu.Now();
        var watch = Stopwatch.StartNew();
        Thread.Sleep(duration);
        long after = Slowest();
        var elapsed = watch.Elapsed;
        var cpu = (ProcessCpu.Now() - proc0).TotalSeconds / elapsed.TotalSeconds * 100;
        stop.Cancel();
        Task.WaitAll(tasks);
        long total = senders.Sum(s => Volatile.Read(ref sent[s]));
        bool drained = WaitFor(() => Enumerable.Range(1, n).All(i => Volatile.Read(ref delivered[i]) == total), TimeSpan.FromSeconds(60), null);
        bool sameOrder = Enumerable.Range(1, n).All(i => orderHash[i] == orderHash[1]);
        double rate = (after - before) / elapsed.TotalSeconds;
        Report.Line($"  run {run} nodes={n}: {Report.F(rate, "0")} msgs/s at the slowest member; process CPU {Report.F(cpu, "0")} % of one core; " +
                    $"{total} sent, drained {(drained ? "yes" : "NO")}, sender order errors {Interlocked.Read(ref orderErrors)}, same total order everywhere {(sameOrder ? "yes" : "NO")}, dead events {cluster.DeadEvents}");
        foreach (var h in handles.Skip(1)) h.LeaveAsync().Wait(TimeSpan.FromSeconds(15));
        return rate;
    }

    private static (double MedianUs, double P99Us) RoundTrip(GroupLoopback cluster, int size, int pings, int run)
    {
        int n = cluster.Count;
        int a = n, b = n == 1 ? 1 : n - 1;
        var echo = cluster.Groups(b).JoinAsync("rtt", "b", buffer: false).GetAwaiter().GetResult();
        var others = Enumerable.Range(1, n).Where(i => i != a && i != b).Select(i => cluster.Groups(i).JoinAsync("rtt", $"o{i}", buffer: false).GetAwaiter().GetResult()).ToList();
        var pinger = cluster.Groups(a).JoinAsync("rtt", "a", buffer: false).GetAwaiter().GetResult();
        WaitFor(() => pinger.Members.Count == n + (n == 1 ? 1 : 0) && echo.Members.Count == pinger.Members.Count, TimeSpan.FromSeconds(15), "rtt members");
        TaskCompletionSource? pong = null;
        cluster.Groups(b).Delivered += (h, e) =>
        {
            if (h == echo && e is OcfGroupMessage { Sender.Name: "a" } m) _ = echo.SendAsync(m.Payload);
        };
        cluster.Groups(a).Delivered += (h, e) =>
        {
            if (h == pinger && e is OcfGroupMessage { Sender.Name: "b" }) Volatile.Read(ref pong)?.TrySetResult();
        };
        var payload = RoundTripBenchmark.Payload(size);
        var samples = new List<double>(pings);
        for (int i = 0; i < pings + pings / 10; i++)
        {
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref pong, tcs);
            long t0 = Stopwatch.GetTimestamp();
            pinger.SendAsync(payload).GetAwaiter().GetResult();
            if (!tcs.Task.Wait(TimeSpan.FromSeconds(10))) throw new TimeoutException($"no echo for ping {i}");
            double us = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
            if (i >= pings / 10) samples.Add(us); // the first tenth warms up
        }
        var s = new Stats(samples);
        Report.Line($"  run {run} nodes={n}: round trip median {Report.F(s.Median, "0")} µs, p99 {Report.F(s.Percentile(99), "0")} µs, min {Report.F(s.Min, "0")} µs over {samples.Count} pings");
        foreach (var h in others.Append(echo).Append(pinger)) h.LeaveAsync().Wait(TimeSpan.FromSeconds(15));
        return (s.Median, s.Percentile(99));
    }

    private static bool WaitFor(Func<bool> condition, TimeSpan timeout, string? what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout) return what is null ? false : throw new TimeoutException($"timed out waiting for {what}");
            Thread.Sleep(5);
        }
        return true;
    }

    /// <summary>N node runtimes with a group service each, over UDP on 127.0.0.1.</summary>
    private sealed class GroupLoopback : IDisposable
    {
        private readonly List<OcfNodeRuntime> _runtimes = [];
        private readonly List<OcfGroupService> _groups = [];
        private int _deadEvents;

        public GroupLoopback(int count, TimeSpan keepalive)
        {
            var ports = LoopbackCluster.FreePorts(count);
            var configuration = new OcfClusterConfiguration
            {
                ClusterName = "bench",
                Nodes = Enumerable.Range(0, count).Select(i => new OcfNodeDefinition((uint)(i + 1), $"n{i + 1}") { Addresses = [$"127.0.0.1:{ports[i]}"] }).ToArray(),
                Keepalive = keepalive,
                Warntime = keepalive * 5,
                Deadtime = keepalive * 10,
                Initdead = keepalive * 10,
                AuthKey = "unused-with-an-explicit-key-store",
            };
            var keys = new OcfKeyStore(new OcfKeyRing(1, OcfKeyRing.GenerateKey()));
            foreach (var d in configuration.Nodes)
            {
                var transport = UdpTransport.Create(configuration.ToOptions(d.NodeId, (ulong)DateTime.UtcNow.Ticks));
                var runtime = OcfNodeRuntime.Create(configuration, d.Name, transport, keys);
                runtime.EventObserved += e =>
                {
                    if (e is OcfNodeStateChanged { Current: OcfNodeState.Dead }) Interlocked.Increment(ref _deadEvents);
                };
                _groups.Add(new OcfGroupService(runtime));
                _runtimes.Add(runtime);
            }
            foreach (var r in _runtimes) r.Start();
            WaitFor(() => _groups.All(g => g.CurrentView is { } v && !g.IsFlushing && _runtimes.All(r => r.View?.Members.Length == count)), TimeSpan.FromSeconds(20), "the group view of all nodes");
        }

        public int Count => _runtimes.Count;
        public int DeadEvents => Volatile.Read(ref _deadEvents);
        public OcfGroupService Groups(int id) => _groups[id - 1];

        public void Dispose()
        {
            foreach (var g in _groups) g.DisposeAsync().AsTask().Wait();
            foreach (var r in _runtimes) r.StopAsync(graceful: false).Wait();
        }
    }
}
