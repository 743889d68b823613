namespace Ocf.Communication;

public sealed partial class OcfCommunicationEngine
{
    private TimeSpan _leaveStartedAt;
    private TimeSpan? _leaveAnnouncedAt;
    private TimeSpan _nextLeaveSend;

    /// <summary>
    /// Starts a graceful leave: no new broadcasts; outstanding messages are flushed (until acknowledged or half the
    /// leave timeout), then a leave is announced to every up node until each confirms (or the rest of the timeout).
    /// Peers record "left", not "dead". <see cref="OcfLocalLeft"/> marks the end; then the engine is silent.
    /// </summary>
    public void BeginLeave()
    {
        if (State != OcfEngineState.Running) return;
        State = OcfEngineState.Leaving;
        _leaveStartedAt = Now;
        LeaveTick(_leaveStartedAt);
    }

    private void LeaveTick(TimeSpan now)
    {
        var half = _options.LeaveTimeout / 2;
        if (_leaveAnnouncedAt is null)
        {
            if (_sender.InFlight > 0 && now - _leaveStartedAt < half) return;
            _leaveAnnouncedAt = now;
            _nextLeaveSend = now;
        }
        var pending = _peerList.Where(p => p.State == OcfNodeState.Up && !p.LeaveAcked).ToList();
        if (pending.Count == 0) { FinishLeave(acknowledged: true); return; }
        if (now - _leaveAnnouncedAt.Value >= half) { FinishLeave(acknowledged: false); return; }
        if (now < _nextLeaveSend) return;
        foreach (var peer in pending) SendPacket(peer, OcfPacketType.Leave, []);
        _nextLeaveSend = now + _options.RetransmitInterval;
    }

    private void FinishLeave(bool acknowledged)
    {
        State = OcfEngineState.Left;
        foreach (var peer in _peerList) ReportUndeliverable(peer, OcfNodeStateReason.Leave);
        Raise(new OcfLocalLeft(acknowledged));
    }

    private void SendHeartbeats(TimeSpan now)
    {
        byte flags = State == OcfEngineState.Leaving ? (byte)1 : (byte)0;
        foreach (var peer in _peerList)
        {
            var writer = new OcfWireWriter(_body);
            writer.WriteByte(flags);
            writer.WriteUInt64((ulong)_sender.HighestSent);
            writer.WriteUInt64(peer.State == OcfNodeState.Up ? (ulong)_sender.BaseFor(peer.NodeId, peer.Incarnation) : 0);
            var stream = peer.Stream;
            bool ack = stream is { Initialized: true } && stream.SenderIncarnation == peer.Incarnation;
            writer.WriteUInt64(ack ? (ulong)stream!.Delivered : 0);
            writer.WriteUInt16((ushort)_heartbeatExtension.Length);
            writer.WriteBytes(_heartbeatExtension);
            SendPacket(peer, OcfPacketType.Heartbeat, writer.Written);
            if (ack)
            {
                stream!.LastAckSent = stream.Delivered;
                stream.LastAckSentAt = now;
            }
            _counters.HeartbeatsSent++;
        }
    }

    private void CheckPeers(TimeSpan now)
    {
        foreach (var peer in _peerList)
        {
            switch (peer.State)
            {
                case OcfNodeState.Init when now - _startedAt > _options.Initdead:
                    SetState(peer, OcfNodeState.Dead, OcfNodeStateReason.NeverSeen);
                    break;
                case OcfNodeState.Up:
                    var silence = now - peer.LastHeard;
                    if (silence > _options.Deadtime) SetState(peer, OcfNodeState.Dead, OcfNodeStateReason.Silent);
                    else if (silence > _options.Warntime && !peer.Warned)
                    {
                        peer.Warned = true;
                        Raise(new OcfNodeLate(peer.NodeId, peer.Name, silence));
                    }
                    break;
            }
        }
    }

    /// <summary>
    /// Timer overshoot beyond the tick period means this node was frozen (GC, SIGSTOP, starvation). The frozen interval
    /// is not counted as peers' silence: their last-heard times and the initdead origin move forward by the stall.
    /// </summary>
    private void DetectStall(TimeSpan now)
    {
        var elapsed = now - _lastTick;
        _lastTick = now;
        if (!_options.StallDetection || elapsed <= _options.TickInterval + _options.StallThreshold) return;
        var stall = elapsed - _options.TickInterval;
        foreach (var peer in _peerList)
            if (peer.EverHeard) peer.LastHeard = peer.LastHeard + stall < now ? peer.LastHeard + stall : now;
        _startedAt += stall;
        _counters.LocalStalls++;
        Raise(new OcfLocalStall(stall));
    }

    private void SetState(OcfPeer peer, OcfNodeState state, OcfNodeStateReason reason)
    {
        var previous = peer.State;
        if (previous == state) return;
        peer.State = state;
        if (previous == OcfNodeState.Up) ReportUndeliverable(peer, reason);
        if (state == OcfNodeState.Up)
        {
            peer.Warned = false;
            _sender.Activate(peer.NodeId, peer.Incarnation);
        }
        Raise(new OcfNodeStateChanged(peer.NodeId, peer.Name, peer.Incarnation, previous, state, reason));
    }

    private void ReportUndeliverable(OcfPeer peer, OcfNodeStateReason reason)
    {
        var ids = _sender.Deactivate(peer.NodeId);
        if (ids.Count > 0)
        {
            _counters.MessagesUndeliverable += ids.Count;
            Raise(new OcfMessagesUndeliverable(peer.NodeId, peer.Incarnation, ids, reason));
        }
        WindowReleased();
    }
}
