using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ocf.Communication;
using Ocf.Membership;
using Ocf.Node;

namespace Ocf.Groups;

/// <summary>
/// Process groups over one node runtime (port <see cref="OcfPorts.Groups"/>), after Corosync's CPG: named groups of
/// members (node id, local name); join, leave and messages are delivered to every member exactly once, in one total
/// order agreed by all members, and view-synchronously across cluster membership changes. The protocol (a sequencer
/// per view, a flush at every view change) is described in docs/groups.md.
/// <para>
/// Every node of the cluster must run the service (a flush waits for every member of the new view). Attach it before
/// <see cref="OcfNodeRuntime.Start"/> (or at any time; it then joins with the current view). Thread-safe; events are
/// raised on the node's dispatch thread and must not block.
/// </para>
/// </summary>
public sealed partial class OcfGroupService : IAsyncDisposable
{
    /// <summary>How many of this node's operations may await their order before senders wait (flow control).</summary>
    public const int DefaultMaxUnordered = 1024;
    /// <summary>How often an unfinished flush repeats this node's flush messages (they are idempotent).</summary>
    public static readonly TimeSpan RepeatInterval = TimeSpan.FromMilliseconds(200);

    private readonly OcfNodeRuntime _runtime;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly IDisposable _port;
    private readonly Timer _timer;
    private readonly Dictionary<(string Group, string Member), OcfGroupHandle> _handles = [];
    private readonly List<(OcfGroupHandle Handle, OcfGroupEvent Event)> _raise = [];
    private bool _disposed;

    public OcfGroupService(OcfNodeRuntime runtime, ILogger? logger = null, int maxUnordered = DefaultMaxUnordered)
    {
        _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUnordered, 1);
        MaxUnordered = maxUnordered;
        _logger = logger ?? NullLogger.Instance;
        _port = runtime.OpenPort(OcfPorts.Groups, OnPortMessage);
        runtime.EventObserved += OnClusterEvent;
        _timer = new Timer(static s => ((OcfGroupService)s!).OnTimer(), this, RepeatInterval, RepeatInterval);
        if (runtime.View is { } view)
        {
            lock (_gate) BeginFlush(view);
            Pump();
        }
    }

    public uint NodeId => _runtime.NodeId;
    public ulong Incarnation => _runtime.Incarnation;
    public OcfNodeRuntime Runtime => _runtime;
    public int MaxUnordered { get; }

    /// <summary>
    /// Raised for every delivery to a local member, in the agreed order, on the node's dispatch thread (must not block):
    /// the hook for hosts that forward deliveries elsewhere (local API clients). Handles with buffering also get them on
    /// <see cref="OcfGroupHandle.Deliveries"/>.
    /// </summary>
    public event Action<OcfGroupHandle, OcfGroupEvent>? Delivered;

    /// <summary>The cluster view this node delivers group operations in (null before the first flush completed).</summary>
    public OcfViewId? CurrentView { get { lock (_gate) return _active?.Id; } }

    /// <summary>True while a view change's flush is in progress (sends wait for it).</summary>
    public bool IsFlushing { get { lock (_gate) return _target is not null || _active is null; } }

    /// <summary>
    /// Joins <paramref name="group"/> as local member <paramref name="member"/>; completes when the join is delivered
    /// here (the handle's first delivery is that membership change). With <paramref name="buffer"/> off the handle has
    /// no reader: deliveries go to <see cref="Delivered"/> only.
    /// </summary>
    public async Task<OcfGroupHandle> JoinAsync(string group, string member, bool buffer = true, CancellationToken cancellationToken = default)
    {
        CheckName(group, nameof(group));
        CheckName(member, nameof(member));
        OcfGroupHandle handle;
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_handles.ContainsKey((group, member)))
                throw new OcfGroupException($"'{member}' is already a member of group '{group}' on node {NodeId} (or its join is in progress)", group, member);
            handle = new OcfGroupHandle(this, group, member, buffer);
            _handles[(group, member)] = handle;
        }
        await SubmitAsync(GroupOpKind.Join, group, member, [], waitForDelivery: true, cancellationToken).ConfigureAwait(false);
        return handle;
    }

    /// <summary>The local member <paramref name="member"/> of <paramref name="group"/>, if it joined (or is joining).</summary>
    public OcfGroupHandle? Find(string group, string member)
    {
        lock (_gate) return _handles.GetValueOrDefault((group, member));
    }

    /// <summary>This node's members, every group.</summary>
    public IReadOnlyList<OcfGroupHandle> LocalMembers
    {
        get { lock (_gate) return [.. _handles.Values.OrderBy(h => h.Group, StringComparer.Ordinal).ThenBy(h => h.Member.Name, StringComparer.Ordinal)]; }
    }

    /// <summary>The member list of <paramref name="group"/> as delivered here so far (empty if it has none).</summary>
    public IReadOnlyList<OcfGroupMember> MembersOf(string group)
    {
        lock (_gate) return _groups.TryGetValue(group, out var set) ? [.. set] : [];
    }

    /// <summary>Every group with at least one member, as delivered here so far.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<OcfGroupMember>> Groups
    {
        get { lock (_gate) return _groups.ToDictionary(g => g.Key, g => (IReadOnlyList<OcfGroupMember>)[.. g.Value], StringComparer.Ordinal); }
    }

    private static void CheckName(string name, string parameter)
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        if (name.Length == 0) throw new ArgumentException("a group or member name cannot be empty", parameter);
        if (System.Text.Encoding.UTF8.GetByteCount(name) > GroupWire.MaxNameBytes)
            throw new ArgumentException($"a group or member name is at most {GroupWire.MaxNameBytes} UTF-8 bytes", parameter);
    }

    private void ThrowIfDisposed()
    {
        if (_disposed) throw new OcfGroupException($"the group service of node {NodeId} is stopped");
    }

    internal async Task SubmitAsync(GroupOpKind kind, string group, string member, byte[] payload, bool waitForDelivery, CancellationToken cancellationToken)
    {
        Task delivered;
        while (true)
        {
            Task space;
            lock (_gate)
            {
                ThrowIfDisposed();
                if (!_runtime.IsRunning) throw new OcfGroupException($"node {NodeId} is not running", group, member);
                // Joins and leaves never wait for room: only messages are flow-controlled.
                if (kind != GroupOpKind.Data || _unordered.Count < MaxUnordered)
                {
                    var pending = new Pending(++_originSeq, kind, group, member, payload,
                        waitForDelivery ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null);
                    _unordered.Add(pending);
                    if (IsNormal) SendPending(pending);
                    delivered = pending.Delivered?.Task ?? Task.CompletedTask;
                    break;
                }
                space = (_space ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
            await space.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        Pump();
        await delivered.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnTimer()
    {
        try
        {
            lock (_gate)
            {
                if (_disposed) return;
                RepeatFlushMessages();
            }
            Pump();
        }
        catch (Exception e) { _logger.LogError(e, "Group service timer failed"); }
    }

    private void OnClusterEvent(OcfClusterEvent e)
    {
        switch (e)
        {
            case OcfViewChanged v:
                lock (_gate)
                {
                    if (_disposed) return;
                    foreach (var m in v.Left) _nodesLeft.Add(m.NodeId);
                    BeginFlush(v.Current);
                }
                RaiseDelivered(); // the flush may have finished at once (every peer's flush messages came first)
                Pump();
                break;
            case OcfSendWindowOpened:
                Pump();
                break;
        }
    }

    private void OnPortMessage(OcfPortMessage m)
    {
        lock (_gate)
        {
            if (_disposed) return;
            try { Receive(m); }
            catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or ArgumentException)
            {
                _logger.LogWarning("Dropped a malformed group message from node {Sender}: {Error}", m.Sender, ex.Message);
            }
        }
        RaiseDelivered();
        Pump();
    }

    /// <summary>Raises the deliveries collected under the lock, outside it, in order (one dispatch thread at a time).</summary>
    private void RaiseDelivered()
    {
        List<(OcfGroupHandle, OcfGroupEvent)> batch;
        lock (_gate)
        {
            if (_raise.Count == 0) return;
            batch = [.. _raise];
            _raise.Clear();
        }
        var handler = Delivered;
        if (handler is null) return;
        foreach (var (h, e) in batch)
        {
            try { handler(h, e); }
            catch (Exception ex) { _logger.LogError(ex, "A group delivery handler failed for {Member} in {Group}", h.Member, h.Group); }
        }
    }

    /// <summary>The protocol state, for diagnostics.</summary>
    public override string ToString()
    {
        lock (_gate)
        {
            string flush = _target is { } t
                ? $" flushing into {t.Id}: cut {_cut}, states {_states.GetValueOrDefault(t.Id)?.Count ?? 0}/{t.Members.Length}, dones {_dones.GetValueOrDefault(t.Id)?.Count ?? 0}/{t.Members.Length}"
                : "";
            return $"groups of node {NodeId}: view {_active?.Id.ToString() ?? "none"}, delivered {_delivered}, held {_held.Count}, unordered {_unordered.Count}, outbox {OutboxCount}{flush}";
        }
    }

    public ValueTask DisposeAsync()
    {
        List<Pending> pending;
        lock (_gate)
        {
            if (_disposed) return ValueTask.CompletedTask;
            _disposed = true;
            pending = [.. _unordered];
            _unordered.Clear();
            foreach (var h in _handles.Values)
            {
                h.IsJoined = false;
                h.Complete();
            }
            _handles.Clear();
            _space?.TrySetException(new OcfGroupException($"the group service of node {NodeId} is stopped"));
        }
        _runtime.EventObserved -= OnClusterEvent;
        _port.Dispose();
        _timer.Dispose();
        foreach (var p in pending) p.Delivered?.TrySetException(new OcfGroupException($"the group service of node {NodeId} stopped before the {p.Kind} was delivered", p.Group, p.Member));
        lock (_outboxGate) _outbox.Clear();
        return ValueTask.CompletedTask;
    }
}
