namespace Ocf.Communication;

/// <summary>
/// The receiving half of reliable delivery for one sender incarnation: a reorder buffer of at most <c>window</c>
/// fragments, in-order reassembly, gap detection with jittered NACK scheduling, and the cumulative ack point.
/// The ack point (<see cref="Delivered"/>) only moves at message boundaries, so a partly reassembled message can be
/// discarded (reassembly timeout) and fetched again: the sender still holds it.
/// </summary>
internal sealed class OcfReliableReceiver
{
    private readonly OcfBufferedFragment?[] _buffer;
    private readonly int _window;
    private readonly int _maxMessageBytes;
    private readonly Random _random;
    private readonly TimeSpan _nackMin, _nackMax, _retransmit;

    private long _expected;
    private long _highestKnown;
    private TimeSpan _nackDue = TimeSpan.MaxValue;

    private readonly List<byte[]> _parts = [];
    private int _partsLength;
    private long _partialStart;
    private ushort _partialCount;
    private OcfPacketFlags _partialFlags;
    private TimeSpan _partialProgress;

    public OcfReliableReceiver(ulong senderIncarnation, int window, int maxMessageBytes, Random random, TimeSpan nackMin, TimeSpan nackMax, TimeSpan retransmit)
    {
        SenderIncarnation = senderIncarnation;
        _window = window;
        _buffer = new OcfBufferedFragment?[window];
        _maxMessageBytes = maxMessageBytes;
        _random = random;
        _nackMin = nackMin;
        _nackMax = nackMax;
        _retransmit = retransmit;
    }

    public ulong SenderIncarnation { get; }
    public bool Initialized { get; private set; }
    /// <summary>Last sequence of the last fully delivered message: the cumulative ack.</summary>
    public long Delivered { get; private set; }
    public long LastAckSent { get; set; }
    public TimeSpan LastAckSentAt { get; set; }
    public bool HasPartial => _parts.Count > 0;

    /// <summary>
    /// The sender says this node's part of its stream starts at <paramref name="base"/>. The first time, that is where
    /// delivery starts; later, a higher base means the sender dropped this node meanwhile: the sequences in between
    /// are skipped (returned) and never delivered.
    /// </summary>
    public OcfSequenceRange? Rebase(long @base, TimeSpan now, List<OcfAssembledMessage> delivered)
    {
        if (!Initialized)
        {
            Initialized = true;
            Delivered = @base - 1;
            LastAckSent = Delivered;
            _expected = @base;
            _highestKnown = @base - 1;
            return null;
        }
        if (@base <= Delivered + 1) return null;
        var skipped = new OcfSequenceRange(Delivered + 1, (int)Math.Min(int.MaxValue, @base - Delivered - 1));
        DiscardPartial();
        for (long s = Delivered + 1; s < @base && s < Delivered + 1 + _window; s++) _buffer[s % _window] = null;
        Delivered = @base - 1;
        _expected = @base;
        _highestKnown = Math.Max(_highestKnown, @base - 1);
        Drain(now, delivered);
        return skipped;
    }

    public OcfReceiveOutcome OnFragment(long sequence, ushort index, ushort count, OcfPacketFlags flags, ReadOnlySpan<byte> data, TimeSpan now, List<OcfAssembledMessage> delivered)
    {
        if (sequence < _expected) return OcfReceiveOutcome.Duplicate;
        if (sequence >= Delivered + 1 + _window) return OcfReceiveOutcome.BeyondWindow;
        ref var slot = ref _buffer[sequence % _window];
        if (slot is not null && slot.Sequence == sequence) return OcfReceiveOutcome.Duplicate;
        slot = new OcfBufferedFragment(sequence, index, count, flags, data.ToArray());
        if (sequence > _highestKnown) _highestKnown = sequence;
        var outcome = Drain(now, delivered);
        if (_highestKnown >= _expected && _nackDue == TimeSpan.MaxValue) _nackDue = now + Jitter(_nackMin, _nackMax);
        return outcome;
    }

    /// <summary>The sender's highest sequence (from a heartbeat): detects lost tails.</summary>
    public void OnAnnounce(long highest, TimeSpan now)
    {
        highest = Math.Min(highest, Delivered + _window);
        if (highest > _highestKnown) _highestKnown = highest;
        if (_highestKnown >= _expected && _nackDue == TimeSpan.MaxValue) _nackDue = now + Jitter(_nackMin, _nackMax);
    }

    /// <summary>When a NACK is due, fills <paramref name="ranges"/> with the missing sequences and re-arms the retry.</summary>
    public bool TryCollectNack(TimeSpan now, List<OcfSequenceRange> ranges, int maxRanges)
    {
        ranges.Clear();
        if (now < _nackDue) return false;
        long first = -1;
        for (long s = _expected; s <= _highestKnown && ranges.Count < maxRanges; s++)
        {
            var f = _buffer[s % _window];
            bool missing = f is null || f.Sequence != s;
            if (missing && first < 0) first = s;
            else if (!missing && first >= 0)
            {
                ranges.Add(new OcfSequenceRange(first, (int)(s - first)));
                first = -1;
            }
        }
        if (first >= 0 && ranges.Count < maxRanges) ranges.Add(new OcfSequenceRange(first, (int)(_highestKnown - first + 1)));
        if (ranges.Count == 0)
        {
            _nackDue = TimeSpan.MaxValue;
            return false;
        }
        _nackDue = now + Jitter(_retransmit * 0.75, _retransmit * 1.25);
        return true;
    }

    /// <summary>Discards a partial message without progress for <paramref name="timeout"/> (it will be fetched again).</summary>
    public bool CheckReassemblyTimeout(TimeSpan now, TimeSpan timeout)
    {
        if (_parts.Count == 0 || now - _partialProgress <= timeout) return false;
        DiscardPartial();
        _expected = Delivered + 1;
        _nackDue = now;
        return true;
    }

    private OcfReceiveOutcome Drain(TimeSpan now, List<OcfAssembledMessage> delivered)
    {
        var outcome = OcfReceiveOutcome.Accepted;
        while (true)
        {
            ref var slot = ref _buffer[_expected % _window];
            if (slot is null || slot.Sequence != _expected) break;
            var f = slot;
            slot = null;
            _expected++;
            if (f.FragmentIndex == 0)
            {
                if (_parts.Count > 0) { outcome = OcfReceiveOutcome.Inconsistent; DiscardPartial(); }
                _partialStart = f.Sequence;
                _partialCount = f.FragmentCount;
                _partialFlags = f.Flags;
            }
            else if (_parts.Count != f.FragmentIndex || _partialCount != f.FragmentCount || _partialFlags != f.Flags)
            {
                // Only a broken sender gets here (packets are authenticated): skip the fragment and what was assembled.
                outcome = OcfReceiveOutcome.Inconsistent;
                DiscardPartial();
                if (f.FragmentIndex == f.FragmentCount - 1) Delivered = f.Sequence;
                continue;
            }
            _parts.Add(f.Data);
            _partsLength += f.Data.Length;
            _partialProgress = now;
            if (_partsLength > _maxMessageBytes)
            {
                outcome = OcfReceiveOutcome.Inconsistent;
                DiscardPartial();
                if (f.FragmentIndex == f.FragmentCount - 1) Delivered = f.Sequence;
                continue;
            }
            if (f.FragmentIndex == f.FragmentCount - 1)
            {
                var data = new byte[_partsLength];
                int offset = 0;
                foreach (var part in _parts) { part.CopyTo(data, offset); offset += part.Length; }
                delivered.Add(new OcfAssembledMessage(_partialStart, _partialFlags, data));
                Delivered = f.Sequence;
                _parts.Clear();
                _partsLength = 0;
            }
        }
        if (_highestKnown < _expected) _nackDue = TimeSpan.MaxValue;
        return outcome;
    }

    private void DiscardPartial()
    {
        _parts.Clear();
        _partsLength = 0;
    }

    private TimeSpan Jitter(TimeSpan min, TimeSpan max) =>
        max <= min ? min : min + TimeSpan.FromTicks((long)(_random.NextDouble() * (max - min).Ticks));
}
