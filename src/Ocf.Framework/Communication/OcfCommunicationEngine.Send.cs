namespace Ocf.Communication;

public sealed partial class OcfCommunicationEngine
{
    private int MaxNackRanges => Math.Min(64, (_options.Mtu - _pipeline.DatagramOverhead - 2) / 12);

    /// <summary>
    /// Sends a message to every live member, reliably, in order, exactly once; it is delivered locally at once. Fails
    /// fast (nothing queued) with <see cref="OcfSendStatus.WindowFull"/> when the flow-control window lacks room for
    /// its fragments; <see cref="OcfSendWindowOpened"/> follows when room is back.
    /// </summary>
    public OcfSendResult Broadcast(ReadOnlySpan<byte> message)
    {
        if (State != OcfEngineState.Running) return new OcfSendResult(OcfSendStatus.NotRunning);
        if (message.Length > _options.MaxMessageSize) return new OcfSendResult(OcfSendStatus.TooLarge);
        var encoded = _pipeline.EncodeMessage(message, out var flags);
        int fragments = Math.Max(1, (encoded.Length + MaxFragmentPayload - 1) / MaxFragmentPayload);
        if (fragments > _sender.Free)
        {
            _counters.WindowFullRefusals++;
            _refusedFragments = Math.Max(_refusedFragments, fragments);
            return new OcfSendResult(OcfSendStatus.WindowFull);
        }
        long messageId = _sender.Next;
        for (int i = 0; i < fragments; i++)
        {
            int offset = i * MaxFragmentPayload;
            var slice = encoded.Span.Slice(offset, Math.Min(MaxFragmentPayload, encoded.Length - offset));
            var entry = new OcfHistoryEntry(_sender.Next, messageId, (ushort)i, (ushort)fragments, flags, slice.ToArray());
            _sender.Append(entry);
            foreach (var peer in _peerList)
            {
                long @base = peer.State == OcfNodeState.Up ? _sender.BaseFor(peer.NodeId, peer.Incarnation) : 0;
                if (@base > 0) SendData(peer, entry, @base);
            }
        }
        _sender.Trim();
        _counters.MessagesSent++;
        _counters.MessagesDelivered++;
        Raise(new OcfMessageDelivered(LocalNodeId, Incarnation, messageId, message.ToArray()));
        return new OcfSendResult(OcfSendStatus.Accepted, messageId);
    }

    /// <summary>Sends one unreliable membership control packet to an up node; false if it is not up or this node is not running.</summary>
    public bool SendControl(uint destination, ReadOnlySpan<byte> body)
    {
        if (State is not (OcfEngineState.Running or OcfEngineState.Leaving)) return false;
        if (!_peers.TryGetValue(destination, out var peer) || peer.State != OcfNodeState.Up) return false;
        if (body.Length > _options.Mtu - _pipeline.DatagramOverhead) throw new ArgumentException("the control packet does not fit in one datagram", nameof(body));
        SendPacket(peer, OcfPacketType.Membership, body);
        return true;
    }

    private void SendData(OcfPeer peer, OcfHistoryEntry entry, long @base)
    {
        var writer = new OcfWireWriter(_body);
        writer.WriteUInt64((ulong)entry.Sequence);
        writer.WriteUInt64((ulong)@base);
        writer.WriteBytes(entry.Fragment);
        SendPacket(peer, OcfPacketType.Data, writer.Written, entry.Flags, entry.FragmentIndex, entry.FragmentCount);
    }

    private void Retransmit(OcfPeer peer, List<OcfSequenceRange> ranges)
    {
        if (peer.State != OcfNodeState.Up) return;
        long @base = _sender.BaseFor(peer.NodeId, peer.Incarnation);
        if (@base == 0) return; // not (or no longer) in this node's stream: its NACKs are moot
        int budget = _options.MaxRetransmitBatch;
        foreach (var range in ranges)
        {
            for (long s = Math.Max(range.First, @base); s <= range.Last && budget > 0; s++)
            {
                if (_sender.Get(s) is not { } entry) continue;
                SendData(peer, entry, @base);
                _counters.Retransmissions++;
                budget--;
            }
        }
    }

    private void SendNack(OcfPeer peer, List<OcfSequenceRange> ranges)
    {
        var writer = new OcfWireWriter(_body);
        writer.WriteUInt16((ushort)ranges.Count);
        foreach (var range in ranges)
        {
            writer.WriteUInt64((ulong)range.First);
            writer.WriteUInt32((uint)range.Count);
        }
        SendPacket(peer, OcfPacketType.Nack, writer.Written);
        _counters.NacksSent++;
    }

    private void SendAck(OcfPeer peer, OcfReliableReceiver stream, TimeSpan now)
    {
        var writer = new OcfWireWriter(_body);
        writer.WriteUInt64((ulong)stream.Delivered);
        SendPacket(peer, OcfPacketType.Ack, writer.Written);
        stream.LastAckSent = stream.Delivered;
        stream.LastAckSentAt = now;
    }

    private void SendPacket(OcfPeer peer, OcfPacketType type, ReadOnlySpan<byte> body, OcfPacketFlags flags = OcfPacketFlags.None, ushort index = 0, ushort count = 1)
    {
        var header = new OcfPacketHeader
        {
            Type = type,
            Flags = flags,
            ClusterHash = _clusterHash,
            Sender = LocalNodeId,
            Destination = peer.NodeId,
            SenderIncarnation = Incarnation,
            DestinationIncarnation = peer.Incarnation,
            Sequence = peer.NextPacketSequence++,
            FragmentIndex = index,
            FragmentCount = count,
        };
        int length = _pipeline.Seal(header, body, _datagram);
        _counters.DatagramsSent++;
        _transport.Send(peer.NodeId, _datagram.AsSpan(0, length));
    }
}
