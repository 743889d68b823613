using Ocf.Communication;
using Ocf.Node;

namespace Ocf.Tests.Node;

/// <summary>
/// N node runtimes (the real OcfNodeRuntime, real time) over one in-memory network with optional faults: the test
/// bed for the services built on the runtime (ports, RPC, election, groups). Nodes can be killed (no leave: peers
/// declare them dead), stopped gracefully (peers see "left"), restarted with a new incarnation, and partitioned.
/// Fast timing: keepalive 50 ms, deadtime 500 ms, initdead 1 s.
/// </summary>
public sealed class RuntimeCluster : IAsyncDisposable
{
    private readonly OcfKeyStore _keys = new(new OcfKeyRing(1, OcfKeyRing.GenerateKey()));
    private readonly Dictionary<uint, OcfNodeRuntime> _running = [];
    private readonly Action<OcfNodeRuntime>? _onStart;

    public RuntimeCluster(int nodes, int seed = 1, InMemoryFaultProfile? faults = null, Action<OcfNodeRuntime>? onStart = null, bool start = true)
    {
        _onStart = onStart;
        Network = new InMemoryDatagramNetwork(TimeProvider.System, seed, faults);
        Configuration = new OcfClusterConfiguration
        {
            ClusterName = "rt",
            Nodes = Enumerable.Range(1, nodes).Select(i => new OcfNodeDefinition((uint)i, $"n{i}")).ToArray(),
            Keepalive = TimeSpan.FromMilliseconds(50),
            Warntime = TimeSpan.FromMilliseconds(250),
            Deadtime = TimeSpan.FromMilliseconds(500),
            Initdead = TimeSpan.FromSeconds(1),
            AuthKey = "unused-with-an-explicit-key-store",
        };
        if (start) foreach (var n in Configuration.Nodes) Start(n.NodeId);
    }

    public InMemoryDatagramNetwork Network { get; }
    public OcfClusterConfiguration Configuration { get; }
    public OcfNodeRuntime this[uint id] => _running[id];
    public IEnumerable<OcfNodeRuntime> Running => _running.Values.OrderBy(r => r.NodeId);

    /// <summary>Starts (or restarts) node <paramref name="id"/>; <c>onStart</c> runs before the node starts, to attach services.</summary>
    public OcfNodeRuntime Start(uint id)
    {
        if (_running.ContainsKey(id)) throw new InvalidOperationException($"n{id} is running");
        var runtime = OcfNodeRuntime.Create(Configuration, $"n{id}", Network.Connect(id), _keys);
        _onStart?.Invoke(runtime);
        runtime.Start();
        _running[id] = runtime;
        return runtime;
    }

    /// <summary>Stops node <paramref name="id"/> without leaving: the others declare it dead after deadtime.</summary>
    public async Task KillAsync(uint id)
    {
        var r = _running[id];
        _running.Remove(id);
        await r.StopAsync(graceful: false);
    }

    /// <summary>Stops node <paramref name="id"/> gracefully: the others see it leave.</summary>
    public async Task LeaveAsync(uint id)
    {
        var r = _running[id];
        _running.Remove(id);
        await r.StopAsync(graceful: true);
    }

    /// <summary>Waits until every running node has installed a view of exactly the running nodes.</summary>
    public Task WaitForFullViewAsync(TimeSpan? timeout = null)
    {
        var ids = _running.Keys.Order().ToArray();
        return WaitUntilAsync(() => _running.Values.All(r => r.View is { } v && v.NodeIds.SequenceEqual(ids)), timeout ?? TimeSpan.FromSeconds(15), $"view of {string.Join(",", ids)}");
    }

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting for {what}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var r in _running.Values.ToList()) await r.StopAsync(graceful: false);
        _running.Clear();
        Network.Dispose();
    }
}
