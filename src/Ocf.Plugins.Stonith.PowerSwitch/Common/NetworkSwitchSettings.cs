using Ocf.Data;
using F = Ocf.Plugins.Stonith.PowerSwitch.Common.PowerSwitchFields;

namespace Ocf.Plugins.Stonith.PowerSwitch.Common;

/// <summary>The configuration both TCP switch dialogues (WTI NPS, BayTech RPC) read: address, login, outlets, timeouts.</summary>
internal sealed record NetworkSwitchSettings(
    string Ip, int Port, string? Username, string? Password, OutletMap Outlets, bool NativeReboot,
    TimeSpan Login, TimeSpan Response, TimeSpan Power)
{
    public static NetworkSwitchSettings Read(OcfMap c) => new(
        F.Text(c, F.IpName),
        F.Integer(c, F.PortName),
        F.OptionalText(c, F.UsernameName),
        F.OptionalText(c, F.PasswordName),
        OutletMap.Read(c),
        F.Flag(c, F.NativeRebootName),
        F.Duration(c, F.LoginTimeoutName),
        F.Duration(c, F.ResponseTimeoutName),
        F.Duration(c, F.PowerTimeoutName));
}
