using Ocf.Communication;
using Ocf.Membership;

namespace Ocf.Tests.Communication;

/// <summary>
/// N cluster nodes over one in-memory network, all on one fake clock (single-threaded, deterministic per seed).
/// Every node's events are recorded; nodes can be crashed, restarted (new incarnation), frozen and made to leave.
/// </summary>
public sealed class ClusterHarness : IDisposable
{
    public static readonly TimeSpan DefaultStep = TimeSpan.FromMilliseconds(10);

    private readonly Func<OcfClusterOptions, OcfClusterOptions>? _configure;
    private readonly bool _encrypt;
    private readonly Dictionary<uint, HarnessNode> _nodes = [];
    private readonly Random _random;

    public ClusterHarness(int nodeCount, int seed, InMemoryFaultProfile? faults = null, Func<OcfClusterOptions, OcfClusterOptions>? configure = null, bool encrypt = true, bool start = true)
    {
        Time = new ManualTimeProvider();
        Network = new InMemoryDatagramNetwork(Time, seed, faults);
        Ring = new OcfKeyRing(1, OcfKeyRing.GenerateKey());
        _random = new Random(seed ^ 0x5eed);
        _configure = configure;
        _encrypt = encrypt;
        Definitions = Enumerable.Range(1, nodeCount).Select(i => new OcfNodeDefinition((uint)i, $"node{i}")).ToArray();
        if (start) foreach (var d in Definitions) Start(d.NodeId);
    }

    public ManualTimeProvider Time { get; }
    public InMemoryDatagramNetwork Network { get; }
    public OcfKeyRing Ring { get; }
    public IReadOnlyList<OcfNodeDefinition> Definitions { get; }
    public IEnumerable<HarnessNode> Running => _nodes.Values.Where(n => n.IsRunning).OrderBy(n => n.Id);
    public HarnessNode this[uint id] => _nodes[id];
    /// <summary>Every node instance ever started, restarted ones included (for invariant checks over whole runs).</summary>
    public List<HarnessNode> AllInstances { get; } = [];

    /// <summary>Test defaults: keepalive 100 ms, deadtime 1 s, warntime 500 ms, initdead 2 s, tick 10 ms.</summary>
    public OcfClusterOptions OptionsFor(uint id, ulong incarnation)
    {
        var options = new OcfClusterOptions
        {
            ClusterName = "test",
            Nodes = Definitions,
            LocalNodeId = id,
            Incarnation = incarnation,
            Keepalive = TimeSpan.FromMilliseconds(100),
            Deadtime = TimeSpan.FromSeconds(1),
            Warntime = TimeSpan.FromMilliseconds(500),
            Initdead = TimeSpan.FromSeconds(2),
            TickInterval = TimeSpan.FromMilliseconds(10),
        };
        return _configure?.Invoke(options) ?? options;
    }

    /// <summary>Starts (or restarts, with a higher incarnation) node <paramref name="id"/>.</summary>
    public HarnessNode Start(uint id, ulong? incarnation = null)
    {
        ulong inc = incarnation ?? (_nodes.TryGetValue(id, out var old) ? old.Incarnation + 1 : 1);
        if (_nodes.TryGetValue(id, out var previous) && previous.IsRunning) throw new InvalidOperationException($"node {id} is running");
        var keys = new OcfKeyStore(Ring);
        var pipeline = OcfPacketPipeline.CreateDefault(keys, encrypt: _encrypt);
        var clock = new StallableTimeProvider(Time);
        var transport = Network.Connect(id);
        var node = new OcfClusterNode(OptionsFor(id, inc), pipeline, transport, clock, new Random(_random.Next()));
        var harnessNode = new HarnessNode(id, inc, node, keys, clock, pipeline);
        _nodes[id] = harnessNode;
        AllInstances.Add(harnessNode);
        node.Start();
        return harnessNode;
    }

    /// <summary>kill -9: the node stops at once without a word.</summary>
    public void Crash(uint id) => _nodes[id].Crash();

    public void Advance(TimeSpan duration) => Time.Advance(duration);

    /// <summary>Advances in steps until <paramref name="condition"/> holds; false after <paramref name="timeout"/> of fake time.</summary>
    public bool RunUntil(Func<bool> condition, TimeSpan timeout, TimeSpan? step = null)
    {
        var end = Time.Elapsed + timeout;
        while (!condition())
        {
            if (Time.Elapsed >= end) return false;
            Time.Advance(step ?? DefaultStep);
        }
        return true;
    }

    /// <summary>Every running node has installed the same view, made of exactly the running nodes.</summary>
    public bool ViewsConverged()
    {
        var running = Running.ToArray();
        if (running.Length == 0) return true;
        var expected = running.Select(n => new OcfMember(n.Id, n.Incarnation)).ToArray();
        var first = running[0].Node.View;
        return first is not null && first.Members.SequenceEqual(expected) && running.All(n => Equals(n.Node.View, first));
    }

    public void Dispose()
    {
        foreach (var n in _nodes.Values) n.Crash();
        Network.Dispose();
    }
}
