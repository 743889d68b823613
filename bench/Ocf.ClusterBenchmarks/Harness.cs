using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Ocf.ClusterBenchmarks;

/// <summary>The command line: a command and "--name value" options.</summary>
internal sealed class Cli
{
    public const string Usage =
        "usage: dotnet run -c Release --project bench/Ocf.ClusterBenchmarks -- <command> [options]\n" +
        "  rtt                [--runs 5] [--count 2000] [--warmup-count 500] [--size 1024] [--nodes 1,2,3]\n" +
        "  throughput         [--runs 3] [--duration 10] [--warmup 2] [--size 1024] [--nodes 1,2,3] [--senders one|all] [--rcvbuf BYTES] [--window DATAGRAMS]\n" +
        "  detect             [--kills 20] [--hogs 0] [--soak-minutes 2] [--soak-hogs 2] [--ocfd PATH] [--plugin-path DIR] [--initdead S]\n" +
        "  soak               [--soak-minutes 2] [--soak-hogs 2]\n" +
        "  heartbeat-traffic  [--nodes 2,4,8,16,32,64] [--seconds 60] [--keepalive 1,0.1]\n" +
        "  costs              [--runs 5] [--count 5000] [--duration 3]\n" +
        "  rpc                [--runs 3] [--count 1000] [--warmup-count 200] [--size 64] [--nodes 2,3]\n" +
        "  election           [--kills 5] [--nodes 3] (keepalive 0.1, deadtime 0.5 by default)\n" +
        "  local-api          [--runs 5] [--count 5000] [--warmup-count 1000] [--ocfd PATH]\n" +
        "  groups             [--nodes 1,3] [--runs 3] [--duration 5] [--warmup 1] [--senders all|1] [--pings 2000] [--keepalive 1]\n" +
        "  machine\n" +
        "common: --keepalive S (default 1 for rtt/throughput, 0.1 for detect) --deadtime S --json FILE --quiet IDLE% [--quiet-max S]";

    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);
    public string? Command { get; private init; }

    public static Cli Parse(string[] args)
    {
        var cli = new Cli { Command = args.Length > 0 ? args[0] : null };
        for (int i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{args[i]}'");
            string name = args[i][2..];
            cli._options[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }
        if (cli._options.TryGetValue("json", out var json)) Report.JsonPath = json;
        if (cli._options.TryGetValue("quiet", out var quiet)) Quiet.Need = double.Parse(quiet, CultureInfo.InvariantCulture);
        if (cli._options.TryGetValue("quiet-max", out var quietMax)) Quiet.MaxSeconds = double.Parse(quietMax, CultureInfo.InvariantCulture);
        return cli;
    }

    public string? String(string name) => _options.TryGetValue(name, out var v) ? v : null;
    public double Double(string name, double fallback) => _options.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
    public int Int(string name, int fallback) => _options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    public int[] Ints(string name, int[] fallback) =>
        _options.TryGetValue(name, out var v) ? v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : fallback;
}

/// <summary>Order statistics of one sample (nearest-rank percentiles).</summary>
internal sealed class Stats
{
    private readonly double[] _sorted;

    public Stats(IEnumerable<double> values)
    {
        _sorted = values.Order().ToArray();
    }

    public int Count => _sorted.Length;
    public double Min => _sorted.Length == 0 ? double.NaN : _sorted[0];
    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];
    public double Median => Percentile(50);
    public double Mean => _sorted.Length == 0 ? double.NaN : _sorted.Average();

    public double Percentile(double p)
    {
        if (_sorted.Length == 0) return double.NaN;
        if (p == 50 && _sorted.Length % 2 == 0) return (_sorted[_sorted.Length / 2 - 1] + _sorted[_sorted.Length / 2]) / 2;
        int rank = (int)Math.Ceiling(p / 100 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }
}

/// <summary>Console output (and optional JSON lines) plus the machine's state: load average and CPU idle share.</summary>
internal static class Report
{
    public static string? JsonPath { get; set; }

    public static string F(double v, string format = "0.0") => v.ToString(format, CultureInfo.InvariantCulture);

    public static void Line(string text) => Console.WriteLine(text);

    public static void Json(string kind, object value)
    {
        if (JsonPath is null) return;
        var line = JsonSerializer.Serialize(new { kind, at = DateTime.UtcNow, value });
        File.AppendAllText(JsonPath, line + Environment.NewLine);
    }

    public static void Machine()
    {
        string cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        Line($"# machine: {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} CPUs ({cpu}), {RuntimeInformation.FrameworkDescription}, " +
             $"GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
        Load("start");
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    public static void Load(string when) => Line($"# load average ({when}): {LoadAverage()}");
}

/// <summary>CPU time of the whole machine (from /proc/stat), to tell how busy it was while a measurement ran.</summary>
internal readonly record struct CpuSample(long Total, long Idle)
{
    public static CpuSample Take()
    {
        if (!File.Exists("/proc/stat")) return default;
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        long idle = f[3] + (f.Length > 4 ? f[4] : 0);
        return new CpuSample(f.Take(Math.Min(8, f.Length)).Sum(), idle);
    }

    /// <summary>Share of the machine's CPU time that was busy (all processes) between two samples, in %.</summary>
    public static double BusyPercent(CpuSample a, CpuSample b) => b.Total == a.Total ? double.NaN : 100.0 * (1 - (double)(b.Idle - a.Idle) / (b.Total - a.Total));
}

/// <summary>
/// --quiet P [--quiet-max S]: before each measurement, wait until the machine was at least P % idle over 3 s twice in a
/// row (at most S seconds, default 900; then measure anyway and say so). The machine is shared, so this is how a run
/// avoids other people's builds and benchmarks; the idle share found is printed with the result.
/// </summary>
internal static class Quiet
{
    public static double? Need { get; set; }
    public static double MaxSeconds { get; set; } = 900;

    public static void Wait(string what)
    {
        if (Need is not { } need) return;
        var watch = Stopwatch.StartNew();
        int ok = 0;
        double idle = 0;
        while (true)
        {
            var a = CpuSample.Take();
            Thread.Sleep(3000);
            idle = 100 - CpuSample.BusyPercent(a, CpuSample.Take());
            ok = idle >= need ? ok + 1 : 0;
            if (ok >= 2)
            {
                Report.Line($"# quiet before {what}: {Report.F(idle, "0")} % idle after {Report.F(watch.Elapsed.TotalSeconds, "0")} s, load {Report.LoadAverage()}");
                return;
            }
            if (watch.Elapsed.TotalSeconds > MaxSeconds)
            {
                Report.Line($"# NOT quiet before {what}: gave up after {Report.F(watch.Elapsed.TotalSeconds, "0")} s at {Report.F(idle, "0")} % idle, load {Report.LoadAverage()}");
                return;
            }
        }
    }
}

/// <summary>The process's own CPU time, to express cost as CPU-µs per message.</summary>
internal static class ProcessCpu
{
    public static TimeSpan Now()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }
}

/// <summary>Every child process (daemons, CPU hogs) this run started; all are killed at the end, whatever happens.</summary>
internal static class ChildProcesses
{
    private static readonly List<Process> Started = [];

    public static Process Track(Process p)
    {
        lock (Started) Started.Add(p);
        return p;
    }

    public static void KillAll()
    {
        Process[] list;
        lock (Started) list = [.. Started];
        foreach (var p in list)
        {
            try
            {
                if (!p.HasExited)
                {
                    p.Kill(entireProcessTree: true);
                    p.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException) { }
            catch (System.ComponentModel.Win32Exception) { }
        }
        lock (Started) Started.Clear();
    }

    /// <summary>Starts <paramref name="count"/> busy loops ("yes &gt; /dev/null"), one per core, until they are killed.</summary>
    public static Process[] StartCpuHogs(int count)
    {
        var hogs = new Process[count];
        for (int i = 0; i < count; i++)
        {
            // exec: the tracked pid is yes itself, so killing it stops the loop.
            var start = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "exec yes > /dev/null" }, UseShellExecute = false };
            hogs[i] = Track(Process.Start(start) ?? throw new InvalidOperationException("could not start a CPU hog"));
        }
        return hogs;
    }

    public static void Kill(IEnumerable<Process> processes)
    {
        foreach (var p in processes)
        {
            try
            {
                if (!p.HasExited) p.Kill();
                p.WaitForExit(5000);
            }
            catch (InvalidOperationException) { }
        }
    }
}
