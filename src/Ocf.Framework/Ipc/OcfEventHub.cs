using Ocf.Data;

namespace Ocf.Ipc;

/// <summary>One event as local API clients receive it: a hub-wide sequence number, its topic, when, and a struct.</summary>
public sealed record OcfHubEvent(long Sequence, string Topic, DateTime Time, OcfValue Data)
{
    /// <summary>The wire shape: {seq, topic, time, data}.</summary>
    public OcfMap ToValue() => new OcfMapBuilder()
        .Add("seq", Sequence)
        .Add("topic", Topic)
        .Add("time", Time)
        .Add("data", Data)
        .Build();
}

/// <summary>A registered local API client, as <see cref="OcfEventHub.Clients"/> reports it.</summary>
public sealed record OcfHubClientInfo(long ClientId, long ConnectionId, string Name, int? ProcessId, uint? UserId, IReadOnlyList<string> Topics, int Queued, long Dropped);

/// <summary>
/// Topics and subscriptions of a node's local API. Anything in the host publishes (<see cref="Publish"/>: a topic and a
/// value); registered clients subscribe to topic patterns and collect their events with a long poll. Each client has a
/// bounded queue: when it is full the oldest event is dropped and counted, and the next <see cref="WaitAsync"/> reports
/// how many were lost. Clients belong to a connection (<see cref="Rpc.OcfRpcCallContext.ConnectionId"/>) and vanish
/// with it (<see cref="Disconnect"/>). Thread-safe; <see cref="Publish"/> never blocks.
/// <para>
/// Patterns: an exact topic (<c>membership.view</c>), a prefix ending in <c>.*</c> (<c>membership.*</c>), or <c>*</c> for all.
/// </para>
/// </summary>
public sealed class OcfEventHub
{
    private readonly object _gate = new();
    private readonly Dictionary<long, Client> _byConnection = new();
    private readonly SortedSet<string> _topics = new(StringComparer.Ordinal);
    private long _sequence, _nextClient, _published;

    public OcfEventHub(int queueCapacity = 1024, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        QueueCapacity = queueCapacity;
        Time = time ?? TimeProvider.System;
    }

    /// <summary>Events kept per client before the oldest are dropped.</summary>
    public int QueueCapacity { get; }
    public TimeProvider Time { get; }
    /// <summary>Events published so far.</summary>
    public long Published => Interlocked.Read(ref _published);

    private sealed class Client(long id, long connection, string name, int? pid, uint? uid)
    {
        public readonly long Id = id;
        public readonly long Connection = connection;
        public string Name = name;
        public int? ProcessId = pid;
        public readonly uint? UserId = uid;
        public readonly List<string> Patterns = new();
        public readonly Queue<OcfHubEvent> Queue = new();
        public long Dropped;
        public TaskCompletionSource? Waiter;
        public bool Closed;
    }

    /// <summary>Declares a topic (so ocf.events.topics lists it before anything was published on it).</summary>
    public void DeclareTopic(string topic)
    {
        CheckTopic(topic);
        lock (_gate) _topics.Add(topic);
    }

    /// <summary>Every topic declared or published so far.</summary>
    public IReadOnlyList<string> Topics
    {
        get { lock (_gate) return [.. _topics]; }
    }

    /// <summary>Registers the client of a connection (again: renames it, same id). Returns the client id.</summary>
    public long Register(long connectionId, string name, int? processId, uint? userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            if (_byConnection.TryGetValue(connectionId, out var existing))
            {
                existing.Name = name;
                existing.ProcessId = processId ?? existing.ProcessId;
                return existing.Id;
            }
            var client = new Client(++_nextClient, connectionId, name, processId, userId);
            _byConnection[connectionId] = client;
            return client.Id;
        }
    }

    /// <summary>The client id of a connection, or null when it has not registered.</summary>
    public long? ClientOf(long connectionId)
    {
        lock (_gate) return _byConnection.TryGetValue(connectionId, out var c) ? c.Id : null;
    }

    /// <summary>Adds topic patterns to the connection's client; returns all its patterns.</summary>
    public IReadOnlyList<string> Subscribe(long connectionId, IEnumerable<string> patterns)
    {
        var list = patterns.ToList();
        foreach (var p in list) CheckPattern(p);
        lock (_gate)
        {
            var c = Get(connectionId);
            foreach (var p in list)
                if (!c.Patterns.Contains(p, StringComparer.Ordinal)) c.Patterns.Add(p);
            return [.. c.Patterns];
        }
    }

    /// <summary>Removes topic patterns (all of them when <paramref name="patterns"/> is empty); returns what is left.</summary>
    public IReadOnlyList<string> Unsubscribe(long connectionId, IEnumerable<string> patterns)
    {
        var list = patterns.ToList();
        lock (_gate)
        {
            var c = Get(connectionId);
            if (list.Count == 0) c.Patterns.Clear();
            else c.Patterns.RemoveAll(p => list.Contains(p, StringComparer.Ordinal));
            return [.. c.Patterns];
        }
    }

    /// <summary>Forgets the connection's client, its subscriptions and queued events; a pending wait returns at once. False when it had none.</summary>
    public bool Disconnect(long connectionId)
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            if (!_byConnection.Remove(connectionId, out var c)) return false;
            c.Closed = true;
            c.Queue.Clear();
            waiter = c.Waiter;
            c.Waiter = null;
        }
        waiter?.TrySetResult();
        return true;
    }

    /// <summary>The registered clients now.</summary>
    public IReadOnlyList<OcfHubClientInfo> Clients
    {
        get
        {
            lock (_gate)
                return [.. _byConnection.Values.OrderBy(c => c.Id).Select(c => new OcfHubClientInfo(c.Id, c.Connection, c.Name, c.ProcessId, c.UserId, [.. c.Patterns], c.Queue.Count, c.Dropped))];
        }
    }

    /// <summary>Publishes an event on <paramref name="topic"/> to every subscribed client. Never blocks; returns how many clients got it.</summary>
    public int Publish(string topic, OcfValue data)
    {
        CheckTopic(topic);
        ArgumentNullException.ThrowIfNull(data);
        List<TaskCompletionSource>? wake = null;
        int delivered = 0;
        lock (_gate)
        {
            _topics.Add(topic);
            var e = new OcfHubEvent(++_sequence, topic, Time.GetUtcNow().UtcDateTime, data);
            Interlocked.Increment(ref _published);
            foreach (var c in _byConnection.Values)
            {
                if (!c.Patterns.Any(p => Matches(p, topic))) continue;
                if (c.Queue.Count >= QueueCapacity)
                {
                    c.Queue.Dequeue();
                    c.Dropped++;
                }
                c.Queue.Enqueue(e);
                delivered++;
                if (c.Waiter is { } w)
                {
                    (wake ??= new()).Add(w);
                    c.Waiter = null;
                }
            }
        }
        if (wake is not null) foreach (var w in wake) w.TrySetResult();
        return delivered;
    }

    /// <summary>
    /// The connection's queued events (at most <paramref name="maxEvents"/>), waiting up to <paramref name="timeout"/> for
    /// the first one when none is queued; and how many were dropped since the last call. Empty on timeout.
    /// </summary>
    public async Task<(IReadOnlyList<OcfHubEvent> Events, long Dropped)> WaitAsync(long connectionId, TimeSpan timeout, int maxEvents = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvents, 1);
        Task wait;
        lock (_gate)
        {
            var c = Get(connectionId);
            if (c.Queue.Count > 0 || timeout <= TimeSpan.Zero) return Take(c, maxEvents);
            c.Waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = c.Waiter.Task;
        }
        try
        {
            await wait.WaitAsync(timeout, Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) { }
        lock (_gate)
        {
            if (!_byConnection.TryGetValue(connectionId, out var c)) return ([], 0);
            return Take(c, maxEvents);
        }
    }

    private static (IReadOnlyList<OcfHubEvent>, long) Take(Client c, int max)
    {
        var events = new List<OcfHubEvent>(Math.Min(max, c.Queue.Count));
        while (events.Count < max && c.Queue.TryDequeue(out var e)) events.Add(e);
        long dropped = c.Dropped;
        c.Dropped = 0;
        return (events, dropped);
    }

    private Client Get(long connectionId) =>
        _byConnection.TryGetValue(connectionId, out var c) ? c : throw new OcfClientNotRegisteredException();

    /// <summary>True when <paramref name="pattern"/> (exact, prefix.*, or *) selects <paramref name="topic"/>.</summary>
    public static bool Matches(string pattern, string topic) =>
        pattern == "*"
        || (pattern.EndsWith(".*", StringComparison.Ordinal) ? topic.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == topic);

    private static void CheckTopic(string topic)
    {
        if (string.IsNullOrEmpty(topic) || topic.Length > 200 || topic.Contains('*') || !topic.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '_'))
            throw new ArgumentException($"'{topic}' is not a topic name (letters, digits, '.', '-', '_')", nameof(topic));
    }

    private static void CheckPattern(string pattern)
    {
        if (pattern == "*") return;
        string body = pattern.EndsWith(".*", StringComparison.Ordinal) ? pattern[..^2] : pattern;
        if (string.IsNullOrEmpty(body) || body.Length > 200 || !body.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '_'))
            throw new ArgumentException($"'{pattern}' is not a topic pattern (a topic, 'prefix.*' or '*')", nameof(pattern));
    }
}

/// <summary>A client method was called on a connection that has not called ocf.client.register.</summary>
public sealed class OcfClientNotRegisteredException() : InvalidOperationException("this connection has not registered: call ocf.client.register first");
