using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins.Stonith.Ipmi.Session;

namespace Ocf.Plugins.Stonith.Ipmi;

/// <summary>The configuration fields of the ipmilan plugin (names follow fence_ipmilan's where they exist).</summary>
internal static class IpmiLanFields
{
    public const string Ip = "ip";
    public const string IpPort = "ipport";
    public const string UserName = "username";
    public const string Password = "password";
    public const string LanPlus = "lanplus";
    public const string Cipher = "cipher";
    public const string AuthType = "authtype";
    public const string PrivLvl = "privlvl";
    public const string HostName = "hostname";
    public const string Timeout = "timeout";
    public const string Retries = "retries";
    public const string Method = "method";

    public static readonly IReadOnlyList<OcfField> All =
    [
        new() { FieldName = Ip, Label = "BMC address", Required = true, SpecialType = OcfSpecialTypes.Host, Aliases = ["ipaddr"],
            ShortText = "Host name or IP address of the BMC's IPMI LAN interface." },
        new() { FieldName = IpPort, Label = "UDP port", BasicType = OcfBasicType.Integer, SpecialType = OcfSpecialTypes.Port, Default = new OcfInteger(623),
            ShortText = "UDP port of the BMC's IPMI LAN interface." },
        new() { FieldName = UserName, Label = "User", Length = 16, Aliases = ["login"],
            ShortText = "IPMI user name (at most 16 bytes); omit for the BMC's null user." },
        new() { FieldName = Password, Label = "Password", Secret = true, SpecialType = OcfSpecialTypes.Password, Length = 20, Aliases = ["passwd"],
            ShortText = "Password of the IPMI user (at most 20 bytes for lanplus, 16 for IPMI 1.5)." },
        new() { FieldName = LanPlus, Label = "IPMI 2.0 (lanplus)", BasicType = OcfBasicType.Boolean, Default = OcfBoolean.True,
            ShortText = "true: IPMI 2.0 RMCP+ (authenticated, encrypted); false: IPMI 1.5 sessions." },
        new() { FieldName = Cipher, Label = "Cipher suite", BasicType = OcfBasicType.Integer, Default = new OcfInteger(3), EnumValues = ["3"],
            ShortText = "RMCP+ cipher suite: 3 = RAKP-HMAC-SHA1, HMAC-SHA1-96 integrity, AES-CBC-128 encryption." },
        new() { FieldName = AuthType, Label = "IPMI 1.5 authentication", Default = new OcfString("md5"), EnumValues = [.. IpmiAuthTypeNames.Names], Aliases = ["auth"],
            ShortText = "IPMI 1.5 only (lanplus=false): md5, password (sent in clear) or none." },
        new() { FieldName = PrivLvl, Label = "Privilege level", Default = new OcfString("administrator"), EnumValues = [.. IpmiPrivilegeNames.Names],
            ShortText = "Privilege level to request; power control needs operator or administrator." },
        new() { FieldName = HostName, Label = "Host", Aliases = ["nodename"],
            ShortText = "The host this BMC powers, as the cluster names it; default: the value of ip." },
        new() { FieldName = Timeout, Label = "Request timeout", BasicType = OcfBasicType.Double, SpecialType = OcfSpecialTypes.Seconds, Default = new OcfDouble(1.0),
            ShortText = "Seconds to wait for each answer before resending the request." },
        new() { FieldName = Retries, Label = "Retries", BasicType = OcfBasicType.Integer, Default = new OcfInteger(3),
            ShortText = "Resends of an unanswered request; a dead BMC fails after timeout x (retries + 1)." },
        new() { FieldName = Method, Label = "Reboot method", Default = new OcfString("onoff"), EnumValues = ["onoff", "cycle"],
            ShortText = "Reboot as power off then on, each confirmed (onoff), or with the BMC's power cycle (cycle)." },
    ];
}
