using System.Text;

namespace Ocf.ClusterBenchmarks;

/// <summary>
/// Failure detection with real processes: 3 ocfd daemons on 127.0.0.1 (keepalive 100 ms, deadtime 500 ms, initdead
/// 1 s by default). Each round SIGKILLs one daemon (victims rotate n1, n2, n3, so the coordinator dies too) and
/// measures the time from the signal to the arrival of the survivors' "EVENT view ... members=&lt;survivors&gt;" lines
/// (first survivor and both), and to their "EVENT node ... to=Dead" lines; then restarts the victim and measures until
/// all three print the 3-member view again. A "dead" declaration of a node that was not killed (or outside its kill →
/// rejoin window) is a false "dead".
/// <para>
/// The soak runs 3 fresh daemons for --soak-minutes with --soak-hogs busy loops ("yes &gt; /dev/null", one per core) and
/// counts every "dead" declaration (all of them are false: nothing is killed), view changes, late warnings and local
/// stalls. Hogs and daemons are killed at the end whatever happens.
/// </para>
/// </summary>
internal static class DetectBenchmark
{
    public static void Run(Cli cli, bool kills, bool soak)
    {
        string ocfd = cli.String("ocfd") ?? DaemonCluster.DefaultDaemon;
        string plugins = cli.String("plugin-path") ?? DaemonCluster.DefaultPluginPath;
        if (!File.Exists(ocfd) || !File.Exists(Path.Combine(plugins, "Ocf.Plugins.Comm.Udp.dll")))
            throw new FileNotFoundException($"ocfd ({ocfd}) or the udp module ({plugins}) is missing: build with 'dotnet build -c Release src/Ocfd' and 'dotnet build -c Release src/Ocf.Plugins.Comm.Udp' (building this project does both)");
        var keepalive = TimeSpan.FromSeconds(cli.Double("keepalive", 0.1));
        var deadtime = TimeSpan.FromSeconds(cli.Double("deadtime", 0.5));
        var initdead = TimeSpan.FromSeconds(cli.Double("initdead", deadtime.TotalSeconds * 2));
        Report.Line($"# detect: ocfd {ocfd}, udp module {plugins}; keepalive {keepalive.TotalMilliseconds} ms, deadtime {deadtime.TotalMilliseconds} ms, initdead {initdead.TotalMilliseconds} ms");
        Quiet.Wait("detect");
        if (kills) Kills(cli.Int("kills", 20), cli.Int("hogs", 0), keepalive, deadtime, initdead, ocfd, plugins);
        if (soak && kills) Quiet.Wait("soak");
        if (soak) Soak(TimeSpan.FromMinutes(cli.Double("soak-minutes", 2)), cli.Int("soak-hogs", 2), keepalive, deadtime, initdead, ocfd, plugins);
    }

    /// <summary>Starts the 3 daemons and waits for their first view (each daemon's time of it, from the first start at t0).</summary>
    private static (IReadOnlyList<string> Names, TimeSpan T0, Dictionary<string, DaemonLine?> Formed) StartAndForm(DaemonCluster cluster)
    {
        var names = cluster.Names;
        var t0 = DaemonCluster.Now;
        foreach (var n in names) cluster.Start(n);
        var formed = cluster.WaitForView(names, [1, 2, 3], t0, TimeSpan.FromSeconds(60));
        if (formed.Values.Any(v => v is null)) throw new InvalidOperationException("the 3 daemons did not form a view:\n" + Transcript(cluster));
        return (names, t0, formed);
    }

    private static void Kills(int rounds, int hogCount, TimeSpan keepalive, TimeSpan deadtime, TimeSpan initdead, string ocfd, string plugins)
    {
        using var cluster = new DaemonCluster(3, keepalive, deadtime, initdead, ocfd, plugins);
        var hogs = Array.Empty<System.Diagnostics.Process>();
        try
        {
            var (names, t0, formed) = StartAndForm(cluster);
            Report.Line($"detect: 3 daemons formed a view {Report.F((formed.Values.Max(v => v!.At) - t0).TotalMilliseconds, "0")} ms after the first start (process start-up included)");
            if (hogCount > 0)
            {
                hogs = ChildProcesses.StartCpuHogs(hogCount);
                Report.Line($"detect: {hogCount} CPU hogs running (pids {string.Join(",", hogs.Select(h => h.Id))})");
            }
            var firstView = new List<double>();
            var allViews = new List<double>();
            var firstDead = new List<double>();
            var rejoin = new List<double>();
            var windows = new List<(string Victim, TimeSpan From, TimeSpan To)>();
            var random = new Random(7);
            var cpu0 = CpuSample.Take();
            for (int round = 1; round <= rounds; round++)
            {
                Thread.Sleep(1000 + random.Next(500)); // let the cluster settle; the kill lands at a random phase of the heartbeat
                string victim = names[(round - 1) % names.Count];
                uint victimId = uint.Parse(victim[1..]);
                var survivors = names.Where(n => n != victim).ToArray();
                uint[] survivorIds = survivors.Select(s => uint.Parse(s[1..])).ToArray();
                var killedAt = cluster.Kill(victim);
                var views = cluster.WaitForView(survivors, survivorIds, killedAt, TimeSpan.FromSeconds(15));
                var deads = survivors.Select(s => cluster.WaitFor(s, l => l.IsDead && l.Field("id") == victimId.ToString(), killedAt, TimeSpan.FromSeconds(1))).ToArray();
                if (views.Values.Any(v => v is null))
                {
                    Report.Line($"detect round {round}: kill {victim}: NO new view within 15 s");
                    continue;
                }
                double first = (views.Values.Min(v => v!.At) - killedAt).TotalMilliseconds;
                double all = (views.Values.Max(v => v!.At) - killedAt).TotalMilliseconds;
                double dead = deads.Where(d => d is not null).Select(d => (d!.At - killedAt).TotalMilliseconds).DefaultIfEmpty(double.NaN).Min();
                firstView.Add(first);
                allViews.Add(all);
                firstDead.Add(dead);

                var restartedAt = DaemonCluster.Now;
                cluster.Start(victim);
                var back = cluster.WaitForView(names, [1, 2, 3], restartedAt, TimeSpan.FromSeconds(60));
                double again = back.Values.All(v => v is not null) ? (back.Values.Max(v => v!.At) - restartedAt).TotalMilliseconds : double.NaN;
                rejoin.Add(again);
                var started = cluster.WaitFor(victim, l => l.Text.StartsWith("EVENT started", StringComparison.Ordinal), restartedAt, TimeSpan.FromSeconds(1));
                windows.Add((victim, killedAt, back.Values.All(v => v is not null) ? back.Values.Max(v => v!.At) : DaemonCluster.Now));
                Report.Line($"detect round {round}: kill {victim} → first survivor's new view {Report.F(first, "0")} ms, both {Report.F(all, "0")} ms, first 'dead' {Report.F(dead, "0")} ms; " +
                            $"restart → 3-member view {Report.F(again, "0")} ms (process start to 'started' {(started is null ? "?" : Report.F((started.At - restartedAt).TotalMilliseconds, "0"))} ms); load {Report.LoadAverage()}");
            }
            var busy = CpuSample.BusyPercent(cpu0, CpuSample.Take());
            // False "dead": a dead declaration of a node other than the current victim, or outside the victim's kill → rejoin window.
            var lines = cluster.Lines();
            var deadLines = lines.Where(l => l.IsDead).ToList();
            var falseDead = deadLines.Where(l => !windows.Any(w => $"n{l.Field("id")}" == w.Victim && l.At >= w.From && l.At <= w.To)).ToList();
            var f = new Stats(firstView);
            var b = new Stats(allViews);
            var d = new Stats(firstDead.Where(x => !double.IsNaN(x)));
            var r = new Stats(rejoin.Where(x => !double.IsNaN(x)));
            Report.Line($"DETECT kills={firstView.Count}/{rounds} hogs={hogCount}: kill → first survivor's new view min {Report.F(f.Min, "0")} / median {Report.F(f.Median, "0")} / max {Report.F(f.Max, "0")} ms; " +
                        $"both survivors min {Report.F(b.Min, "0")} / median {Report.F(b.Median, "0")} / max {Report.F(b.Max, "0")} ms; first 'dead' median {Report.F(d.Median, "0")} ms (max {Report.F(d.Max, "0")}); " +
                        $"restart → 3-member view median {Report.F(r.Median, "0")} ms (max {Report.F(r.Max, "0")}); " +
                        $"dead declarations {deadLines.Count}, false 'dead' {falseDead.Count}, stalls {lines.Count(l => l.Text.StartsWith("EVENT stall"))}, late warnings {lines.Count(l => l.Text.StartsWith("EVENT late"))}; machine busy {Report.F(busy, "0")} %");
            foreach (var l in falseDead) Report.Line($"  false dead: {l.At.TotalSeconds:F3} {l.Node}: {l.Text}");
            Report.Json("detect", new
            {
                kills = firstView.Count, rounds, hogs = hogCount, firstView = firstView.ToArray(), bothViews = allViews.ToArray(), firstDead = firstDead.ToArray(), rejoin = rejoin.ToArray(),
                firstMin = f.Min, firstMedian = f.Median, firstMax = f.Max, bothMin = b.Min, bothMedian = b.Median, bothMax = b.Max,
                deadDeclarations = deadLines.Count, falseDead = falseDead.Count, busy,
            });
        }
        finally
        {
            ChildProcesses.Kill(hogs);
            cluster.StopAll();
        }
    }

    private static void Soak(TimeSpan duration, int hogCount, TimeSpan keepalive, TimeSpan deadtime, TimeSpan initdead, string ocfd, string plugins)
    {
        using var cluster = new DaemonCluster(3, keepalive, deadtime, initdead, ocfd, plugins);
        var hogs = Array.Empty<System.Diagnostics.Process>();
        try
        {
            var (names, t0, formed) = StartAndForm(cluster);
            Thread.Sleep(2000);
            var cpuBefore = names.ToDictionary(n => n, n => cluster.CpuTime(n));
            hogs = ChildProcesses.StartCpuHogs(hogCount);
            var from = DaemonCluster.Now;
            var machine0 = CpuSample.Take();
            Report.Line($"soak: {duration.TotalMinutes} min, {hogCount} CPU hogs (pids {string.Join(",", hogs.Select(h => h.Id))}), daemons pids {string.Join(",", names.Select(cluster.Pid))}; load {Report.LoadAverage()}");
            var end = from + duration;
            while (DaemonCluster.Now < end)
            {
                var left = end - DaemonCluster.Now;
                Thread.Sleep(left < TimeSpan.FromSeconds(30) ? left : TimeSpan.FromSeconds(30));
                var sofar = cluster.Lines(from);
                Report.Line($"soak {Report.F((DaemonCluster.Now - from).TotalSeconds, "0")} s: dead {sofar.Count(l => l.IsDead)}, views {sofar.Count(l => l.IsView)}, late {sofar.Count(l => l.Text.StartsWith("EVENT late"))}, " +
                            $"stalls {sofar.Count(l => l.Text.StartsWith("EVENT stall"))}, load {Report.LoadAverage()}");
            }
            var to = DaemonCluster.Now;
            var busy = CpuSample.BusyPercent(machine0, CpuSample.Take());
            var cpuAfter = names.ToDictionary(n => n, n => cluster.CpuTime(n));
            ChildProcesses.Kill(hogs);
            var lines = cluster.Lines(from, to);
            int dead = lines.Count(l => l.IsDead), views = lines.Count(l => l.IsView);
            int late = lines.Count(l => l.Text.StartsWith("EVENT late")), stalls = lines.Count(l => l.Text.StartsWith("EVENT stall"));
            var daemonCpu = names.Select(n => cpuBefore[n] is { } a && cpuAfter[n] is { } b ? (b - a).TotalSeconds / (to - from).TotalSeconds * 100 : double.NaN).ToArray();
            Report.Line($"SOAK {Report.F(duration.TotalMinutes, "0.#")} min hogs={hogCount}: false 'dead' {dead}, view changes {views}, late warnings {late}, local stalls {stalls}; " +
                        $"machine busy {Report.F(busy, "0")} %; daemon CPU [{string.Join(", ", daemonCpu.Select(x => Report.F(x, "0.0")))}] % of one core each; load {Report.LoadAverage()}");
            foreach (var l in lines.Where(l => l.IsDead || l.IsView || l.Text.StartsWith("EVENT stall") || l.Text.StartsWith("EVENT late")).Take(50))
                Report.Line($"  {(l.At - from).TotalSeconds,8:F3} {l.Node}: {l.Text}");
            Report.Json("soak", new { minutes = duration.TotalMinutes, hogs = hogCount, falseDead = dead, views, late, stalls, busy, daemonCpu });
        }
        finally
        {
            ChildProcesses.Kill(hogs);
            cluster.StopAll();
        }
    }

    private static string Transcript(DaemonCluster cluster)
    {
        var sb = new StringBuilder();
        foreach (var l in cluster.Lines()) sb.AppendLine($"{l.At.TotalSeconds:F3} {l.Node}: {l.Text}");
        return sb.ToString();
    }
}
