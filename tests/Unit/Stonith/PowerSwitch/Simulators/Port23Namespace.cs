namespace Ocf.Tests.Stonith.PowerSwitch.Simulators;

/// <summary>
/// Puts a simulator listening on 127.0.0.1:&lt;ephemeral&gt; at 127.0.0.1:23 for cluster-glue's wti_nps and baytech,
/// which always connect to the telnet port (their ipaddr is a bare host, OpenStreamSocket takes no port). A network
/// namespace of its own (<c>ip netns add</c>, loopback up) has port 23 free whatever the machine runs; in it socat
/// listens on 127.0.0.1:23 and relays each connection through a Unix socket (the file system is shared across network
/// namespaces) to a second socat in the test's namespace, which connects to the simulator. Bytes pass unchanged.
/// The unmodified plugin then runs inside the namespace: <c>ip netns exec &lt;ns&gt; stonith -t wti_nps ipaddr=127.0.0.1</c>.
/// Needs root (ip netns, port 23). Disposing kills both socats and deletes the namespace.
/// </summary>
public sealed class Port23Namespace : IAsyncDisposable
{
    private readonly string _directory;
    private ChildProcess? _outer, _inner;
    private bool _created;

    private Port23Namespace(string name, string directory)
    {
        Name = name;
        _directory = directory;
    }

    public string Name { get; }

    public static async Task<Port23Namespace> StartAsync(int targetPort)
    {
        string id = Guid.NewGuid().ToString("N")[..10];
        string dir = Path.Combine(Path.GetTempPath(), "ocf-ns-" + id);
        Directory.CreateDirectory(dir);
        var ns = new Port23Namespace("ocf-" + id, dir);
        try
        {
            await Ip("netns", "add", ns.Name);
            ns._created = true;
            await Ip("netns", "exec", ns.Name, "ip", "link", "set", "lo", "up");
            string socket = Path.Combine(dir, "relay.sock");
            ns._outer = ChildProcess.Start("socat", ["-d", "-d", $"UNIX-LISTEN:{socket},fork", $"TCP:127.0.0.1:{targetPort}"]);
            await ns._outer.WaitForTextAsync("listening on", TimeSpan.FromSeconds(10));
            ns._inner = ChildProcess.Start("ip", ["netns", "exec", ns.Name, "socat", "-d", "-d",
                "TCP-LISTEN:23,bind=127.0.0.1,reuseaddr,fork", $"UNIX-CONNECT:{socket}"]);
            await ns._inner.WaitForTextAsync("listening on", TimeSpan.FromSeconds(10));
            return ns;
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a command inside the namespace (ip netns exec).</summary>
    public Task<ProcessResult> RunAsync(TimeSpan timeout, params string[] command) =>
        ChildProcess.RunAsync("ip", ["netns", "exec", Name, .. command], timeout);

    private static async Task Ip(params string[] arguments)
    {
        var r = await ChildProcess.RunAsync("ip", arguments, TimeSpan.FromSeconds(10));
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed (network namespaces need root): {r}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_inner is not null) await _inner.DisposeAsync();
        if (_outer is not null) await _outer.DisposeAsync();
        if (_created) await ChildProcess.RunAsync("ip", ["netns", "del", Name], TimeSpan.FromSeconds(10));
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }
}
