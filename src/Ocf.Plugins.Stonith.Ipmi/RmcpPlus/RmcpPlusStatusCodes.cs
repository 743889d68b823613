using Ocf.Stonith;

namespace Ocf.Plugins.Stonith.Ipmi.RmcpPlus;

/// <summary>RMCP+ and RAKP message status codes (IPMI v2.0 Table 13-15) as clear messages and failure kinds.</summary>
internal static class RmcpPlusStatusCodes
{
    public const byte InvalidIntegrityCheckValue = 0x0F;

    public static string Describe(byte status) => status switch
    {
        0x00 => "no errors",
        0x01 => "insufficient resources to create a session",
        0x02 => "invalid session ID",
        0x03 => "invalid payload type",
        0x04 => "invalid authentication algorithm",
        0x05 => "invalid integrity algorithm",
        0x06 => "no matching authentication payload",
        0x07 => "no matching integrity payload",
        0x08 => "inactive session ID",
        0x09 => "invalid role",
        0x0A => "unauthorized role or privilege level requested",
        0x0B => "insufficient resources to create a session at the requested role",
        0x0C => "invalid name length",
        0x0D => "unauthorized name",
        0x0E => "unauthorized GUID",
        0x0F => "invalid integrity check value",
        0x10 => "invalid confidentiality algorithm",
        0x11 => "no cipher suite match with the proposed security algorithms",
        0x12 => "illegal or unrecognized parameter",
        _ => "reserved status code",
    };

    /// <summary>
    /// The failure kind of a non-zero status. In RAKP message 2, 0x12 is how some BMCs (OpenIPMI's ipmi_sim among them)
    /// report an unknown user name, so it counts as an authentication failure there.
    /// </summary>
    public static OcfStonithFailureKind Kind(byte status, bool inRakp) => status switch
    {
        0x01 or 0x0B => OcfStonithFailureKind.Busy,
        0x09 or 0x0A or 0x0C or 0x0D or 0x0E or 0x0F => OcfStonithFailureKind.Authentication,
        0x12 when inRakp => OcfStonithFailureKind.Authentication,
        _ => OcfStonithFailureKind.DeviceRefused,
    };

    /// <summary>The device code of an RMCP+ status, distinct from completion codes: e.g. "RMCP+ 0x0D".</summary>
    public static string Code(byte status) => $"RMCP+ 0x{status:X2}";
}
