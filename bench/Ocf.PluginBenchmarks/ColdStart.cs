using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ocf.Plugins;
using Ocf.Stonith;

namespace Ocf.PluginBenchmarks;

/// <summary>
/// `-- cold [runs]`: what the first use costs in a fresh process, where BenchmarkDotNet only measures warm code.
/// Starts ipmi_sim and makes the 50-module folder once, then runs this program `runs` times as `cold-once`; each
/// child times, with a Stopwatch, in this order: a new OcfPluginManager, the first Discover of the 50 modules, the
/// first LoadModule of ha-msg, the first ipmilan status (RMCP+), the first verified off, and a second status (now warm).
/// Prints the median of each step and of the whole child process (wall clock, measured by the parent).
/// </summary>
internal static class ColdStart
{
    private static readonly string[] Steps = ["manager", "discover50", "loadHaMsg", "ipmiStatusFirst", "ipmiOffFirst", "ipmiStatusWarm"];

    public static int Run(int runs)
    {
        string modules = ModuleFactory.CreatePluginFolder(50);
        string haMsg = BenchPaths.CreateHaMsgPluginFolder();
        using var sim = new IpmiSimulator();
        try
        {
            var samples = Steps.ToDictionary(s => s, _ => new List<double>());
            var wall = new List<double>();
            string self = Environment.ProcessPath!;
            string[] prefix = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [typeof(ColdStart).Assembly.Location] : [];
            for (int i = 0; i < runs + 1; i++)
            {
                sim.SetPower(true);
                var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
                foreach (var a in prefix.Concat(["cold-once", modules, haMsg, sim.Port.ToString(CultureInfo.InvariantCulture)])) psi.ArgumentList.Add(a);
                var clock = Stopwatch.StartNew();
                using var p = Process.Start(psi)!;
                string output = p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                clock.Stop();
                if (p.ExitCode != 0) throw new InvalidOperationException($"cold-once failed ({p.ExitCode}): {output}");
                if (i == 0) continue; // the first launch also warms the OS page cache for the runtime's files
                var values = JsonSerializer.Deserialize<Dictionary<string, double>>(output.Trim().Split('\n')[^1])!;
                foreach (var s in Steps) samples[s].Add(values[s]);
                wall.Add(clock.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine($"First use in a fresh process (median of {runs} launches, ms; load: {File.ReadAllText("/proc/loadavg").Trim()}):");
            foreach (var s in Steps) Console.WriteLine($"  {s,-16} {Median(samples[s]),9:0.00}   (min {samples[s].Min():0.00}, max {samples[s].Max():0.00})");
            Console.WriteLine($"  {"process wall",-16} {Median(wall),9:0.00}   (min {wall.Min():0.00}, max {wall.Max():0.00})");
            return 0;
        }
        finally
        {
            BenchPaths.DeleteQuietly(modules);
            BenchPaths.DeleteQuietly(haMsg);
        }
    }

    /// <summary>The child: one cold pass, one JSON line of step durations in milliseconds.</summary>
    public static int Once(string modules, string haMsg, int port)
    {
        var times = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        double Lap() { double ms = clock.Elapsed.TotalMilliseconds; clock.Restart(); return ms; }

        var manager = new OcfPluginManager(new Ocf.Encoding.OcfCodecRegistry());
        times["manager"] = Lap();
        manager.AddSearchPath(modules);
        if (manager.Discover().Count != 50) throw new InvalidOperationException("expected 50 modules");
        times["discover50"] = Lap();
        manager.AddSearchPath(haMsg);
        manager.LoadModule(ModuleLoadBenchmarks.HaMsgModule);
        times["loadHaMsg"] = Lap();

        var device = IpmiLanBenchmarks.CreateDevice(port, lanPlus: true);
        if (device.GetPowerStateAsync(IpmiLanBenchmarks.Host).GetAwaiter().GetResult() != OcfPowerState.On) throw new InvalidOperationException("expected on");
        times["ipmiStatusFirst"] = Lap();
        var off = device.PowerAsync(IpmiLanBenchmarks.Host, OcfStonithAction.Off).GetAwaiter().GetResult();
        if (!off.Success) throw new InvalidOperationException(off.Message);
        times["ipmiOffFirst"] = Lap();
        device.GetPowerStateAsync(IpmiLanBenchmarks.Host).GetAwaiter().GetResult();
        times["ipmiStatusWarm"] = Lap();
        Console.WriteLine(JsonSerializer.Serialize(times));
        return 0;
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
