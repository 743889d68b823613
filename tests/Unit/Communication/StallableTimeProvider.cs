namespace Ocf.Tests.Communication;

/// <summary>
/// One node's view of a shared fake clock that can be frozen: while stalled, its timer callbacks are held (coalesced,
/// as a frozen process misses them) and run once on <see cref="Resume"/>, late — the overshoot a stall produces.
/// </summary>
public sealed class StallableTimeProvider(TimeProvider inner) : TimeProvider
{
    private readonly List<(TimerCallback Callback, object? State)> _missed = [];

    public bool Stalled { get; private set; }

    public override long TimestampFrequency => inner.TimestampFrequency;
    public override long GetTimestamp() => inner.GetTimestamp();
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();
    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(s =>
        {
            if (Stalled)
            {
                if (!_missed.Any(m => m.Callback == callback && ReferenceEquals(m.State, s))) _missed.Add((callback, s));
                return;
            }
            callback(s);
        }, state, dueTime, period);

    public void Stall() => Stalled = true;

    public void Resume()
    {
        Stalled = false;
        var missed = _missed.ToArray();
        _missed.Clear();
        foreach (var (callback, state) in missed) callback(state);
    }
}
