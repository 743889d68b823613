using Ocf.Plugins;

namespace Ocf.Communication;

/// <summary>Handler of the "transport" plugin type (IOcfTransportPlugin, API 1.0).</summary>
public sealed class TransportPluginHandler : IOcfPluginHandler
{
    public string PluginType => OcfPluginTypes.Transport;
    public Type Contract => typeof(IOcfTransportPlugin);
    public Version ApiVersion { get; } = new(1, 0);
    public string Description => "Datagram transports between cluster nodes (IOcfTransportPlugin); the core adds reliability, ordering and security.";

    // Transports are created by the node runtime from its configuration; nothing to wire at registration.
    public void OnRegistered(OcfPluginRegistration plugin) { }
    public void OnUnregistered(OcfPluginRegistration plugin) { }
}
