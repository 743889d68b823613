using Ocf.Plugins;

namespace Ocf.Stonith;

/// <summary>Handler of the "stonith" plugin type (IOcfStonithPlugin, API 1.0).</summary>
public sealed class StonithPluginHandler : IOcfPluginHandler
{
    public string PluginType => OcfPluginTypes.Stonith;
    public Type Contract => typeof(IOcfStonithPlugin);
    public Version ApiVersion { get; } = new(1, 0);
    public string Description => "Node reset/fencing devices (IOcfStonithPlugin); the framework verifies every power operation.";

    // Devices are created on demand from the plugin (OcfStonithDevice.Create); nothing to wire at registration.
    public void OnRegistered(OcfPluginRegistration plugin) { }
    public void OnUnregistered(OcfPluginRegistration plugin) { }
}
