using System.Collections.Concurrent;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Node;
using Ocf.Rpc;
using Ocf.Rpc.Cluster;
using Ocf.Tests.Node;

namespace Ocf.Tests.Rpc.Cluster;

/// <summary>
/// A <see cref="RuntimeCluster"/> whose nodes each run a cluster RPC service over their own registry with test
/// methods: test.whoami (node id, transport, caller), test.count (counts its runs per node), test.block (waits
/// until released; signals when entered), test.fail (fault 42). Nodes in <c>bare</c> get no service (the test owns
/// their RPC port to send raw envelopes).
/// </summary>
internal sealed class RpcNodes : IAsyncDisposable
{
    public readonly ConcurrentDictionary<uint, OcfClusterRpc> Rpc = new();
    public readonly ConcurrentDictionary<uint, OcfRpcRegistry> Registries = new();
    public readonly ConcurrentDictionary<uint, int> Counts = new();
    public readonly ConcurrentDictionary<uint, TaskCompletionSource> Entered = new();
    public readonly ConcurrentDictionary<uint, int> Cancelled = new();
    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public Func<uint, Task>? BeforeCount { get; set; }

    public RpcNodes(int nodes, uint[]? bare = null, OcfClusterRpcOptions? options = null, Ocf.Communication.InMemoryFaultProfile? faults = null)
    {
        Cluster = new RuntimeCluster(nodes, faults: faults, onStart: r =>
        {
            if (bare?.Contains(r.NodeId) == true) return;
            var registry = CreateRegistry(r.NodeId);
            var rpc = new OcfClusterRpc(r, new OcfRpcDispatcher(registry), options);
            OcfClusterRpcMethods.Register(registry, rpc);
            Registries[r.NodeId] = registry;
            Rpc[r.NodeId] = rpc;
        });
    }

    public RuntimeCluster Cluster { get; }
    public OcfClusterRpc this[uint id] => Rpc[id];

    private OcfRpcRegistry CreateRegistry(uint node)
    {
        var registry = new OcfRpcRegistry();
        registry.Register("test.whoami", "Who runs this, for whom.", [], OcfRpcTypes.Struct, (_, _) =>
        {
            var ctx = OcfRpcCallContext.Current;
            var cluster = OcfClusterCallContext.Current;
            return ValueTask.FromResult<OcfValue>(new OcfMapBuilder()
                .Add("node", node)
                .Add("transport", ctx?.Transport ?? "none")
                .Add("caller", cluster is null ? -1 : cluster.CallerNodeId)
                .Add("connection", ctx?.ConnectionId ?? -1)
                .Build());
        });
        registry.Register("test.count", "Counts its runs on this node.", [], OcfRpcTypes.Int, async (_, _) =>
        {
            if (BeforeCount is { } before) await before(node);
            return Counts.AddOrUpdate(node, 1, (_, c) => c + 1);
        });
        registry.Register("test.block", "Waits until the test releases it.", [], OcfRpcTypes.Int, async (_, ct) =>
        {
            Entered.GetOrAdd(node, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            try
            {
                await Release.Task.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                Cancelled.AddOrUpdate(node, 1, (_, c) => c + 1);
                throw;
            }
            return node;
        });
        registry.Register("test.fail", "Raises fault 42.", [], OcfRpcTypes.Nil, (_, _) => throw new OcfRpcException(42, $"no on {node}"));
        registry.Register("test.add", "Adds.", [new OcfField { FieldName = "a", BasicType = OcfBasicType.Integer, Required = true }, new OcfField { FieldName = "b", BasicType = OcfBasicType.Integer, Required = true }],
            OcfRpcTypes.Int, (args, _) => ValueTask.FromResult<OcfValue>(((OcfInteger)args[0]).Value + ((OcfInteger)args[1]).Value));
        return registry;
    }

    public Task EnteredAsync(uint node) => Entered.GetOrAdd(node, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(TimeSpan.FromSeconds(15));

    public int Count(uint node) => Counts.TryGetValue(node, out var c) ? c : 0;

    public async ValueTask DisposeAsync()
    {
        Release.TrySetResult();
        foreach (var r in Rpc.Values) await r.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
