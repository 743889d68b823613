namespace Ocf.Node;

/// <summary>
/// Real time, with every timer callback run on one dedicated thread instead of the thread pool. A busy or starved
/// pool (a test host, a PowerShell session running pipelines, a GC-heavy process) can hold its few threads for most of
/// a second; heartbeats ticking on the pool would then be late and the node would read its own stall as peers'
/// silence. The node runtime ticks here instead (the dotnet-cluster notes' "dedicated thread" rule).
/// </summary>
public sealed class DedicatedThreadTimeProvider : TimeProvider, IDisposable
{
    private readonly object _gate = new();
    private readonly List<Timer> _timers = [];
    private bool _disposed;

    public DedicatedThreadTimeProvider()
    {
        new Thread(Run) { IsBackground = true, Name = "ocf-timers" }.Start();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        lock (_gate) _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    private long Ticks(TimeSpan span) => (long)(span.Ticks * (TimestampFrequency / (double)TimeSpan.TicksPerSecond));

    private void Run()
    {
        while (true)
        {
            Timer? fire;
            lock (_gate)
            {
                while (true)
                {
                    if (_disposed) return;
                    fire = null;
                    foreach (var t in _timers)
                        if (t.Due is long d && (fire is null || d < fire.Due)) fire = t;
                    if (fire is null) { Monitor.Wait(_gate); continue; }
                    long now = GetTimestamp();
                    long wait = fire.Due!.Value - now;
                    if (wait <= 0)
                    {
                        fire.Due = fire.Period is long p ? Math.Max(fire.Due.Value + p, now) : null;
                        break;
                    }
                    Monitor.Wait(_gate, TimeSpan.FromMilliseconds(Math.Max(1, wait * 1000.0 / TimestampFrequency)));
                }
            }
            try { fire.Callback(fire.State); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // One failing callback must not stop every other timer; the owner reports its own errors.
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
    }

    private sealed class Timer(DedicatedThreadTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;
        public object? State { get; } = state;
        public long? Due { get; set; }
        public long? Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                if (!owner._timers.Contains(this)) return false;
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner.GetTimestamp() + owner.Ticks(dueTime);
                Period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? null : owner.Ticks(period);
                Monitor.PulseAll(owner._gate);
                return true;
            }
        }

        public void Dispose()
        {
            lock (owner._gate) owner._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
