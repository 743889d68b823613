using System.Buffers.Binary;

namespace Ocf.Communication;

public sealed partial class OcfCommunicationEngine
{
    /// <summary>
    /// Handles one received datagram. Anything unusable is dropped, counted under its <see cref="OcfDropReason"/> and
    /// reported through <see cref="OcfPacketDropped"/>; it never reaches delivery and never throws.
    /// </summary>
    public void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        if (State is OcfEngineState.NotStarted or OcfEngineState.Left) return;
        _counters.DatagramsReceived++;
        OcfPacketHeader header;
        try
        {
            header = _pipeline.Open(datagram, _clusterHash, _options.Mtu, _plain);
        }
        catch (OcfPacketException e)
        {
            Drop(e.Reason, ClaimedSender(datagram), e.Message);
            return;
        }
        if (header.Sender == LocalNodeId) { Drop(OcfDropReason.Reflected, header.Sender, "packet claims to come from this node"); return; }
        if (!_peers.TryGetValue(header.Sender, out var peer)) { Drop(OcfDropReason.UnknownSender, header.Sender, $"node {header.Sender} is not configured"); return; }
        if (header.Destination != LocalNodeId && header.Destination != 0) { Drop(OcfDropReason.Misdirected, header.Sender, $"addressed to node {header.Destination}"); return; }
        if (header.DestinationIncarnation != 0 && header.DestinationIncarnation != Incarnation)
        {
            Drop(OcfDropReason.StaleDestination, header.Sender, $"addressed to incarnation {header.DestinationIncarnation} of this node (now {Incarnation})");
            return;
        }
        if (header.DestinationIncarnation == 0 && header.Type != OcfPacketType.Heartbeat)
        {
            Drop(OcfDropReason.Malformed, header.Sender, $"a {header.Type} packet must name this node's incarnation");
            return;
        }
        if (peer.Replay.Check(header.SenderIncarnation, header.Sequence) is { } replay)
        {
            Drop(replay, header.Sender, $"{header.Type} packet {header.Sequence} of incarnation {header.SenderIncarnation}");
            return;
        }
        peer.Replay.Accept(header.SenderIncarnation, header.Sequence);
        _counters.DatagramsAccepted++;
        var now = Now;
        if (!Heard(peer, header, now)) return;
        try
        {
            Dispatch(peer, header, _plain.WrittenSpan, now);
        }
        catch (OcfPacketException e)
        {
            Drop(e.Reason, header.Sender, $"{header.Type} body: {e.Message}");
        }
    }

    private void Dispatch(OcfPeer peer, OcfPacketHeader header, ReadOnlySpan<byte> body, TimeSpan now)
    {
        var reader = new OcfWireReader(body);
        switch (header.Type)
        {
            case OcfPacketType.Data:
            {
                long sequence = reader.ReadSequence();
                long @base = reader.ReadSequence();
                if (sequence == 0 || @base == 0 || @base > sequence) throw new OcfPacketException(OcfDropReason.Malformed, $"data sequence {sequence} with base {@base}");
                var stream = StreamOf(peer);
                _assembled.Clear();
                Rebase(peer, stream, @base, now);
                var outcome = stream.OnFragment(sequence, header.FragmentIndex, header.FragmentCount, header.Flags, reader.ReadRest(), now, _assembled);
                switch (outcome)
                {
                    case OcfReceiveOutcome.Duplicate: _counters.DuplicatesIgnored++; break;
                    case OcfReceiveOutcome.BeyondWindow: _counters.BeyondWindow++; break;
                    case OcfReceiveOutcome.Inconsistent: Drop(OcfDropReason.Malformed, peer.NodeId, "inconsistent fragment sequence"); break;
                }
                DeliverAssembled(peer, stream, now);
                break;
            }
            case OcfPacketType.Heartbeat:
            {
                reader.ReadByte(); // flags (bit 0: leaving), informational
                long highest = reader.ReadSequence();
                long @base = reader.ReadSequence();
                long ack = reader.ReadSequence();
                int extensionLength = reader.ReadUInt16();
                var extension = reader.ReadBytes(extensionLength);
                reader.EnsureEnd("heartbeat");
                if (@base > 0)
                {
                    var stream = StreamOf(peer);
                    _assembled.Clear();
                    Rebase(peer, stream, @base, now);
                    stream.OnAnnounce(highest, now);
                    DeliverAssembled(peer, stream, now);
                }
                if (ack > 0 && header.DestinationIncarnation == Incarnation) Acknowledged(peer, ack);
                if (extension.Length > 0) _listener.OnHeartbeatExtension(peer.NodeId, peer.Incarnation, extension);
                break;
            }
            case OcfPacketType.Ack:
            {
                long ack = reader.ReadSequence();
                reader.EnsureEnd("ack");
                Acknowledged(peer, ack);
                break;
            }
            case OcfPacketType.Nack:
            {
                int count = reader.ReadUInt16();
                _ranges.Clear();
                for (int i = 0; i < count; i++)
                {
                    long first = reader.ReadSequence();
                    int length = (int)reader.ReadUInt32();
                    if (first == 0 || length <= 0) throw new OcfPacketException(OcfDropReason.Malformed, $"NACK range {first}+{length}");
                    _ranges.Add(new OcfSequenceRange(first, length));
                }
                reader.EnsureEnd("NACK");
                Retransmit(peer, _ranges);
                break;
            }
            case OcfPacketType.Leave:
                reader.EnsureEnd("leave");
                if (peer.State == OcfNodeState.Up) SetState(peer, OcfNodeState.Left, OcfNodeStateReason.Leave);
                SendPacket(peer, OcfPacketType.LeaveAck, []);
                break;
            case OcfPacketType.LeaveAck:
                reader.EnsureEnd("leave ack");
                peer.LeaveAcked = true;
                break;
            case OcfPacketType.Membership:
                _listener.OnControl(peer.NodeId, peer.Incarnation, body);
                break;
        }
    }

    /// <summary>Liveness bookkeeping for an authentic packet; false when the packet should be ignored (sender has left).</summary>
    private bool Heard(OcfPeer peer, OcfPacketHeader header, TimeSpan now)
    {
        if (header.SenderIncarnation != peer.Incarnation)
        {
            // A newer incarnation (older ones were refused by the replay window): the old one is gone.
            if (peer.State == OcfNodeState.Up) SetState(peer, OcfNodeState.Dead, OcfNodeStateReason.Restarted);
            peer.Incarnation = header.SenderIncarnation;
            peer.Stream = null;
            peer.LeaveAcked = false;
            peer.LastHeard = now;
            peer.EverHeard = true;
            SetState(peer, OcfNodeState.Up, OcfNodeStateReason.FirstContact);
            return true;
        }
        if (peer.State == OcfNodeState.Left)
        {
            // Stragglers of a node that left; only its repeated leave deserves an answer.
            if (header.Type == OcfPacketType.Leave) SendPacket(peer, OcfPacketType.LeaveAck, []);
            return false;
        }
        peer.LastHeard = now;
        peer.Warned = false;
        if (peer.State == OcfNodeState.Dead) SetState(peer, OcfNodeState.Up, OcfNodeStateReason.Returned);
        return true;
    }

    private OcfReliableReceiver StreamOf(OcfPeer peer) =>
        peer.Stream ??= new OcfReliableReceiver(peer.Incarnation, _options.SendWindow, _options.MaxMessageSize + MaxFragmentPayload, _random,
            _options.NackDelayMin, _options.NackDelayMax, _options.RetransmitInterval);

    private void Rebase(OcfPeer peer, OcfReliableReceiver stream, long @base, TimeSpan now)
    {
        if (stream.Rebase(@base, now, _assembled) is { } skipped)
            Raise(new OcfMessagesSkipped(peer.NodeId, peer.Incarnation, skipped.First, skipped.Last));
    }

    private void DeliverAssembled(OcfPeer peer, OcfReliableReceiver stream, TimeSpan now)
    {
        foreach (var message in _assembled)
        {
            byte[] payload;
            try
            {
                payload = _pipeline.DecodeMessage(message.Data, message.Flags, _options.MaxMessageSize);
            }
            catch (OcfPacketException e)
            {
                // Authentic but undecodable: counted and reported, never delivered (and acknowledged, or it would be resent forever).
                Drop(e.Reason, peer.NodeId, $"message {message.MessageId}: {e.Message}");
                continue;
            }
            _counters.MessagesDelivered++;
            Raise(new OcfMessageDelivered(peer.NodeId, peer.Incarnation, message.MessageId, payload));
        }
        _assembled.Clear();
        if (stream.Delivered - stream.LastAckSent >= _options.AckEvery) SendAck(peer, stream, now);
    }

    private void Acknowledged(OcfPeer peer, long sequence)
    {
        if (_sender.Ack(peer.NodeId, peer.Incarnation, sequence)) WindowReleased();
    }

    private void WindowReleased()
    {
        if (_refusedFragments > 0 && _sender.Free >= _refusedFragments)
        {
            _refusedFragments = 0;
            Raise(new OcfSendWindowOpened(_sender.Free));
        }
    }

    private void Drop(OcfDropReason reason, uint? sender, string detail)
    {
        _counters.Drop(reason);
        var now = Now;
        ref var report = ref _dropReports[(int)reason];
        if (report.Last is { } last && now - last < _options.DropReportInterval)
        {
            report.Suppressed++;
            return;
        }
        long suppressed = report.Suppressed;
        report = (now, 0);
        Raise(new OcfPacketDropped(reason, sender, detail, suppressed));
    }

    /// <summary>The sender id a rejected datagram claims (unauthenticated), if it has one.</summary>
    private static uint? ClaimedSender(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= 16 && datagram[0] == (byte)'O' && datagram[1] == (byte)'C' ? BinaryPrimitives.ReadUInt32LittleEndian(datagram[12..]) : null;
}
