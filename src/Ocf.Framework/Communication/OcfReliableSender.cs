namespace Ocf.Communication;

/// <summary>
/// The sending half of reliable delivery: the local stream's sequence numbers, the history of fragments not yet
/// acknowledged by every live member (a ring of <c>window</c> entries, so memory is bounded), and per-member progress.
/// Flow control: <see cref="Free"/> is what the window still allows; the slowest live member holds it.
/// </summary>
internal sealed class OcfReliableSender(int window)
{
    private readonly OcfHistoryEntry?[] _ring = new OcfHistoryEntry?[window];
    private readonly Dictionary<uint, OcfReceiverProgress> _receivers = [];
    private long _next = 1;
    private long _low = 1;

    public long Next => _next;
    public long HighestSent => _next - 1;
    public int InFlight => (int)(_next - _low);
    public int Free => window - InFlight;

    public bool IsActive(uint node, ulong incarnation) => _receivers.TryGetValue(node, out var p) && p.Incarnation == incarnation;

    /// <summary>The first sequence <paramref name="node"/> receives, or 0 when it is not in the stream.</summary>
    public long BaseFor(uint node, ulong incarnation) => _receivers.TryGetValue(node, out var p) && p.Incarnation == incarnation ? p.Base : 0;

    public OcfHistoryEntry? Get(long sequence) => sequence >= _low && sequence < _next ? _ring[sequence % window] : null;

    /// <summary>Adds the next fragment (its sequence must be <see cref="Next"/>); the caller checked <see cref="Free"/>.</summary>
    public void Append(OcfHistoryEntry entry)
    {
        if (entry.Sequence != _next) throw new InvalidOperationException($"expected sequence {_next}, got {entry.Sequence}");
        if (Free <= 0) throw new InvalidOperationException("the send window is full");
        _ring[_next % window] = entry;
        _next++;
    }

    /// <summary>The member (incarnation) joins the stream at the next sequence.</summary>
    public void Activate(uint node, ulong incarnation) => _receivers[node] = new OcfReceiverProgress(incarnation, _next);

    /// <summary>The member leaves the stream; returns the ids of the messages it has not acknowledged (now undeliverable).</summary>
    public IReadOnlyList<long> Deactivate(uint node)
    {
        if (!_receivers.Remove(node, out var progress)) return [];
        var ids = new List<long>();
        for (long s = Math.Max(progress.Acked + 1, _low); s < _next; s++)
        {
            var entry = _ring[s % window]!;
            if (ids.Count == 0 || ids[^1] != entry.MessageId) ids.Add(entry.MessageId);
        }
        Trim();
        return ids;
    }

    /// <summary>Records a cumulative ack; returns true if history was released.</summary>
    public bool Ack(uint node, ulong incarnation, long sequence)
    {
        if (!_receivers.TryGetValue(node, out var progress) || progress.Incarnation != incarnation) return false;
        long acked = Math.Min(sequence, _next - 1);
        if (acked <= progress.Acked) return false;
        progress.Acked = acked;
        return Trim();
    }

    /// <summary>Releases history every live member acknowledged (all of it when there is no other member).</summary>
    public bool Trim()
    {
        long low = _next;
        foreach (var p in _receivers.Values) low = Math.Min(low, p.Acked + 1);
        if (low <= _low) return false;
        for (long s = _low; s < low; s++) _ring[s % window] = null;
        _low = low;
        return true;
    }
}
