using Ocf.Plugins;
using Ocf.Plugins.Comm.Udp;

[assembly: OcfModule("Ocf.Plugins.Comm.Udp", Description = "UDP transport: best-effort unicast datagrams between cluster nodes over IPv4 and IPv6.")]
[assembly: OcfExport(OcfPluginTypes.Transport, UdpTransportPlugin.PluginName, typeof(UdpTransportPlugin), ApiVersion = "1.0",
    Description = "UDP unicast to every address of every node (one address per ring); no multicast discovery.")]
