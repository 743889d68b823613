namespace Ocf.Stonith;

/// <summary>Timing of the framework's verification of power operations.</summary>
public sealed record OcfStonithDeviceOptions
{
    public static readonly OcfStonithDeviceOptions Default = new();

    /// <summary>Wait after a power command before the first status poll (some devices report stale state at once).</summary>
    public TimeSpan PowerWait { get; init; } = TimeSpan.Zero;
    /// <summary>Time between status polls while waiting for a confirmation.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
    /// <summary>How long a power command may take to be confirmed by the status.</summary>
    public TimeSpan ConfirmTimeout { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>Upper bound for any one operation, end to end.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
}
