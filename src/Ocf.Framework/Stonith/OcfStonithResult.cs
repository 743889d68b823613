namespace Ocf.Stonith;

/// <summary>The outcome of one power operation on one host: what was confirmed, how long it took, and which step failed.</summary>
public sealed record OcfStonithResult
{
    public required string Device { get; init; }
    public required string Node { get; init; }
    public required string Action { get; init; }
    public bool Success { get; init; }
    /// <summary>The state the device last reported (the confirmed one when <see cref="Success"/>).</summary>
    public OcfPowerState State { get; init; }
    public TimeSpan Duration { get; init; }
    public string? FailedStep { get; init; }
    public OcfStonithFailureKind? FailureKind { get; init; }
    public string? Message { get; init; }
    public OcfStonithException? Error { get; init; }
}
