using Ocf.Plugins;
using Ocf.Plugins.Stonith.Ipmi;

[assembly: OcfModule("Ocf.Plugins.Stonith.Ipmi", Description = "Native IPMI-over-LAN fencing: RMCP+ (IPMI 2.0, cipher suite 3) and IPMI 1.5 sessions, no external tools.")]
[assembly: OcfExport(OcfPluginTypes.Stonith, IpmiLanStonithPlugin.PluginName, typeof(IpmiLanStonithPlugin), ApiVersion = "1.0",
    Description = "Powers a host off/on/reboot through its BMC over IPMI LAN (lanplus RMCP+ suite 3, or IPMI 1.5 md5/password/none).")]
