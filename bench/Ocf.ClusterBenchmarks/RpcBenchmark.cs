using System.Diagnostics;
using Ocf.Data;
using Ocf.Rpc;

namespace Ocf.ClusterBenchmarks;

/// <summary>
/// Node-to-node XML-RPC round trip over the cluster: node 1's <c>OcfClusterRpc.CallAsync(2, "bench.echo", [s])</c>
/// until its result is back, one call in flight. Request and response each travel as one reliable broadcast
/// (22-byte envelope + XML-RPC document, signed and encrypted) over UDP on 127.0.0.1; the callee runs the method off
/// its dispatch thread through its <see cref="OcfRpcDispatcher"/>, with the at-most-once reply cache. Also the
/// cluster-wide call (every member answers) on 3 nodes, and the in-process dispatcher alone for reference.
/// </summary>
internal static class RpcBenchmark
{
    public static void Run(Cli cli)
    {
        int runs = cli.Int("runs", 3), count = cli.Int("count", 1000), warmup = cli.Int("warmup-count", 200), size = cli.Int("size", 64);
        var keepalive = TimeSpan.FromSeconds(cli.Double("keepalive", 1));
        var sizes = cli.Ints("nodes", [2, 3]);
        string text = new('x', size);
        Report.Line($"# rpc: bench.echo of a {size}-character string, {runs} runs × {count} calls (after {warmup} warm-up), keepalive {keepalive.TotalMilliseconds} ms");

        Measure("dispatcher (in process, no network)", runs, () => DispatcherRun(text, count, warmup));
        foreach (int nodes in sizes)
        {
            Measure($"call nodes={nodes}", runs, () => ClusterRun(nodes, text, count, warmup, keepalive, all: false));
            if (nodes >= 3) Measure($"callAll nodes={nodes}", runs, () => ClusterRun(nodes, text, count, warmup, keepalive, all: true));
        }
    }

    private static void Measure(string what, int runs, Func<List<double>> run)
    {
        var medians = new List<double>();
        var all = new List<double>();
        for (int r = 1; r <= runs; r++)
        {
            Quiet.Wait($"rpc {what} run={r}");
            var cpu0 = CpuSample.Take();
            var samples = run();
            var busy = CpuSample.BusyPercent(cpu0, CpuSample.Take());
            var s = new Stats(samples);
            medians.Add(s.Median);
            all.AddRange(samples);
            Report.Line($"rpc {what} run={r}: median {Report.F(s.Median)} µs, p99 {Report.F(s.Percentile(99))} µs, min {Report.F(s.Min)}, max {Report.F(s.Max)} (n={s.Count}, machine busy {Report.F(busy, "0")} %, load {Report.LoadAverage()})");
            Report.Json("rpc-run", new { what, run = r, median = s.Median, p99 = s.Percentile(99), n = s.Count, busy });
        }
        var m = new Stats(medians);
        var pooled = new Stats(all);
        Report.Line($"RPC {what}: median of run medians {Report.F(m.Median)} µs (runs {Report.F(m.Min)}–{Report.F(m.Max)}), pooled p99 {Report.F(pooled.Percentile(99))} µs");
        Report.Json("rpc", new { what, medianOfMedians = m.Median, runMin = m.Min, runMax = m.Max, pooledP99 = pooled.Percentile(99) });
    }

    private static List<double> DispatcherRun(string text, int count, int warmup)
    {
        var registry = new OcfRpcRegistry();
        registry.Register("bench.echo", "", [new Ocf.Configuration.OcfField { FieldName = "value" }], OcfRpcTypes.String, (args, _) => ValueTask.FromResult(args[0]));
        var dispatcher = new OcfRpcDispatcher(registry);
        var request = Ocf.Encoding.XmlRpc.XmlRpcCodec.Instance.EncodeMessage(new Ocf.Encoding.XmlRpc.XmlRpcMethodCall("bench.echo", [new OcfString(text)]));
        var samples = new List<double>(count);
        for (int i = 0; i < warmup + count; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            var response = dispatcher.DispatchAsync(request).AsTask().GetAwaiter().GetResult();
            var value = ((Ocf.Encoding.XmlRpc.XmlRpcMethodResponse)Ocf.Encoding.XmlRpc.XmlRpcCodec.Instance.DecodeMessage(response)).Value;
            if (i >= warmup) samples.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
            if (value is not OcfString) throw new InvalidOperationException("bad echo");
        }
        return samples;
    }

    private static List<double> ClusterRun(int nodes, string text, int count, int warmup, TimeSpan keepalive, bool all)
    {
        return Task.Run(async () =>
        {
            await using var cluster = new RuntimeLoopback(nodes, keepalive, keepalive * 10, election: false);
            for (uint id = 1; id <= nodes; id++) cluster.Start(id);
            cluster.WaitForFullView(TimeSpan.FromSeconds(15));
            var rpc = cluster[1].Rpc;
            OcfValue[] args = [new OcfString(text)];
            var samples = new List<double>(count);
            var timeout = TimeSpan.FromSeconds(5);
            for (int i = 0; i < warmup + count; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                if (all)
                {
                    var results = await rpc.CallAllAsync("bench.echo", args, timeout);
                    if (results.Answers.Count != nodes) throw new InvalidOperationException($"{results.NotAnswered.Count} members did not answer");
                }
                else if (await rpc.CallAsync(2, "bench.echo", args, timeout) is not OcfString) throw new InvalidOperationException("bad echo");
                if (i >= warmup) samples.Add(Stopwatch.GetElapsedTime(t0).TotalMicroseconds);
            }
            Report.Line($"  nodes={nodes}{(all ? " callAll" : "")}: executed at n2 {cluster[2].Rpc.RequestsExecuted}, duplicates {cluster[2].Rpc.DuplicatesSuppressed + cluster[2].Rpc.ResponsesResent}, " +
                        $"retransmissions {cluster.Running.Sum(m => m.Runtime.Counters.Retransmissions)}, dead events {cluster.DeadEvents}");
            return samples;
        }).GetAwaiter().GetResult();
    }
}
