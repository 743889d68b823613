using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ocf.Communication;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Membership;
using Ocf.Node;
using Ocf.Rpc;
using Ocf.Rpc.Cluster;

namespace Ocf.Election;

/// <summary>
/// Leader election over one-way cluster RPC, once per view. The candidate is a function of the agreed view alone (its
/// lowest node id), and a view id names exactly one member set, so every member of a view names the same candidate.
/// After installing a quorate view every member sends the candidate an acknowledgement for that exact view id
/// (ocf.election.vote); the candidate takes office once every member of the view acknowledged it while the view is
/// still its current one and quorate, and tells the members (ocf.election.elected), who accept it only for their own
/// current view. Acknowledgements and announcements for any other view are ignored. Hence at most one leader per
/// view id, and none in a partition without quorum; the leader steps down (locally) at the next view change or loss
/// of quorum, and is elected again for the new view if it is still the lowest id.
/// </summary>
public sealed class OcfLeaderElection : IAsyncDisposable
{
    public const string VoteMethod = "ocf.election.vote";
    public const string ElectedMethod = "ocf.election.elected";
    public const string LeaderMethod = "ocf.leader";
    private const int MaxFutureViews = 16;

    private readonly OcfClusterRpc _rpc;
    private readonly OcfNodeRuntime _runtime;
    private readonly OcfLeaderElectionOptions _options;
    private readonly ILogger _log;
    private readonly object _gate = new();
    private readonly Dictionary<OcfViewId, Dictionary<uint, ulong>> _votes = []; // at the candidate: view → voter → its incarnation
    private readonly ITimer _retry;
    private OcfView? _view;
    private bool _quorate;
    private OcfLeader? _leader;
    private int _disposed;

    /// <summary>Attaches to <paramref name="rpc"/>'s node and registers the election's one-way methods in its registry.</summary>
    public OcfLeaderElection(OcfClusterRpc rpc, OcfLeaderElectionOptions? options = null, ILogger? logger = null)
    {
        _rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));
        _runtime = rpc.Runtime;
        _options = options ?? OcfLeaderElectionOptions.Default;
        _log = logger ?? NullLogger.Instance;
        var registry = rpc.Dispatcher.Registry;
        registry.Register(new OcfRpcMethod(VoteMethod,
            "Cluster-internal (one-way): the calling member installed the given quorate view and acknowledges the candidate.",
            ViewFields, OcfRpcTypes.Nil, OnVote));
        registry.Register(new OcfRpcMethod(ElectedMethod,
            "Cluster-internal (one-way): the calling node took office as leader of the given view.",
            ViewFields, OcfRpcTypes.Nil, OnElected));
        lock (_gate)
        {
            _view = _runtime.View;
            _quorate = _runtime.Quorum?.Quorate == true;
        }
        _runtime.EventObserved += OnEvent;
        _retry = TimeProvider.System.CreateTimer(_ => Retry(), null, _options.RetryInterval, _options.RetryInterval);
        if (_quorate) _ = VoteAsync();
    }

    /// <summary>The leader of the current view as this node knows it; null while electing, and without quorum.</summary>
    public OcfLeader? Leader
    {
        get { lock (_gate) return _leader; }
    }

    /// <summary>The view the election runs for: the last one this node installed (its events' order, not the runtime's latest).</summary>
    public OcfView? View
    {
        get { lock (_gate) return _view; }
    }

    /// <summary>The view is quorate, as the election last heard.</summary>
    public bool Quorate
    {
        get { lock (_gate) return _quorate; }
    }

    /// <summary>This node is the leader of its current view.</summary>
    public bool IsLeader => Leader?.NodeId == _runtime.NodeId;

    /// <summary>
    /// Raised, in order, when <see cref="Leader"/> changes (on the thread that changed it: handlers must not block).
    /// </summary>
    public event Action<OcfLeaderChanged>? LeaderChanged;

    /// <summary>The candidate of a view: its lowest node id (members are ordered by node id).</summary>
    public static uint CandidateOf(OcfView view) => view.Members[0].NodeId;

    /// <summary>Registers ocf.leader: a struct {viewId, leader (id or nil), leaderName (or nil), quorate, isLeader}.</summary>
    public static void Register(OcfRpcRegistry registry, OcfLeaderElection election)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(election);
        registry.Register(LeaderMethod,
            "Returns the leader of this node's current view as this node knows it: a struct {viewId, leader, leaderName, quorate, isLeader}; "
            + "leader and leaderName are nil while an election runs and in a partition without quorum.",
            [], OcfRpcTypes.Struct, (_, _) => ValueTask.FromResult<OcfValue>(election.Describe()));
    }

    /// <summary>The value ocf.leader returns.</summary>
    public OcfMap Describe()
    {
        OcfView? view;
        OcfLeader? leader;
        bool quorate;
        lock (_gate) (view, leader, quorate) = (_view, _leader, _quorate);
        return new OcfMapBuilder()
            .Add("viewId", view is null ? OcfValue.Nil : view.Id.ToString())
            .Add("leader", leader is null ? OcfValue.Nil : leader.NodeId)
            .Add("leaderName", leader is null ? OcfValue.Nil : leader.Name)
            .Add("quorate", quorate)
            .Add("isLeader", leader?.NodeId == _runtime.NodeId)
            .Build();
    }

    // ---- membership (the dispatch thread) ----

    private void OnEvent(OcfClusterEvent e)
    {
        bool vote;
        switch (e)
        {
            case OcfViewChanged v:
                lock (_gate)
                {
                    _view = v.Current;
                    _quorate = v.Quorum.Quorate;
                    foreach (var old in _votes.Keys.Where(id => id < v.Current.Id).ToList()) _votes.Remove(old);
                    StepDownUnlessCurrent();
                    vote = _quorate;
                    if (vote) TryTakeOffice(); // acknowledgements may have come before the view did
                }
                break;
            case OcfQuorumChanged q:
                lock (_gate)
                {
                    vote = q.Current.Quorate && !_quorate;
                    _quorate = q.Current.Quorate;
                    StepDownUnlessCurrent();
                    if (vote) TryTakeOffice();
                }
                break;
            default:
                return;
        }
        if (vote) _ = VoteAsync();
    }

    /// <summary>Drops a leader that is not of the current quorate view (under the lock).</summary>
    private void StepDownUnlessCurrent()
    {
        if (_leader is { } l && (!_quorate || _view is null || l.ViewId != _view.Id)) SetLeader(null, _view?.Id ?? l.ViewId);
    }

    private void SetLeader(OcfLeader? leader, OcfViewId viewId)
    {
        var previous = _leader;
        if (Equals(previous, leader)) return;
        _leader = leader;
        if (leader is not null) _log.LogInformation("Leader of view {ViewId}: {Leader}", viewId, leader);
        else _log.LogInformation("No leader in view {ViewId} (was {Previous})", viewId, previous);
        try { LeaderChanged?.Invoke(new OcfLeaderChanged(viewId, leader, previous)); }
        catch (Exception ex) { _log.LogError(ex, "A LeaderChanged handler failed"); }
    }

    /// <summary>Acknowledges the current view's candidate (one-way), if the view is quorate and has no leader yet.</summary>
    private async Task VoteAsync()
    {
        await Task.Yield(); // off the dispatch thread: sending may wait on flow control
        OcfView? view;
        lock (_gate)
        {
            view = _view;
            if (view is null || !_quorate || _leader?.ViewId == view.Id || Volatile.Read(ref _disposed) != 0) return;
        }
        try
        {
            await _rpc.NotifyAsync(CandidateOf(view), VoteMethod, ViewArgs(view.Id, CandidateOf(view))).ConfigureAwait(false);
        }
        catch (OcfRpcException ex)
        {
            // The candidate is not (yet) a live member here: the view is about to change, or the retry will send it.
            _log.LogDebug("Acknowledgement of view {ViewId} not sent: {Reason}", view.Id, ex.Message);
        }
        catch (ObjectDisposedException) { }
    }

    private void Retry()
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        _ = VoteAsync();
    }

    // ---- the one-way methods (off the dispatch thread) ----

    private ValueTask<OcfValue> OnVote(IReadOnlyList<OcfValue> args, CancellationToken cancellationToken)
    {
        var caller = ClusterCaller(VoteMethod);
        var (viewId, candidate) = ParseView(args);
        bool reannounce = false;
        lock (_gate)
        {
            if (candidate != _runtime.NodeId || _view is null || viewId < _view.Id) return Nil; // stale or misaddressed
            if (viewId > _view.Id && !_votes.ContainsKey(viewId) && _votes.Count >= MaxFutureViews) return Nil;
            if (!_votes.TryGetValue(viewId, out var voters)) _votes[viewId] = voters = [];
            voters[caller.CallerNodeId] = caller.CallerIncarnation;
            if (_leader?.ViewId == viewId && _leader.NodeId == _runtime.NodeId) reannounce = true; // that voter missed the announcement
            else TryTakeOffice();
        }
        if (reannounce) _ = AnnounceAsync(viewId, caller.CallerNodeId);
        return Nil;
    }

    /// <summary>Takes office when this node is the current quorate view's candidate and every member acknowledged it (under the lock).</summary>
    private void TryTakeOffice()
    {
        if (_view is not { } view || !_quorate || _leader is not null || CandidateOf(view) != _runtime.NodeId) return;
        if (!_votes.TryGetValue(view.Id, out var voters)) return;
        foreach (var m in view.Members)
            if (!voters.TryGetValue(m.NodeId, out var incarnation) || incarnation != m.Incarnation) return;
        SetLeader(new OcfLeader(_runtime.NodeId, _runtime.Local.Name, view.Id), view.Id);
        _ = AnnounceAsync(view.Id, OcfRpcEnvelope.AllNodes);
    }

    private async Task AnnounceAsync(OcfViewId viewId, uint to)
    {
        await Task.Yield();
        try
        {
            await _rpc.NotifyAsync(to, ElectedMethod, ViewArgs(viewId, _runtime.NodeId)).ConfigureAwait(false);
        }
        catch (OcfRpcException ex)
        {
            _log.LogDebug("Announcement of view {ViewId} not sent: {Reason}", viewId, ex.Message);
        }
        catch (ObjectDisposedException) { }
    }

    private ValueTask<OcfValue> OnElected(IReadOnlyList<OcfValue> args, CancellationToken cancellationToken)
    {
        var caller = ClusterCaller(ElectedMethod);
        var (viewId, leader) = ParseView(args);
        lock (_gate)
        {
            // Only the candidate of this node's own current quorate view, announcing that very view.
            if (_view is not { } view || !_quorate || view.Id != viewId || leader != caller.CallerNodeId || CandidateOf(view) != leader) return Nil;
            if (!view.Contains(new OcfMember(caller.CallerNodeId, caller.CallerIncarnation))) return Nil;
            if (_leader is null) SetLeader(new OcfLeader(leader, _rpc.NodeName(leader), viewId), viewId);
        }
        return Nil;
    }

    private static readonly ValueTask<OcfValue> Nil = ValueTask.FromResult<OcfValue>(OcfValue.Nil);

    private static OcfClusterCallContext ClusterCaller(string method) => OcfClusterCallContext.Current
        ?? throw new OcfRpcException(OcfRpcFaultCodes.InvalidRequest, $"{method} is called by cluster nodes only");

    private static readonly IReadOnlyList<OcfField> ViewFields =
    [
        new() { FieldName = "epoch", BasicType = OcfBasicType.Integer, Required = true, ShortText = "the view id's epoch" },
        new() { FieldName = "coordinator", BasicType = OcfBasicType.Integer, Required = true, ShortText = "the view id's coordinator node" },
        new() { FieldName = "coordinatorIncarnation", BasicType = OcfBasicType.Integer, Required = true, ShortText = "the view id's coordinator incarnation" },
        new() { FieldName = "node", BasicType = OcfBasicType.Integer, Required = true, ShortText = "the candidate (vote) or the leader (elected)" },
    ];

    private static IReadOnlyList<OcfValue> ViewArgs(OcfViewId id, uint node) =>
        [new OcfInteger(id.Epoch), new OcfInteger(id.Coordinator), new OcfInteger(unchecked((long)id.CoordinatorIncarnation)), new OcfInteger(node)];

    private static (OcfViewId ViewId, uint Node) ParseView(IReadOnlyList<OcfValue> args) =>
        (new OcfViewId(((OcfInteger)args[0]).Value, (uint)((OcfInteger)args[1]).Value, unchecked((ulong)((OcfInteger)args[2]).Value)), (uint)((OcfInteger)args[3]).Value);

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return ValueTask.CompletedTask;
        _runtime.EventObserved -= OnEvent;
        _retry.Dispose();
        var registry = _rpc.Dispatcher.Registry;
        registry.Unregister(VoteMethod);
        registry.Unregister(ElectedMethod);
        return ValueTask.CompletedTask;
    }
}
