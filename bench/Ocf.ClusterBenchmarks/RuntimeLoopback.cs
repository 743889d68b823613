using Ocf.Communication;
using Ocf.Election;
using Ocf.Node;
using Ocf.Plugins.Comm.Udp;
using Ocf.Rpc;
using Ocf.Rpc.Cluster;

namespace Ocf.ClusterBenchmarks;

/// <summary>
/// N <see cref="OcfNodeRuntime"/>s in this process, each over its own <see cref="UdpTransport"/> on 127.0.0.1 and the
/// default pipeline (HMAC-SHA256 + AES-256-GCM), each with a cluster RPC service over its own registry (bench.echo)
/// and, when asked, leader election: what ocfd runs, minus the process boundary. Nodes can be killed (no leave) and
/// started again on the same port with a new incarnation.
/// </summary>
internal sealed class RuntimeLoopback : IAsyncDisposable
{
    private readonly OcfKeyStore _keys = new(new OcfKeyRing(1, OcfKeyRing.GenerateKey()));
    private readonly bool _election;
    private readonly Dictionary<uint, Member> _running = [];
    private int _deadEvents;

    public sealed record Member(OcfNodeRuntime Runtime, OcfClusterRpc Rpc, OcfLeaderElection? Election);

    public RuntimeLoopback(int count, TimeSpan keepalive, TimeSpan deadtime, bool election)
    {
        _election = election;
        var ports = LoopbackCluster.FreePorts(count);
        Configuration = new OcfClusterConfiguration
        {
            ClusterName = "bench",
            Nodes = Enumerable.Range(0, count).Select(i => new OcfNodeDefinition((uint)(i + 1), $"n{i + 1}") { Addresses = [$"127.0.0.1:{ports[i]}"] }).ToArray(),
            Keepalive = keepalive,
            Deadtime = deadtime,
            Initdead = deadtime * 2,
            AuthKey = "unused-with-an-explicit-key-store",
        };
    }

    public OcfClusterConfiguration Configuration { get; }
    /// <summary>"Dead" declarations seen by any node so far (a round-trip run should have none).</summary>
    public int DeadEvents => Volatile.Read(ref _deadEvents);
    public Member this[uint id] => _running[id];
    public IEnumerable<Member> Running => _running.Values.OrderBy(m => m.Runtime.NodeId);

    /// <summary>Builds and starts node <paramref name="id"/>; <paramref name="beforeStart"/> runs first (to hook events).</summary>
    public Member Start(uint id, Action<Member>? beforeStart = null)
    {
        var transport = UdpTransport.Create(Configuration.ToOptions(id, 0));
        var runtime = OcfNodeRuntime.Create(Configuration, $"n{id}", transport, _keys);
        var registry = new OcfRpcRegistry();
        registry.Register("bench.echo", "Returns its parameter.", [new Ocf.Configuration.OcfField { FieldName = "value" }], OcfRpcTypes.String,
            (args, _) => ValueTask.FromResult(args[0]));
        var rpc = new OcfClusterRpc(runtime, new OcfRpcDispatcher(registry));
        runtime.EventObserved += e => { if (e is OcfNodeStateChanged { Current: OcfNodeState.Dead }) Interlocked.Increment(ref _deadEvents); };
        var member = new Member(runtime, rpc, _election ? new OcfLeaderElection(rpc) : null);
        beforeStart?.Invoke(member);
        runtime.Start();
        _running[id] = member;
        return member;
    }

    public async Task KillAsync(uint id)
    {
        var m = _running[id];
        _running.Remove(id);
        if (m.Election is not null) await m.Election.DisposeAsync();
        await m.Rpc.DisposeAsync();
        await m.Runtime.StopAsync(graceful: false);
    }

    /// <summary>Waits until every running node installed the same view of exactly the running nodes.</summary>
    public void WaitForFullView(TimeSpan timeout, Func<bool>? also = null)
    {
        var ids = _running.Keys.Order().ToArray();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var views = Running.Select(m => m.Runtime.View).ToArray();
            if (views[0] is { } first && first.NodeIds.SequenceEqual(ids) && views.All(v => Equals(v, first)) && (also?.Invoke() ?? true)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no common view of {string.Join(",", ids)} after {timeout}");
            Thread.Sleep(2);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _running.Keys.ToList()) await KillAsync(id);
    }
}
