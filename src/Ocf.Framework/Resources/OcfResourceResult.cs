namespace Ocf.Resources;

/// <summary>The OCF resource agent exit codes (OCF RA API 1.1; 190/191 are the 1.1 "degraded" codes).</summary>
public enum OcfResourceStatus
{
    /// <summary>An exit code the OCF API does not define, or the action timed out and was killed.</summary>
    Unknown = -1,
    Success = 0,
    GenericError = 1,
    InvalidArgument = 2,
    Unimplemented = 3,
    InsufficientPrivileges = 4,
    NotInstalled = 5,
    NotConfigured = 6,
    NotRunning = 7,
    RunningMaster = 8,
    FailedMaster = 9,
    Degraded = 190,
    DegradedMaster = 191,
}

/// <summary>How one action of a resource agent ended.</summary>
/// <param name="Action">The action run (start, monitor, …).</param>
/// <param name="ExitCode">The agent's exit code as reported (after a kill on timeout, the killed process's code).</param>
/// <param name="TimedOut">The action exceeded <paramref name="Timeout"/> and its process tree was killed.</param>
/// <param name="Output">The tail of stdout (at most <see cref="MaxTailChars"/> characters).</param>
/// <param name="Error">The tail of stderr, where agents write ocf_log and ocf_exit_reason messages.</param>
public sealed record OcfResourceResult(string Action, int ExitCode, bool TimedOut, TimeSpan Timeout, TimeSpan Duration, string Output, string Error)
{
    public const int MaxTailChars = 4000;

    /// <summary>The exit code as an OCF status; <see cref="OcfResourceStatus.Unknown"/> after a timeout or for a code OCF does not define.</summary>
    public OcfResourceStatus Status => TimedOut ? OcfResourceStatus.Unknown : FromExitCode(ExitCode);

    public bool Succeeded => Status == OcfResourceStatus.Success;

    public static OcfResourceStatus FromExitCode(int exitCode) =>
        exitCode is >= 0 and <= 9 or 190 or 191 ? (OcfResourceStatus)exitCode : OcfResourceStatus.Unknown;

    /// <summary>The last <see cref="MaxTailChars"/> characters of an agent's output (the end holds the exit reason).</summary>
    public static string Tail(string text) => text.Length <= MaxTailChars ? text : text[^MaxTailChars..];

    public override string ToString() =>
        TimedOut ? $"{Action}: timed out after {Timeout.TotalSeconds:0.###} s" : $"{Action}: {Status} ({ExitCode})";
}
