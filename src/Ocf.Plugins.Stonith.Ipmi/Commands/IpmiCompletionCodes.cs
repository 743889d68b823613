using Ocf.Plugins.Stonith.Ipmi.Messages;
using Ocf.Plugins.Stonith.Ipmi.Session;
using Ocf.Stonith;

namespace Ocf.Plugins.Stonith.Ipmi.Commands;

/// <summary>
/// IPMI completion codes as clear messages and failure kinds: the generic codes (IPMI v2.0 Table 5-2) and the
/// command-specific ones of the session commands (§22.16-§22.19).
/// </summary>
internal static class IpmiCompletionCodes
{
    public const byte Ok = 0x00;
    public const byte NodeBusy = 0xC0;
    public const byte InvalidCommand = 0xC1;
    public const byte InvalidDataField = 0xCC;
    public const byte InsufficientPrivilege = 0xD4;
    public const byte NotSupportedInPresentState = 0xD5;

    /// <summary>The device code as reported in <see cref="OcfStonithException.DeviceCode"/>, e.g. "0xD4".</summary>
    public static string Code(byte cc) => $"0x{cc:X2}";

    public static string Describe(byte cc, byte netFn = 0xFF, byte command = 0xFF)
    {
        if (cc is >= 0x80 and <= 0xBE && CommandSpecific(netFn & 0xFE, command, cc) is { } specific) return specific;
        return cc switch
        {
            0x00 => "command completed normally",
            0xC0 => "node busy",
            0xC1 => "invalid command (not supported by this BMC)",
            0xC2 => "command invalid for the given LUN",
            0xC3 => "timeout while processing the command",
            0xC4 => "out of space",
            0xC5 => "reservation cancelled or invalid",
            0xC6 => "request data truncated",
            0xC7 => "request data length invalid",
            0xC8 => "request data field length limit exceeded",
            0xC9 => "parameter out of range",
            0xCA => "cannot return the number of requested data bytes",
            0xCB => "requested sensor, data or record not present",
            0xCC => "invalid data field in request",
            0xCD => "command illegal for the specified sensor or record type",
            0xCE => "command response could not be provided",
            0xCF => "cannot execute a duplicated request",
            0xD0 => "SDR repository in update mode",
            0xD1 => "device in firmware update mode",
            0xD2 => "BMC initialization in progress",
            0xD3 => "destination unavailable",
            0xD4 => "insufficient privilege level",
            0xD5 => "command not supported in the present state",
            0xD6 => "command sub-function disabled or unavailable",
            0xFF => "unspecified error",
            >= 0x01 and <= 0x7E => "OEM-specific error",
            >= 0x80 and <= 0xBE => "command-specific error",
            _ => "reserved completion code",
        };
    }

    private static string? CommandSpecific(int netFn, byte command, byte cc) => (netFn, command, cc) switch
    {
        (IpmiNetFn.App, SessionCommands.GetSessionChallengeCmd, 0x81) => "invalid user name",
        (IpmiNetFn.App, SessionCommands.GetSessionChallengeCmd, 0x82) => "null user name not enabled",
        (IpmiNetFn.App, SessionCommands.ActivateSessionCmd, 0x81) => "no session slot available",
        (IpmiNetFn.App, SessionCommands.ActivateSessionCmd, 0x82) => "no session slot available for this user (per-user session limit)",
        (IpmiNetFn.App, SessionCommands.ActivateSessionCmd, 0x83) => "no session slot available for this user at the requested privilege",
        (IpmiNetFn.App, SessionCommands.ActivateSessionCmd, 0x84) => "session sequence number out of range",
        (IpmiNetFn.App, SessionCommands.ActivateSessionCmd, 0x85) => "invalid session ID in request",
        (IpmiNetFn.App, SessionCommands.ActivateSessionCmd, 0x86) => "requested maximum privilege level exceeds the user's and/or channel's privilege limit",
        (IpmiNetFn.App, SessionCommands.SetSessionPrivilegeLevelCmd, 0x80) => "requested privilege level not available for this user",
        (IpmiNetFn.App, SessionCommands.SetSessionPrivilegeLevelCmd, 0x81) => "requested privilege level exceeds the user's and/or channel's privilege limit",
        (IpmiNetFn.App, SessionCommands.SetSessionPrivilegeLevelCmd, 0x82) => "cannot disable user-level authentication",
        (IpmiNetFn.App, SessionCommands.CloseSessionCmd, 0x87) => "invalid session ID in request",
        (IpmiNetFn.App, SessionCommands.CloseSessionCmd, 0x88) => "invalid session handle in request",
        _ => null,
    };

    /// <summary>The failure kind of a non-zero completion code of <paramref name="request"/>.</summary>
    public static OcfStonithFailureKind Kind(byte cc, IpmiRequest request)
    {
        if (cc == InsufficientPrivilege) return OcfStonithFailureKind.Authentication;
        if (cc is NodeBusy or 0xD2) return OcfStonithFailureKind.Busy;
        if (request.NetFn == IpmiNetFn.App)
        {
            switch (request.Command, cc)
            {
                case (SessionCommands.GetSessionChallengeCmd, 0x81 or 0x82 or InvalidDataField):
                case (SessionCommands.ActivateSessionCmd, 0x84 or 0x85 or 0x86):
                case (SessionCommands.SetSessionPrivilegeLevelCmd, 0x80 or 0x81):
                    return OcfStonithFailureKind.Authentication;
                case (SessionCommands.ActivateSessionCmd, 0x81 or 0x82 or 0x83):
                case (SessionCommands.GetSessionChallengeCmd or SessionCommands.ActivateSessionCmd, 0xC4):     // out of space: no session slot
                    return OcfStonithFailureKind.Busy;
            }
        }
        return OcfStonithFailureKind.DeviceRefused;
    }

    /// <summary>The exception for a non-zero completion code, naming the command, the code and its meaning.</summary>
    public static OcfStonithException ToException(IpmiResponse response, IpmiRequest request, string bmc) =>
        new(Kind(response.CompletionCode, request),
            $"The BMC {bmc} refused {request.Name}: completion code {Code(response.CompletionCode)} ({Describe(response.CompletionCode, request.NetFn, request.Command)}).",
            deviceCode: Code(response.CompletionCode));
}
