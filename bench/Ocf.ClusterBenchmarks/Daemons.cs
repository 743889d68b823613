using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ocf.Communication;
using Ocf.Node;

namespace Ocf.ClusterBenchmarks;

/// <summary>One "EVENT ..." line of an ocfd process, stamped on arrival with the shared benchmark clock.</summary>
internal sealed record DaemonLine(TimeSpan At, string Node, string Text)
{
    /// <summary>The value of "key=value" in the line, or null.</summary>
    public string? Field(string key)
    {
        foreach (var part in Text.Split(' '))
            if (part.StartsWith(key + "=", StringComparison.Ordinal)) return part[(key.Length + 1)..];
        return null;
    }

    public bool IsView => Text.StartsWith("EVENT view ", StringComparison.Ordinal);
    public bool IsDead => Text.StartsWith("EVENT node ", StringComparison.Ordinal) && Field("to") == "Dead";
    public uint[] Members => Field("members") is { Length: > 0 } m ? m.Split(',').Select(uint.Parse).ToArray() : [];
}

/// <summary>
/// A 3-node (or N-node) cluster of real ocfd processes on 127.0.0.1, like tests/Unit/Node/DaemonCluster.cs: a
/// configuration written by <see cref="OcfClusterConfiguration.Write"/>, a key from <see cref="OcfKeyFile.Generate"/>,
/// one "dotnet ocfd.dll --config … --node … --plugin-path …" per node, every stdout line collected with its arrival time.
/// </summary>
internal sealed class DaemonCluster : IDisposable
{
    public static readonly Stopwatch Clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private readonly List<DaemonLine> _lines = [];
    private readonly Dictionary<string, Process> _processes = [];
    private readonly string _ocfd, _pluginPath;

    public DaemonCluster(int nodes, TimeSpan keepalive, TimeSpan deadtime, TimeSpan initdead, string ocfd, string pluginPath)
    {
        _ocfd = ocfd;
        _pluginPath = pluginPath;
        Directory = System.IO.Directory.CreateTempSubdirectory("ocf-cluster-bench-").FullName;
        string key = Path.Combine(Directory, "authkey");
        OcfKeyFile.Generate(key);
        var ports = LoopbackCluster.FreePorts(nodes);
        Configuration = new OcfClusterConfiguration
        {
            ClusterName = "bench-daemons",
            Nodes = Enumerable.Range(1, nodes).Select(i => new OcfNodeDefinition((uint)i, $"n{i}") { Addresses = [$"127.0.0.1:{ports[i - 1]}"] }).ToArray(),
            Keepalive = keepalive,
            Deadtime = deadtime,
            Initdead = initdead,
            AuthKey = key,
        };
        ConfigPath = Path.Combine(Directory, "cluster.ocf.xml");
        Configuration.Write(ConfigPath);
    }

    public string Directory { get; }
    public string ConfigPath { get; }
    public OcfClusterConfiguration Configuration { get; }
    public IReadOnlyList<string> Names => Configuration.Nodes.Select(n => n.Name).ToArray();

    public static TimeSpan Now => Clock.Elapsed;

    /// <summary>Repository root: the folder holding Ocf.sln above this program.</summary>
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ocf.sln"))) dir = dir.Parent;
            return dir?.FullName ?? System.IO.Directory.GetCurrentDirectory();
        }
    }

    public static string Configuration_ => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
    public static string DefaultDaemon => Path.Combine(RepoRoot, "src", "Ocfd", "bin", Configuration_, "net8.0", "ocfd.dll");
    public static string DefaultPluginPath => Path.Combine(RepoRoot, "src", "Ocf.Plugins.Comm.Udp", "bin", Configuration_, "net8.0");

    /// <summary>The node's local API socket, in this cluster's temp folder (never the machine-wide default).</summary>
    public string SocketPath(string node) => Path.Combine(Directory, node + ".sock");

    public void Start(string node)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { _ocfd, "--config", ConfigPath, "--node", node, "--plugin-path", _pluginPath, "--log-level", "warning", "--socket", SocketPath(node) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var p = ChildProcesses.Track(Process.Start(start) ?? throw new InvalidOperationException("ocfd did not start"));
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            var line = new DaemonLine(Now, node, e.Data);
            lock (_gate)
            {
                _lines.Add(line);
                Monitor.PulseAll(_gate);
            }
        };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_gate) _lines.Add(new DaemonLine(Now, node, "STDERR " + e.Data));
        };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        lock (_gate) _processes[node] = p;
    }

    public int Pid(string node)
    {
        lock (_gate) return _processes[node].Id;
    }

    /// <summary>SIGKILL; returns the time taken just before the signal was sent.</summary>
    public TimeSpan Kill(string node)
    {
        Process p;
        lock (_gate) p = _processes[node];
        var at = Now;
        p.Kill(); // SIGKILL on Unix
        p.WaitForExit(5000);
        return at;
    }

    /// <summary>SIGTERM every running daemon (graceful leave), then kill what is still running after 5 s.</summary>
    public void StopAll()
    {
        Process[] list;
        lock (_gate) list = [.. _processes.Values];
        foreach (var p in list.Where(p => !p.HasExited))
        {
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", p.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
            kill?.WaitForExit(5000);
        }
        foreach (var p in list)
        {
            if (!p.WaitForExit(5000))
            {
                try { p.Kill(); } catch (InvalidOperationException) { }
                p.WaitForExit(5000);
            }
        }
    }

    public List<DaemonLine> Lines(TimeSpan? from = null, TimeSpan? to = null)
    {
        lock (_gate) return _lines.Where(l => (from is null || l.At >= from) && (to is null || l.At <= to)).ToList();
    }

    /// <summary>The first line of <paramref name="node"/> at or after <paramref name="after"/> that matches, waiting up to <paramref name="timeout"/>.</summary>
    public DaemonLine? WaitFor(string node, Func<DaemonLine, bool> match, TimeSpan after, TimeSpan timeout)
    {
        var deadline = Now + timeout;
        lock (_gate)
        {
            int scanned = 0;
            while (true)
            {
                for (; scanned < _lines.Count; scanned++)
                {
                    var l = _lines[scanned];
                    if (l.Node == node && l.At >= after && match(l)) return l;
                }
                var left = deadline - Now;
                if (left <= TimeSpan.Zero) return null;
                Monitor.Wait(_gate, left < TimeSpan.FromMilliseconds(100) ? left : TimeSpan.FromMilliseconds(100));
            }
        }
    }

    /// <summary>Each node's first view line with exactly <paramref name="members"/> after <paramref name="after"/> (null where none came).</summary>
    public Dictionary<string, DaemonLine?> WaitForView(IEnumerable<string> nodes, uint[] members, TimeSpan after, TimeSpan timeout)
    {
        var deadline = Now + timeout;
        var result = new Dictionary<string, DaemonLine?>();
        foreach (var n in nodes)
        {
            var left = deadline - Now;
            result[n] = WaitFor(n, l => l.IsView && l.Members.SequenceEqual(members), after, left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        return result;
    }

    /// <summary>user + system CPU time of a running daemon (from /proc/&lt;pid&gt;/stat), or null.</summary>
    public TimeSpan? CpuTime(string node)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{Pid(node)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
        }
        catch (Exception e) when (e is IOException or FormatException or KeyNotFoundException or IndexOutOfRangeException) { return null; }
    }

    public void Dispose()
    {
        Process[] list;
        lock (_gate) list = [.. _processes.Values];
        foreach (var p in list)
        {
            try { if (!p.HasExited) { p.Kill(); p.WaitForExit(5000); } } catch (InvalidOperationException) { }
            p.Dispose();
        }
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
