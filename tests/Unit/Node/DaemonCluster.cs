using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ocf.Communication;
using Ocf.Node;

namespace Ocf.Tests.Node;

/// <summary>
/// Real ocfd processes on 127.0.0.1 with ephemeral UDP ports: a configuration and key file in a temp folder, one
/// process per node, their stdout EVENT lines collected. Every process is killed on dispose.
/// </summary>
public sealed class DaemonCluster : IDisposable
{
    private readonly Dictionary<string, DaemonProcess> _running = new();
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("ocf-daemons-").FullName;
    public string ConfigPath { get; }
    public OcfClusterConfiguration Configuration { get; }

    public DaemonCluster(int nodes, double keepalive = 0.1, double deadtime = 0.5)
    {
        string key = Path.Combine(Directory, "authkey");
        OcfKeyFile.Generate(key);
        Configuration = new OcfClusterConfiguration
        {
            ClusterName = "daemons",
            Nodes = Enumerable.Range(1, nodes).Select(i => new OcfNodeDefinition((uint)i, $"n{i}") { Addresses = [$"127.0.0.1:{FreeUdpPort()}"] }).ToArray(),
            Keepalive = TimeSpan.FromSeconds(keepalive),
            Deadtime = TimeSpan.FromSeconds(deadtime),
            Initdead = TimeSpan.FromSeconds(deadtime * 2),
            AuthKey = key,
        };
        ConfigPath = Path.Combine(Directory, "cluster.ocf.xml");
        Configuration.Write(ConfigPath);
    }

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ocf.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    private static string BuildConfiguration => AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string DaemonPath => Path.Combine(RepoRoot, "src", "Ocfd", "bin", BuildConfiguration, "net8.0", "ocfd.dll");
    public static string UdpPluginFolder => Path.Combine(RepoRoot, "src", "Ocf.Plugins.Comm.Udp", "bin", BuildConfiguration, "net8.0");

    /// <summary>The node's local API socket: in this cluster's temp folder (never the machine-wide default, which parallel runs would share).</summary>
    public string SocketPath(string node) => Path.Combine(Directory, node + ".sock");

    /// <summary>Starts ocfd for <paramref name="node"/> with its socket at <see cref="SocketPath"/>, plus <paramref name="extraArguments"/>.</summary>
    public DaemonProcess Start(string node, params string[] extraArguments)
    {
        var p = new DaemonProcess(node, DaemonPath, ConfigPath, UdpPluginFolder, ["--socket", SocketPath(node), .. extraArguments]);
        _running[node] = p;
        return p;
    }

    public DaemonProcess this[string node] => _running[node];

    public static int FreeUdpPort()
    {
        using var s = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)s.Client.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        foreach (var p in _running.Values) p.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>One ocfd process and its EVENT lines.</summary>
public sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<(TimeSpan At, string Line)> _lines = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public DaemonProcess(string node, string daemon, string config, string pluginFolder, IEnumerable<string>? extraArguments = null)
    {
        Node = node;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { daemon, "--config", config, "--node", node, "--plugin-path", pluginFolder, "--log-level", "warning" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in extraArguments ?? []) start.ArgumentList.Add(a);
        _process = Process.Start(start) ?? throw new InvalidOperationException("ocfd did not start");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue((_clock.Elapsed, e.Data)); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _stderr.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Node { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public IEnumerable<string> Lines => _lines.Select(l => l.Line);
    public IEnumerable<string> StandardError => _stderr;
    public string Transcript => string.Join("\n", _lines.Select(l => $"{l.At.TotalSeconds:0.000} {l.Line}")) + "\nSTDERR:\n" + string.Join("\n", _stderr);

    /// <summary>Waits for a line (appearing after <paramref name="after"/> on this process's clock) that matches.</summary>
    public TimeSpan? WaitFor(Func<string, bool> match, TimeSpan timeout, TimeSpan after = default)
    {
        var deadline = _clock.Elapsed + timeout;
        while (_clock.Elapsed < deadline)
        {
            foreach (var (at, line) in _lines)
                if (at >= after && match(line)) return at;
            if (_process.HasExited) Thread.Sleep(50);
            Thread.Sleep(20);
        }
        return null;
    }

    public TimeSpan Now => _clock.Elapsed;

    public void Kill() { try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } _process.WaitForExit(5000); }

    /// <summary>SIGTERM: the daemon leaves gracefully.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
        kill?.WaitForExit(5000);
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit((int)timeout.TotalMilliseconds)) return false;
        // The timed overload does not wait for the redirected stdout/stderr to drain;
        // the untimed one does, so the transcript holds everything the process wrote.
        _process.WaitForExit();
        return true;
    }
    public int ExitCode => _process.ExitCode;

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
