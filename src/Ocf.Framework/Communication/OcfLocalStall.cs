namespace Ocf.Communication;

/// <summary>
/// The local node itself stalled (its tick ran <see cref="Duration"/> late: GC pause, SIGSTOP, starved thread pool).
/// Peers' silence during the stall is not held against them, so the stall causes no false "dead".
/// </summary>
public sealed record OcfLocalStall(TimeSpan Duration) : OcfClusterEvent;
