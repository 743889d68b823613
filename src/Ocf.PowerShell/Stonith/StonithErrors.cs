using System.Management.Automation;
using Ocf.Stonith;

namespace Ocf.PowerShell.Stonith;

/// <summary>One ErrorId and category per STONITH failure kind, so scripts can tell an unreachable BMC from a refused password.</summary>
internal static class StonithErrors
{
    public static string ErrorId(OcfStonithFailureKind kind) => "Stonith" + kind;

    public static ErrorCategory Category(OcfStonithFailureKind kind) => kind switch
    {
        OcfStonithFailureKind.Unreachable => ErrorCategory.ConnectionError,
        OcfStonithFailureKind.Authentication => ErrorCategory.AuthenticationError,
        OcfStonithFailureKind.DeviceRefused => ErrorCategory.InvalidOperation,
        OcfStonithFailureKind.NotConfirmed => ErrorCategory.OperationTimeout,
        OcfStonithFailureKind.Timeout => ErrorCategory.OperationTimeout,
        OcfStonithFailureKind.UnknownState => ErrorCategory.InvalidResult,
        OcfStonithFailureKind.HostNotControlled => ErrorCategory.ObjectNotFound,
        OcfStonithFailureKind.Busy => ErrorCategory.ResourceBusy,
        _ => ErrorCategory.NotSpecified,
    };

    public static ErrorRecord Record(OcfStonithException e, object? target) =>
        new(e, ErrorId(e.Kind), Category(e.Kind), target) { ErrorDetails = new ErrorDetails($"{e.Message}{(e.Step is null ? "" : $" (step: {e.Step})")}") };
}
