using Microsoft.Extensions.Logging;
using Ocf.Membership;

namespace Ocf.Groups;

/// <summary>
/// The flush run at every cluster view change (docs/groups.md):
/// <list type="number">
/// <item>Every member of the new view T stops sending and broadcasts FlushState(T, its old view V, d = operations of V delivered).</item>
/// <item>With every member's state in hand, the cohort of V (members of T coming from V) agrees on the cut D = max d; the
/// lowest cohort member with d = D re-broadcasts operations (min d, D]; everybody delivers exactly up to D, then
/// broadcasts FlushDone(T, its local group members).</item>
/// <item>With every member's FlushDone in hand, the group member lists of T are the union of those: each member delivers
/// the differences as membership changes, then T's sequencer starts ordering; undelivered own operations are resubmitted.</item>
/// </list>
/// A newer view during a flush restarts it for that view (from the same old view). Flush messages are idempotent and
/// repeated until the flush ends, so one sent before a peer could receive it is not lost.
/// </summary>
public sealed partial class OcfGroupService
{
    /// <summary>A finished flush, kept to answer members that are still in it.</summary>
    private sealed record FinishedFlush(OcfViewId Target, OcfViewId? Old, FlushState State, List<(string, string)> Done, List<GroupEntry> Log, long LogFirst, long Cut, bool Retransmitter);

    private OcfView? _target;
    private FlushState? _myState;
    private List<(string, string)>? _myDone;
    private long _cut = -1;
    private bool _retransmitter;
    private FinishedFlush? _finished;
    private readonly HashSet<uint> _nodesLeft = [];
    private readonly Dictionary<OcfViewId, Dictionary<uint, (ulong Incarnation, FlushState State)>> _states = [];
    private readonly Dictionary<OcfViewId, Dictionary<uint, (ulong Incarnation, List<(string Group, string Member)> Locals)>> _dones = [];
    private readonly Dictionary<OcfViewId, List<GroupEntry>> _early = [];
    private readonly List<GroupEntry> _earlySubmits = [];

    private void BeginFlush(OcfView view)
    {
        if (_target is { } t && view.Id <= t.Id) return;
        if (_active is { } a && view.Id <= a.Id) return;
        if (!view.Contains(new OcfMember(NodeId, Incarnation))) return;
        _logger.LogDebug("Group flush into view {View} from {Old} at {Delivered}", view.Id, _active?.Id, _delivered);
        _target = view;
        _cut = -1;
        _retransmitter = false;
        _myDone = null;
        _earlySubmits.Clear();
        PurgeBefore(view.Id);
        _myState = new FlushState(view.Id, _active?.Id, _delivered);
        Enqueue(view.Id, GroupWire.State(_myState));
        TryProgress();
    }

    private void OnFlushState(OcfMember from, FlushState s)
    {
        if (_active is { } a && s.Target < a.Id) return;
        if (!_states.TryGetValue(s.Target, out var states)) _states[s.Target] = states = [];
        states[from.NodeId] = (from.Incarnation, s with { Repeat = false });
        if (from.NodeId != NodeId && s.Repeat) AnswerState(s);
        if (_target?.Id == s.Target) TryProgress();
    }

    /// <summary>A member repeats its state: it may lack this node's state or the old-view operations this node re-sends.</summary>
    private void AnswerState(FlushState s)
    {
        if (_target?.Id == s.Target)
        {
            Enqueue(s.Target, GroupWire.State(_myState!));
            if (_retransmitter && s.Old == _active?.Id && s.Delivered < _cut)
                for (long i = s.Delivered + 1; i <= _cut; i++) Enqueue(s.Target, GroupWire.FlushData(s.Target, _active!.Id, _entries[(int)(i - _entriesFirst)]));
        }
        else if (_finished is { } f && f.Target == s.Target)
        {
            Enqueue(s.Target, GroupWire.State(f.State));
            if (f.Retransmitter && s.Old == f.Old && s.Delivered < f.Cut)
                for (long i = s.Delivered + 1; i <= f.Cut; i++) Enqueue(s.Target, GroupWire.FlushData(s.Target, f.Old!.Value, f.Log[(int)(i - f.LogFirst)]));
        }
    }

    private void OnFlushData(OcfViewId target, OcfViewId old, GroupEntry e)
    {
        if (_active?.Id == old) Accept(e);
    }

    private void OnFlushDone(OcfMember from, OcfViewId target, List<(string, string)> locals, bool repeat)
    {
        if (_active is { } a && target < a.Id) return;
        if (!_dones.TryGetValue(target, out var dones)) _dones[target] = dones = [];
        dones[from.NodeId] = (from.Incarnation, locals);
        if (from.NodeId != NodeId && repeat)
        {
            // Answers are not repeats, so two members never answer each other forever.
            if (_target?.Id == target && _myDone is not null) Enqueue(target, GroupWire.Done(target, _myDone, repeat: false));
            else if (_finished is { } f && f.Target == target) Enqueue(target, GroupWire.Done(target, f.Done, repeat: false));
        }
        if (_target?.Id == target) TryProgress();
    }

    private void RepeatFlushMessages()
    {
        if (_target is not { } t || OutboxCount > 64) return;
        if (_cut < 0 || _delivered < _cut) Enqueue(t.Id, GroupWire.State(_myState! with { Repeat = true }));
        if (_myDone is not null) Enqueue(t.Id, GroupWire.Done(t.Id, _myDone, repeat: true));
    }

    private void TryProgress()
    {
        if (_target is not { } t) return;
        if (!_states.TryGetValue(t.Id, out var states) || !t.Members.All(m => states.TryGetValue(m.NodeId, out var s) && s.Incarnation == m.Incarnation)) return;
        if (_cut < 0)
        {
            // The cohort: members of T that come from this node's view. They all compute the same cut from the same states.
            var old = _active?.Id;
            var cohort = t.Members.Select(m => (m.NodeId, states[m.NodeId].State)).Where(x => x.State.Old == old).ToList();
            long cut = cohort.Max(x => x.State.Delivered), min = cohort.Min(x => x.State.Delivered);
            _cut = cut;
            _retransmitter = cohort.Where(x => x.State.Delivered == cut).Min(x => x.NodeId) == NodeId;
            if (_retransmitter)
                for (long i = min + 1; i <= cut; i++) Enqueue(t.Id, GroupWire.FlushData(t.Id, old!.Value, _entries[(int)(i - _entriesFirst)]));
        }
        DrainHeld(_cut);
        if (_delivered < _cut) return; // waiting for the retransmitted operations
        if (_myDone is null)
        {
            _myDone = _groups.SelectMany(g => g.Value.Where(m => m.NodeId == NodeId).Select(m => (g.Key, m.Name))).ToList();
            Enqueue(t.Id, GroupWire.Done(t.Id, _myDone, repeat: false));
        }
        if (!_dones.TryGetValue(t.Id, out var dones) || !t.Members.All(m => dones.TryGetValue(m.NodeId, out var d) && d.Incarnation == m.Incarnation)) return;
        Install(t, dones);
    }

    /// <summary>Ends the flush: the new member lists, then the new view's order.</summary>
    private void Install(OcfView t, Dictionary<uint, (ulong Incarnation, List<(string Group, string Member)> Locals)> dones)
    {
        var after = new Dictionary<string, SortedSet<OcfGroupMember>>(StringComparer.Ordinal);
        foreach (var m in t.Members)
            foreach (var (g, name) in dones[m.NodeId].Locals)
            {
                if (!after.TryGetValue(g, out var set)) after[g] = set = [];
                set.Add(new OcfGroupMember(m.NodeId, name));
            }
        foreach (var g in _groups.Keys.Union(after.Keys).Order(StringComparer.Ordinal).ToList())
        {
            var before = _groups.GetValueOrDefault(g) ?? [];
            var now = after.GetValueOrDefault(g) ?? [];
            var changes = before.Except(now).Select(m => new OcfGroupMemberChange(m,
                    !t.Contains(m.NodeId) && _nodesLeft.Contains(m.NodeId) ? OcfGroupChangeReason.NodeLeft : OcfGroupChangeReason.NodeFailed))
                .Concat(now.Except(before).Select(m => new OcfGroupMemberChange(m, OcfGroupChangeReason.Joined)))
                .ToList();
            if (changes.Count == 0) continue;
            if (now.Count == 0) _groups.Remove(g);
            else _groups[g] = now;
            Notify(now, new OcfGroupMembershipChanged(g, t.Id, [.. now], changes));
        }

        _finished = new FinishedFlush(t.Id, _active?.Id, _myState!, _myDone!, _entries, _entriesFirst, _cut, _retransmitter);
        _active = t;
        _target = null;
        _delivered = 0;
        _entries = [];
        _entriesFirst = 1;
        _held.Clear();
        _stable.Clear();
        _sinceStable = 0;
        _nextSeq = 0;
        _cut = -1;
        _myState = null;
        _myDone = null;
        _nodesLeft.Clear();
        foreach (var key in _states.Keys.Where(k => k < t.Id).ToList()) _states.Remove(key);
        foreach (var key in _dones.Keys.Where(k => k < t.Id).ToList()) _dones.Remove(key);
        _logger.LogDebug("Group view {View} installed", t.Id);

        // Operations the new sequencer ordered while this node was still flushing, then the resubmissions.
        if (_early.Remove(t.Id, out var early)) foreach (var e in early) Accept(e);
        _early.Clear();
        if (IsSequencer) foreach (var op in _earlySubmits) Order(op);
        _earlySubmits.Clear();
        foreach (var p in _unordered) SendPending(p);
    }
}
