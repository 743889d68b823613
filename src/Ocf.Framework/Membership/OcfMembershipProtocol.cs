using System.Collections.Immutable;

namespace Ocf.Membership;

/// <summary>
/// The view agreement protocol of one node — pure: no I/O, no clock of its own (time is an argument), single-threaded.
/// <list type="bullet">
/// <item>Each node knows its <em>reachable set</em> (itself and the nodes its failure detector holds up, with incarnations).</item>
/// <item>The lowest node id of a reachable set is its coordinator. When its reachable set differs from its installed view,
/// it proposes view (epoch = highest epoch seen + 1, itself, the reachable set) and repeats the proposal to members that
/// have not acknowledged it.</item>
/// <item>A node acknowledges a proposal that contains it, is newer than its installed view, and comes from the lowest
/// node id among its own reachable set and the proposed members; otherwise it ignores it (or, if it already has a newer
/// view, rejects it so the coordinator proposes a higher epoch).</item>
/// <item>Once every proposed member acknowledged, the coordinator installs the view and sends a commit; a member installs a
/// committed view that contains it and is newer than its own. Lost commits are repaired: heartbeats carry the installed
/// view id, and the lowest member of a view re-sends its commit to members still showing an older one.</item>
/// <item>A coordinator whose reachable peers show a newer view than its own (they moved on while it was frozen or
/// partitioned away) proposes again even if the member list looks unchanged, so that everybody converges.</item>
/// </list>
/// Safety: a view id names one coordinator incarnation, which proposes each epoch once, so every node installing an id installs the
/// same members; installed ids only grow. A dead coordinator is replaced by the next lowest node once failure detection
/// removes it; a change during a proposal simply starts a newer one.
/// </summary>
public sealed partial class OcfMembershipProtocol
{
    private readonly IOcfMembershipOutput _output;
    private readonly TimeSpan _retryInterval;
    private readonly TimeSpan _proposalTimeout;
    private readonly Dictionary<uint, TimeSpan> _lastRepair = [];
    private readonly Dictionary<uint, OcfViewId> _peerViews = [];
    private ImmutableArray<OcfMember> _reachable;
    private long _highestEpoch;
    private OcfProposal? _proposal;

    public OcfMembershipProtocol(OcfMember self, IOcfMembershipOutput output, TimeSpan retryInterval, TimeSpan proposalTimeout)
    {
        Self = self;
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _retryInterval = retryInterval;
        _proposalTimeout = proposalTimeout;
        _reachable = [self];
    }

    public OcfMember Self { get; }
    public OcfView? Installed { get; private set; }
    public ImmutableArray<OcfMember> Reachable => _reachable;
    /// <summary>The view this node is proposing as coordinator, if any.</summary>
    public OcfView? Proposing => _proposal?.View;
    public bool IsCoordinator => _reachable[0].NodeId == Self.NodeId;

    /// <summary>What heartbeats carry: the installed view id (empty before the first view).</summary>
    public byte[] HeartbeatExtension => Installed is null ? [] : OcfMembershipMessage.EncodeViewId(Installed.Id);

    /// <summary>The failure detector's current verdict: the nodes (with incarnations) considered up, besides this one.</summary>
    public void SetReachable(IEnumerable<OcfMember> up, TimeSpan now)
    {
        var set = up.Where(m => m.NodeId != Self.NodeId).Append(Self).Order().ToImmutableArray();
        for (int i = 1; i < set.Length; i++)
            if (set[i].NodeId == set[i - 1].NodeId) throw new ArgumentException($"node {set[i].NodeId} appears twice", nameof(up));
        _reachable = set;
        Evaluate(now);
    }

    public void Tick(TimeSpan now) => Evaluate(now);

    /// <summary>A membership message from <paramref name="from"/>. Malformed input throws Ocf.Communication.OcfPacketException.</summary>
    public void OnMessage(OcfMember from, ReadOnlySpan<byte> body, TimeSpan now)
    {
        var message = OcfMembershipMessage.Decode(body);
        _highestEpoch = Math.Max(_highestEpoch, message.Id.Epoch);
        switch (message.Kind)
        {
            case OcfMembershipMessageKind.Propose: OnPropose(from, message.View!); break;
            case OcfMembershipMessageKind.Ack: OnAck(from, message.Id, now); break;
            case OcfMembershipMessageKind.Commit: OnCommit(message.View!); break;
            case OcfMembershipMessageKind.Reject: OnReject(message.Id, message.Installed, now); break;
        }
    }

    /// <summary>The view id a peer's heartbeat carries (empty: none yet).</summary>
    public void OnPeerView(OcfMember from, ReadOnlySpan<byte> extension, TimeSpan now)
    {
        var id = extension.Length == 0 ? OcfViewId.None : OcfMembershipMessage.DecodeViewId(extension);
        _highestEpoch = Math.Max(_highestEpoch, id.Epoch);
        _peerViews[from.NodeId] = id;
        var view = Installed;
        if (view is null || id >= view.Id || !view.Contains(from) || view.Members[0] != Self) return;
        if (_lastRepair.TryGetValue(from.NodeId, out var last) && now - last < _retryInterval) return;
        _lastRepair[from.NodeId] = now;
        _output.Send(from.NodeId, new OcfMembershipMessage(OcfMembershipMessageKind.Commit, view.Id, view, default).Encode());
    }

    private void OnPropose(OcfMember from, OcfView view)
    {
        if (!view.Contains(Self) || from != new OcfMember(view.Id.Coordinator, view.Id.CoordinatorIncarnation)) return;
        if (Installed is { } installed && view.Id <= installed.Id)
        {
            _output.Send(from.NodeId, new OcfMembershipMessage(OcfMembershipMessageKind.Reject, view.Id, null, installed.Id).Encode());
            return;
        }
        uint lowest = Math.Min(_reachable[0].NodeId, view.Members[0].NodeId);
        if (from.NodeId != lowest) return; // a lower node is alive here: it should coordinate
        _output.Send(from.NodeId, new OcfMembershipMessage(OcfMembershipMessageKind.Ack, view.Id, null, default).Encode());
    }

    private void OnCommit(OcfView view)
    {
        if (!view.Contains(Self)) return;
        if (Installed is { } installed && view.Id <= installed.Id) return;
        Install(view);
    }

    private void Install(OcfView view)
    {
        var previous = Installed;
        Installed = view;
        _lastRepair.Clear();
        if (_proposal is { } p && p.View.Id <= view.Id) _proposal = null;
        _output.Installed(previous, view);
    }
}
