namespace Ocf.Communication;

/// <summary>
/// What the in-memory network does to each datagram, drawn from its seeded random source: drop with probability
/// <see cref="Loss"/>, deliver twice with <see cref="Duplicate"/>, hold back by up to <see cref="ReorderDelay"/> extra
/// with <see cref="Reorder"/> (so later datagrams overtake it); every copy takes a delay in [<see cref="MinDelay"/>, <see cref="MaxDelay"/>].
/// </summary>
public sealed record InMemoryFaultProfile
{
    public static readonly InMemoryFaultProfile None = new();

    public double Loss { get; init; }
    public double Duplicate { get; init; }
    public double Reorder { get; init; }
    public TimeSpan MinDelay { get; init; } = TimeSpan.FromMilliseconds(1);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(1);
    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(20);
}
