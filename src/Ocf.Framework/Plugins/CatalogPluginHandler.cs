namespace Ocf.Plugins;

/// <summary>Handler of the "catalog" plugin type: plugins that list further plugins found at run time (external agents).</summary>
public sealed class CatalogPluginHandler : IOcfPluginHandler
{
    public string PluginType => OcfPluginTypes.Catalog;
    public Type Contract => typeof(IOcfPluginCatalog);
    public Version ApiVersion { get; } = new(1, 0);
    public string Description => "Catalogs of plugins discovered at run time, such as fence agents and OCF resource agents.";

    // The manager lists catalogs itself (GetPlugins); nothing to wire.
    public void OnRegistered(OcfPluginRegistration plugin) { }
    public void OnUnregistered(OcfPluginRegistration plugin) { }
}
