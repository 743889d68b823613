using System.Collections.Concurrent;
using System.Diagnostics;
using Ocf.Membership;

namespace Ocf.ClusterBenchmarks;

/// <summary>
/// Leader election after the leader is killed: 3 in-process node runtimes over UDP on 127.0.0.1 (real sockets, the
/// default pipeline), keepalive 100 ms and deadtime 500 ms as in <c>detect</c>. Node 1 (the lowest id, so the
/// leader) is stopped without leaving; the survivors declare it dead, install a 2-member view, and elect node 2. Per
/// kill: kill → the new view at every survivor (failure detection plus membership), the new view → node 2 known as
/// leader at every survivor (the election proper: acknowledgements and announcement by one-way RPC), and kill →
/// leader everywhere. Node 1 is then started again (a new incarnation), which is another election (node 1 takes over
/// in the 3-member view): "rejoin view → leader" is timed too.
/// </summary>
internal static class ElectionBenchmark
{
    public static void Run(Cli cli)
    {
        int kills = cli.Int("kills", 5), nodes = cli.Int("nodes", 3);
        var keepalive = TimeSpan.FromSeconds(cli.Double("keepalive", 0.1));
        var deadtime = TimeSpan.FromSeconds(cli.Double("deadtime", 0.5));
        Report.Line($"# election: {nodes} nodes over UDP loopback, keepalive {keepalive.TotalMilliseconds} ms, deadtime {deadtime.TotalMilliseconds} ms, {kills} leader kills");
        Quiet.Wait("election");
        Task.Run(() => RunAsync(kills, nodes, keepalive, deadtime)).GetAwaiter().GetResult();
    }

    private static async Task RunAsync(int kills, int nodes, TimeSpan keepalive, TimeSpan deadtime)
    {
        var viewAt = new ConcurrentDictionary<(uint Node, OcfViewId View), long>();
        var leaderAt = new ConcurrentDictionary<(uint Node, OcfViewId View), long>();
        await using var cluster = new RuntimeLoopback(nodes, keepalive, deadtime, election: true);
        void Hook(RuntimeLoopback.Member m)
        {
            uint id = m.Runtime.NodeId;
            m.Runtime.EventObserved += e => { if (e is OcfViewChanged v) viewAt.TryAdd((id, v.Current.Id), Stopwatch.GetTimestamp()); };
            m.Election!.LeaderChanged += c => { if (c.Current is { } l) leaderAt.TryAdd((id, l.ViewId), Stopwatch.GetTimestamp()); };
        }
        for (uint id = 1; id <= nodes; id++) cluster.Start(id, Hook);
        WaitForLeader(cluster, 1);

        var detect = new List<double>();
        var elect = new List<double>();
        var total = new List<double>();
        var rejoin = new List<double>();
        for (int k = 1; k <= kills; k++)
        {
            long t0 = Stopwatch.GetTimestamp();
            await cluster.KillAsync(1);
            WaitForLeader(cluster, 2);
            var survivors = cluster.Running.Select(m => m.Runtime.NodeId).ToArray();
            var view = cluster[2].Runtime.View!.Id;
            double firstView = survivors.Min(s => Ms(t0, viewAt[(s, view)]));
            double lastView = survivors.Max(s => Ms(t0, viewAt[(s, view)]));
            double lastLeader = survivors.Max(s => Ms(t0, leaderAt[(s, view)]));
            detect.Add(lastView);
            elect.Add(lastLeader - firstView);
            total.Add(lastLeader);

            cluster.Start(1, Hook);
            WaitForLeader(cluster, 1);
            var full = cluster[1].Runtime.View!.Id;
            var members = cluster.Running.Select(m => m.Runtime.NodeId).ToArray();
            long first = members.Min(s => viewAt[(s, full)]);
            rejoin.Add(members.Max(s => Ms(first, leaderAt[(s, full)])));
            Report.Line($"election kill={k}: kill → view everywhere {Report.F(lastView)} ms, view → leader everywhere {Report.F(lastLeader - firstView)} ms, " +
                        $"kill → leader everywhere {Report.F(lastLeader)} ms; rejoin view → leader {Report.F(rejoin[^1])} ms (load {Report.LoadAverage()})");
        }
        Summary("kill → new view everywhere", detect);
        Summary("new view → new leader everywhere", elect);
        Summary("kill → new leader everywhere", total);
        Summary("rejoin view → leader everywhere", rejoin);
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private static void Summary(string what, List<double> values)
    {
        var s = new Stats(values);
        Report.Line($"ELECTION {what}: min {Report.F(s.Min)} / median {Report.F(s.Median)} / max {Report.F(s.Max)} ms (n={s.Count})");
        Report.Json("election", new { what, min = s.Min, median = s.Median, max = s.Max, n = s.Count });
    }

    private static void WaitForLeader(RuntimeLoopback cluster, uint leader) =>
        cluster.WaitForFullView(TimeSpan.FromSeconds(20), () => cluster.Running.All(m => m.Election!.Leader is { } l && l.NodeId == leader && l.ViewId == m.Runtime.View?.Id));
}
