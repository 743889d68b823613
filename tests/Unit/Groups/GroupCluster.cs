using System.Collections.Concurrent;
using Ocf.Communication;
using Ocf.Groups;
using Ocf.Tests.Node;

namespace Ocf.Tests.Groups;

/// <summary>A <see cref="RuntimeCluster"/> with a group service attached to every node before it starts (restarts too).</summary>
public sealed class GroupCluster : IAsyncDisposable
{
    private readonly ConcurrentDictionary<uint, OcfGroupService> _services = new();

    public GroupCluster(int nodes, int seed = 1, InMemoryFaultProfile? faults = null)
    {
        Nodes = new RuntimeCluster(nodes, seed, faults, onStart: r => _services[r.NodeId] = new OcfGroupService(r));
    }

    public RuntimeCluster Nodes { get; }
    public OcfGroupService this[uint id] => _services[id];

    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Every event a member received, as text ("msg sender text" or "view members | changes").</summary>
    public sealed class Recorder
    {
        private readonly ConcurrentQueue<OcfGroupEvent> _events = new();

        public Recorder(OcfGroupHandle handle)
        {
            Handle = handle;
            Pump = Task.Run(async () =>
            {
                await foreach (var e in handle.Deliveries.ReadAllAsync()) _events.Enqueue(e);
            });
        }

        public OcfGroupHandle Handle { get; }
        public Task Pump { get; }
        public IReadOnlyList<OcfGroupEvent> Events => [.. _events];
        public IReadOnlyList<string> Lines => [.. _events.Select(Line)];
        public IReadOnlyList<string> Messages => [.. _events.OfType<OcfGroupMessage>().Select(Line)];
        public int MessageCount => _events.Count(e => e is OcfGroupMessage);

        public static string Line(OcfGroupEvent e) => e switch
        {
            OcfGroupMessage m => $"msg {m.Sender} {m.Text}",
            OcfGroupMembershipChanged c => $"members [{string.Join(",", c.Members)}] {string.Join(",", c.Changes)}",
            _ => e.ToString(),
        };
    }

    public async Task<Recorder> JoinAsync(uint node, string group, string member)
    {
        using var cts = new CancellationTokenSource(Patience);
        return new Recorder(await this[node].JoinAsync(group, member, cancellationToken: cts.Token));
    }

    public Task WaitUntilAsync(Func<bool> condition, string what) =>
        RuntimeCluster.WaitUntilAsync(condition, Patience, what).ContinueWith(t =>
        {
            if (t.IsFaulted) throw new TimeoutException($"{t.Exception!.InnerException!.Message}; {string.Join("; ", _services.Values.Select(s => s.ToString()))}");
        });

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _services.Values) await s.DisposeAsync();
        await Nodes.DisposeAsync();
    }
}
