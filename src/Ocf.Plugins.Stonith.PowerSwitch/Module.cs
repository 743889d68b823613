using Ocf.Plugins;
using Ocf.Plugins.Stonith.PowerSwitch;

[assembly: OcfModule("Ocf.Plugins.Stonith.PowerSwitch",
    Description = "Serial and telnet power switches: WTI RPS-10, APC Smart-UPS, WTI NPS/IPS/TPS and BayTech RPC.")]
[assembly: OcfExport(OcfPluginTypes.Stonith, Rps10Plugin.PluginName, typeof(Rps10Plugin), ApiVersion = "1.0",
    Description = "WTI RPS-10M remote power switch on a serial line (up to 10 daisy-chained outlets).")]
[assembly: OcfExport(OcfPluginTypes.Stonith, ApcSmartPlugin.PluginName, typeof(ApcSmartPlugin), ApiVersion = "1.0",
    Description = "APC Smart-UPS on a serial line (smart protocol, not USB): the UPS output powers the listed hosts.")]
[assembly: OcfExport(OcfPluginTypes.Stonith, WtiNpsPlugin.PluginName, typeof(WtiNpsPlugin), ApiVersion = "1.0",
    Description = "WTI Network/Telnet Power Switch (NPS, IPS, TPS, Boot Bar) over its telnet command line.")]
[assembly: OcfExport(OcfPluginTypes.Stonith, BayTechPlugin.PluginName, typeof(BayTechPlugin), ApiVersion = "1.0",
    Description = "BayTech RPC series power controllers (RPC-3, RPC-5, ...) over their telnet menus.")]
