namespace Ocf.Rpc.Cluster;

/// <summary>
/// At most once, on the receiving side: the recent requests (caller node, caller incarnation, request id) with their
/// responses. A request seen before is not run again; its cached response is re-sent, or nothing while the first run
/// is still going. Bounded by count and by age (oldest first); a request still running is never forgotten, so a
/// retransmission can never run it twice while it runs. Thread-safe.
/// </summary>
public sealed class OcfRpcReplyCache(int capacity, TimeSpan maxAge, TimeProvider? time = null)
{
    private readonly object _gate = new();
    private readonly Dictionary<OcfRpcRequestKey, Entry> _entries = [];
    private readonly Queue<OcfRpcRequestKey> _order = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private sealed class Entry(long created)
    {
        public long Created = created;
        public bool Done;
        public byte[]? Response;
    }

    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <summary>
    /// True when <paramref name="key"/> is new (the caller runs it, then calls <see cref="Complete"/>). False for a
    /// duplicate: <paramref name="cachedResponse"/> is the response to re-send, or null while the first run goes on
    /// (or for a one-way call, which has none).
    /// </summary>
    public bool TryBegin(OcfRpcRequestKey key, out byte[]? cachedResponse)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                cachedResponse = existing.Done ? existing.Response : null;
                return false;
            }
            long now = _time.GetTimestamp();
            Evict(now);
            _entries[key] = new Entry(now);
            _order.Enqueue(key);
            cachedResponse = null;
            return true;
        }
    }

    /// <summary>Records the response of a finished request (null for a one-way call).</summary>
    public void Complete(OcfRpcRequestKey key, byte[]? response)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry)) return;
            entry.Response = response;
            entry.Done = true;
            entry.Created = _time.GetTimestamp(); // the age counts from the answer: retransmissions come after it
        }
    }

    /// <summary>Forgets the requests of every incarnation of <paramref name="caller"/> older than <paramref name="olderThan"/> (it restarted).</summary>
    public void ForgetCaller(uint caller, ulong olderThan)
    {
        lock (_gate)
            foreach (var key in _entries.Keys.Where(k => k.Caller == caller && k.CallerIncarnation < olderThan && _entries[k].Done).ToList())
                _entries.Remove(key); // its queue slot is skipped when it reaches the head
    }

    private void Evict(long now)
    {
        // Oldest first; a running entry at the head goes to the back (it is never dropped while it runs).
        for (int budget = _order.Count; budget > 0 && _order.Count > 0; budget--)
        {
            var key = _order.Peek();
            if (!_entries.TryGetValue(key, out var head)) { _order.Dequeue(); continue; }
            bool full = _entries.Count >= capacity;
            bool old = head.Done && _time.GetElapsedTime(head.Created, now) > maxAge;
            if (!full && !old) break;
            _order.Dequeue();
            if (head.Done) _entries.Remove(key);
            else _order.Enqueue(key);
        }
    }
}

/// <summary>Names one request cluster-wide: a request id is unique per caller incarnation.</summary>
public readonly record struct OcfRpcRequestKey(uint Caller, ulong CallerIncarnation, ulong RequestId);
