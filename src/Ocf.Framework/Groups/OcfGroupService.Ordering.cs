using Ocf.Membership;
using Ocf.Node;

namespace Ocf.Groups;

public sealed partial class OcfGroupService
{
    /// <summary>An operation this node originated that is not delivered yet (resubmitted after a view change).</summary>
    private sealed record Pending(long Seq, GroupOpKind Kind, string Group, string Member, byte[] Payload, TaskCompletionSource? Delivered);

    private const int StableEvery = 128;

    // Replicated state: identical at every member that delivered the same operations.
    private readonly Dictionary<string, SortedSet<OcfGroupMember>> _groups = new(StringComparer.Ordinal);

    // The view this node delivers in, and its position in that view's order.
    private OcfView? _active;
    private long _delivered;
    private List<GroupEntry> _entries = [];      // delivered operations of _active from _entriesFirst on, for flush retransmission
    private long _entriesFirst = 1;
    private readonly SortedDictionary<long, GroupEntry> _held = []; // operations of _active received ahead of delivery
    private readonly Dictionary<uint, long> _stable = [];           // what each member reported delivered (log trimming)
    private int _sinceStable;
    private long _nextSeq;                                           // as the sequencer: the last position handed out

    // Exactly once: the highest origin sequence delivered from each (node, incarnation). An origin's operations are
    // delivered in its own order, so a lower or equal one is a duplicate.
    private readonly Dictionary<(uint, ulong), long> _highest = [];

    // This node as an origin.
    private long _originSeq;
    private readonly List<Pending> _unordered = [];
    private TaskCompletionSource? _space;

    private bool IsNormal => _active is not null && _target is null;
    private static OcfMember SequencerOf(OcfView view) => view.Members[0];
    private bool IsSequencer => _active is { } v && SequencerOf(v) == new OcfMember(NodeId, Incarnation);

    private void Receive(OcfPortMessage m)
    {
        var r = new GroupWire.Reader(m.Payload);
        var from = new OcfMember(m.Sender, m.SenderIncarnation);
        switch (r.Kind())
        {
            case GroupMessageKind.Submit:
            {
                var view = r.ViewId();
                long originSeq = r.Int64();
                var kind = (GroupOpKind)r.Byte();
                string group = r.String(), member = r.String();
                var payload = r.Blob();
                OnSubmit(view, new GroupEntry(0, from.NodeId, from.Incarnation, originSeq, kind, group, member, payload));
                break;
            }
            case GroupMessageKind.Ordered:
            {
                var view = r.ViewId();
                OnOrdered(from, view, r.Entry());
                break;
            }
            case GroupMessageKind.FlushState:
            {
                var target = r.ViewId();
                OcfViewId? old = r.Bool() ? r.ViewId() : null;
                long delivered = r.Int64();
                OnFlushState(from, new FlushState(target, old, delivered, r.Bool()));
                break;
            }
            case GroupMessageKind.FlushData:
            {
                var target = r.ViewId();
                var old = r.ViewId();
                OnFlushData(target, old, r.Entry());
                break;
            }
            case GroupMessageKind.FlushDone:
            {
                var target = r.ViewId();
                bool repeat = r.Bool();
                int n = r.Int32();
                if (n < 0) throw new InvalidDataException("negative member count");
                var locals = new List<(string, string)>(n);
                for (int i = 0; i < n; i++) locals.Add((r.String(), r.String()));
                OnFlushDone(from, target, locals, repeat);
                break;
            }
            case GroupMessageKind.Stable:
            {
                var view = r.ViewId();
                OnStable(from, view, r.Int64());
                break;
            }
        }
    }

    /// <summary>Hands a local operation to the sequencer (or orders it at once if this node is the sequencer).</summary>
    private void SendPending(Pending p)
    {
        var view = _active!;
        if (IsSequencer) Order(new GroupEntry(0, NodeId, Incarnation, p.Seq, p.Kind, p.Group, p.Member, p.Payload));
        else Enqueue(view.Id, GroupWire.Submit(view.Id, p.Seq, p.Kind, p.Group, p.Member, p.Payload));
    }

    private void OnSubmit(OcfViewId view, GroupEntry op)
    {
        if (IsNormal && _active!.Id == view)
        {
            if (IsSequencer) Order(op);
        }
        else if (_target is { } t && t.Id == view && SequencerOf(t) == new OcfMember(NodeId, Incarnation))
        {
            _earlySubmits.Add(op); // sent by a member that finished the flush before this sequencer did
        }
        // Otherwise the view is over here: the origin resubmits after the flush.
    }

    /// <summary>As the sequencer: gives <paramref name="op"/> the next position and broadcasts it (the order is this node's stream order).</summary>
    private void Order(GroupEntry op)
    {
        if (_highest.TryGetValue((op.OriginNode, op.OriginIncarnation), out var h) && op.OriginSeq <= h) return; // delivered already
        var view = _active!.Id;
        Enqueue(view, GroupWire.Ordered(view, op with { Seq = ++_nextSeq }));
    }

    private void OnOrdered(OcfMember from, OcfViewId viewId, GroupEntry e)
    {
        if (_active is { } active && active.Id == viewId)
        {
            if (from != SequencerOf(active)) return;
            Accept(e);
        }
        else if (_target is { } t && t.Id == viewId && from == SequencerOf(t))
        {
            // The new sequencer finished its flush first; keep its order for when this node finishes.
            if (!_early.TryGetValue(viewId, out var list)) _early[viewId] = list = [];
            list.Add(e);
        }
    }

    /// <summary>An operation of the active view (from its sequencer or a flush retransmission): delivered in position order.</summary>
    private void Accept(GroupEntry e)
    {
        if (e.Seq <= _delivered) return;
        _held.TryAdd(e.Seq, e);
        if (IsNormal) DrainHeld(long.MaxValue);
        else TryProgress();
    }

    private void DrainHeld(long upTo)
    {
        while (_delivered < upTo && _held.Remove(_delivered + 1, out var next)) Deliver(next);
    }

    private void Deliver(GroupEntry e)
    {
        _delivered = e.Seq;
        _entries.Add(e);
        if (++_sinceStable >= StableEvery)
        {
            _sinceStable = 0;
            Enqueue(_active!.Id, GroupWire.Stable(_active.Id, _delivered));
        }
        var key = (e.OriginNode, e.OriginIncarnation);
        bool duplicate = _highest.TryGetValue(key, out var h) && e.OriginSeq <= h;
        if (!duplicate) _highest[key] = e.OriginSeq;
        if (e.OriginNode == NodeId && e.OriginIncarnation == Incarnation) CompleteOwn(e.OriginSeq);
        if (!duplicate) Apply(e);
    }

    private void CompleteOwn(long originSeq)
    {
        int n = 0;
        while (n < _unordered.Count && _unordered[n].Seq <= originSeq) n++;
        for (int i = 0; i < n; i++) _unordered[i].Delivered?.TrySetResult();
        _unordered.RemoveRange(0, n);
        if (_space is not null && _unordered.Count < MaxUnordered)
        {
            _space.TrySetResult();
            _space = null;
        }
    }

    /// <summary>Applies a delivered operation to the replicated state and hands it to the local members concerned.</summary>
    private void Apply(GroupEntry e)
    {
        var member = new OcfGroupMember(e.OriginNode, e.Member);
        var view = _active!.Id;
        _groups.TryGetValue(e.Group, out var set);
        switch (e.Kind)
        {
            case GroupOpKind.Join:
                set ??= _groups[e.Group] = new SortedSet<OcfGroupMember>();
                if (!set.Add(member)) return;
                if (member.NodeId == NodeId && _handles.TryGetValue((e.Group, e.Member), out var joiner)) joiner.IsJoined = true;
                Notify(set, new OcfGroupMembershipChanged(e.Group, view, [.. set], [new OcfGroupMemberChange(member, OcfGroupChangeReason.Joined)]));
                break;
            case GroupOpKind.Leave:
                if (set is null || !set.Contains(member)) return;
                var before = set.ToArray();
                set.Remove(member);
                if (set.Count == 0) _groups.Remove(e.Group);
                Notify(before, new OcfGroupMembershipChanged(e.Group, view, [.. set], [new OcfGroupMemberChange(member, OcfGroupChangeReason.Left)]));
                if (member.NodeId == NodeId && _handles.Remove((e.Group, e.Member), out var leaver))
                {
                    leaver.IsJoined = false;
                    leaver.Complete();
                }
                break;
            case GroupOpKind.Data:
                if (set is null) return;
                Notify(set, new OcfGroupMessage(e.Group, view, member, e.Payload));
                break;
        }
    }

    /// <summary>Queues <paramref name="e"/> for the local members among <paramref name="recipients"/>.</summary>
    private void Notify(IEnumerable<OcfGroupMember> recipients, OcfGroupEvent e)
    {
        foreach (var r in recipients)
        {
            if (r.NodeId != NodeId || !_handles.TryGetValue((e.Group, r.Name), out var handle)) continue;
            handle.Write(e);
            _raise.Add((handle, e));
        }
    }

    private void OnStable(OcfMember from, OcfViewId viewId, long delivered)
    {
        if (_active is not { } active || active.Id != viewId || !active.Contains(from)) return;
        _stable[from.NodeId] = Math.Max(delivered, _stable.GetValueOrDefault(from.NodeId));
        if (_target is not null) return; // a flush may still need the log
        long min = active.Members.Min(m => _stable.GetValueOrDefault(m.NodeId));
        int drop = (int)Math.Min(_entries.Count, min - _entriesFirst + 1);
        if (drop >= StableEvery)
        {
            _entries.RemoveRange(0, drop);
            _entriesFirst += drop;
        }
    }
}
