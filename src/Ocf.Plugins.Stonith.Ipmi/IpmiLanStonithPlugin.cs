using Ocf.Configuration;
using Ocf.Data;
using Ocf.Stonith;

namespace Ocf.Plugins.Stonith.Ipmi;

/// <summary>
/// The "ipmilan" stonith plugin: fences a host through its BMC over IPMI LAN, natively (no ipmitool). RMCP+ with
/// cipher suite 3 by default, IPMI 1.5 (md5, straight password or none) when lanplus is false. Each operation opens a
/// session, does its work and closes the session; the framework confirms every power change by reading the status.
/// </summary>
public sealed class IpmiLanStonithPlugin : IOcfStonithPlugin
{
    public const string PluginName = "ipmilan";

    public IReadOnlyList<OcfField> Fields => IpmiLanFields.All;

    public IOcfStonithDriver CreateDriver(OcfMap configuration) => new IpmiLanDriver(IpmiLanSettings.FromConfiguration(configuration));
}
