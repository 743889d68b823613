using Ocf.Plugins;

namespace Ocf.Resources;

/// <summary>Handler of the "resource" plugin type (IOcfResourcePlugin, API 1.0): OCF resource agents and the like.</summary>
public sealed class ResourcePluginHandler : IOcfPluginHandler
{
    public string PluginType => OcfPluginTypes.Resource;
    public Type Contract => typeof(IOcfResourcePlugin);
    public Version ApiVersion { get; } = new(1, 0);
    public string Description => "Cluster resources (IOcfResourcePlugin): agents run with start, stop, monitor and validate-all.";

    // Resources are created on demand from the plugin (OcfPluginManager.Create); nothing to wire at registration.
    public void OnRegistered(OcfPluginRegistration plugin) { }
    public void OnUnregistered(OcfPluginRegistration plugin) { }
}
