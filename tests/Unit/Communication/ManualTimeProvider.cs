namespace Ocf.Tests.Communication;

/// <summary>
/// A fake clock for protocol tests. <see cref="Advance"/> moves time forward and fires every due timer at its own due
/// time, in order (stepwise, like a process that runs on time). Callbacks run inline on the caller's thread, so a whole
/// cluster runs single-threaded and deterministically. Timers may be changed or created from inside callbacks.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<ManualTimer> _timers = [];
    private long _now;
    private long _nextId;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override long GetTimestamp() => _now;
    public override DateTimeOffset GetUtcNow() => Epoch + TimeSpan.FromTicks(_now);
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public TimeSpan Elapsed => TimeSpan.FromTicks(_now);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state, _nextId++);
        _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan delta)
    {
        if (delta < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(delta));
        long target = _now + delta.Ticks;
        while (true)
        {
            ManualTimer? next = null;
            foreach (var t in _timers)
                if (t.Due <= target && (next is null || t.Due < next.Due || (t.Due == next.Due && t.Id < next.Id))) next = t;
            if (next is null) break;
            if (next.Due > _now) _now = next.Due;
            next.Fire();
        }
        _now = target;
    }

    private void Remove(ManualTimer timer) => _timers.Remove(timer);

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state, long id) : ITimer
    {
        public long Id { get; } = id;
        public long Due { get; private set; } = long.MaxValue;
        private long _period;
        private bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed) return false;
            Due = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : owner._now + Math.Max(0, dueTime.Ticks);
            _period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : period.Ticks;
            return true;
        }

        public void Fire()
        {
            Due = _period > 0 ? Due + _period : long.MaxValue;
            callback(state);
        }

        public void Dispose()
        {
            _disposed = true;
            Due = long.MaxValue;
            owner.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
