namespace Ocf.Communication;

/// <summary>
/// N nodes' datagrams in one process, with faults: loss, duplication, reordering and delay per
/// <see cref="InMemoryFaultProfile"/> (drawn from one seeded <see cref="Random"/>, so a run replays), partitions,
/// one-way link cuts, and paused endpoints (a frozen process: datagrams wait until it resumes). Delivery is driven by a
/// single timer of the given <see cref="TimeProvider"/> (fake or real); handlers are called outside the network's lock,
/// one delivery at a time, never from inside <see cref="InMemoryDatagramTransport.Send"/>.
/// </summary>
public sealed class InMemoryDatagramNetwork : IDisposable
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ITimer _timer;
    private readonly PriorityQueue<InMemoryDatagram, (long Due, long Order)> _queue = new();
    private readonly Dictionary<uint, InMemoryDatagramTransport> _endpoints = [];
    private readonly Dictionary<uint, int> _groups = [];
    private readonly HashSet<(uint From, uint To)> _blocked = [];
    private readonly Dictionary<uint, List<InMemoryDatagram>> _paused = [];
    private long _order;
    private long _armedDue = long.MaxValue;
    private bool _delivering;
    private bool _partitioned;
    private long _sent, _lost, _duplicated, _reordered, _delivered, _partitionDrops, _unreachable, _oversized;

    public InMemoryDatagramNetwork(TimeProvider time, int seed, InMemoryFaultProfile? faults = null)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _random = new Random(seed);
        Faults = faults ?? InMemoryFaultProfile.None;
        _timer = _time.CreateTimer(static s => ((InMemoryDatagramNetwork)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public InMemoryFaultProfile Faults { get; set; }

    /// <summary>Called for every datagram sent (before faults), outside the lock: lets tests capture traffic.</summary>
    public Action<InMemoryDatagram>? Tap { get; set; }

    public InMemoryNetworkStatistics Statistics
    {
        get { lock (_gate) return new(_sent, _lost, _duplicated, _reordered, _delivered, _partitionDrops, _unreachable, _oversized); }
    }

    /// <summary>Attaches node <paramref name="nodeId"/> (replacing a detached endpoint: a restarted process).</summary>
    public InMemoryDatagramTransport Connect(uint nodeId, int maxDatagramSize = 65507)
    {
        lock (_gate)
        {
            if (_endpoints.ContainsKey(nodeId)) throw new InvalidOperationException($"node {nodeId} is already connected");
            var endpoint = new InMemoryDatagramTransport(this, nodeId, maxDatagramSize);
            _endpoints[nodeId] = endpoint;
            return endpoint;
        }
    }

    /// <summary>Splits the nodes into groups that cannot reach each other; nodes in no group reach nobody.</summary>
    public void Partition(params IEnumerable<uint>[] groups)
    {
        lock (_gate)
        {
            _groups.Clear();
            for (int i = 0; i < groups.Length; i++)
                foreach (uint node in groups[i]) _groups[node] = i;
            _partitioned = true;
        }
    }

    public void Heal()
    {
        lock (_gate)
        {
            _groups.Clear();
            _partitioned = false;
            _blocked.Clear();
        }
    }

    /// <summary>Cuts (or restores) the one-way link <paramref name="from"/> → <paramref name="to"/>.</summary>
    public void SetLink(uint from, uint to, bool up)
    {
        lock (_gate)
        {
            if (up) _blocked.Remove((from, to));
            else _blocked.Add((from, to));
        }
    }

    /// <summary>Freezes a node's receiving: its datagrams wait (as in a socket buffer) until <see cref="Resume"/>.</summary>
    public void Pause(uint nodeId)
    {
        lock (_gate) _paused.TryAdd(nodeId, []);
    }

    /// <summary>Delivers what a paused node missed, in order, at the next timer firing.</summary>
    public void Resume(uint nodeId)
    {
        lock (_gate)
        {
            if (!_paused.Remove(nodeId, out var held)) return;
            long now = _time.GetTimestamp();
            foreach (var d in held) Enqueue(d, now);
        }
    }

    /// <summary>Puts a datagram on the wire as if <paramref name="from"/> sent it (attack injection): no faults, minimum delay.</summary>
    public void Inject(uint from, uint to, ReadOnlySpan<byte> datagram)
    {
        lock (_gate)
        {
            _sent++;
            Enqueue(new InMemoryDatagram(from, to, datagram.ToArray()), _time.GetTimestamp() + Ticks(Faults.MinDelay));
        }
    }

    internal void Send(InMemoryDatagramTransport source, uint destination, ReadOnlySpan<byte> datagram)
    {
        var packet = new InMemoryDatagram(source.NodeId, destination, datagram.ToArray());
        Tap?.Invoke(packet);
        lock (_gate)
        {
            _sent++;
            if (datagram.Length > source.MaxDatagramSize) { _oversized++; return; }
            var faults = Faults;
            if (_random.NextDouble() < faults.Loss) { _lost++; return; }
            int copies = 1;
            if (_random.NextDouble() < faults.Duplicate) { copies = 2; _duplicated++; }
            long now = _time.GetTimestamp();
            for (int i = 0; i < copies; i++)
            {
                long delay = Ticks(faults.MinDelay) + (long)(_random.NextDouble() * Math.Max(0, Ticks(faults.MaxDelay) - Ticks(faults.MinDelay)));
                if (_random.NextDouble() < faults.Reorder)
                {
                    delay += (long)(_random.NextDouble() * Ticks(faults.ReorderDelay));
                    _reordered++;
                }
                Enqueue(packet, now + Math.Max(1, delay));
            }
        }
    }

    internal void Detach(InMemoryDatagramTransport endpoint)
    {
        lock (_gate)
        {
            if (_endpoints.TryGetValue(endpoint.NodeId, out var current) && ReferenceEquals(current, endpoint)) _endpoints.Remove(endpoint.NodeId);
            _paused.Remove(endpoint.NodeId);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.Ticks * (_time.TimestampFrequency / (double)TimeSpan.TicksPerSecond));

    private void Enqueue(InMemoryDatagram datagram, long due)
    {
        _queue.Enqueue(datagram, (due, _order++));
        if (due < _armedDue && !_delivering) Arm(due);
    }

    private void Arm(long due)
    {
        _armedDue = due;
        long now = _time.GetTimestamp();
        var wait = due <= now ? TimeSpan.Zero : TimeSpan.FromTicks((long)((due - now) * (TimeSpan.TicksPerSecond / (double)_time.TimestampFrequency)) + 1);
        _timer.Change(wait, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_delivering) return;
            _delivering = true;
            _armedDue = long.MaxValue;
        }
        while (true)
        {
            InMemoryDatagramTransport? target = null;
            InMemoryDatagram? datagram = null;
            lock (_gate)
            {
                long now = _time.GetTimestamp();
                if (!_queue.TryPeek(out var next, out var key) || key.Due > now)
                {
                    _delivering = false;
                    if (_queue.Count > 0) Arm(key.Due);
                    return;
                }
                _queue.Dequeue();
                if (!_endpoints.TryGetValue(next.To, out target)) { _unreachable++; continue; }
                if (_blocked.Contains((next.From, next.To)) || (_partitioned && (!_groups.TryGetValue(next.From, out int a) || !_groups.TryGetValue(next.To, out int b) || a != b)))
                {
                    _partitionDrops++;
                    continue;
                }
                if (_paused.TryGetValue(next.To, out var held)) { held.Add(next); continue; }
                _delivered++;
                datagram = next;
            }
            try
            {
                target.Receive(datagram.Data);
            }
            catch
            {
                lock (_gate)
                {
                    _delivering = false;
                    if (_queue.TryPeek(out _, out var key)) Arm(key.Due);
                }
                throw;
            }
        }
    }

    public void Dispose() => _timer.Dispose();
}
