using Ocf.Plugins;

namespace Ocf.PowerShell.Plugins;

/// <summary>Finds one plugin (of a module, declared in a plugin folder, or from a catalog) by type and name.</summary>
internal static class PluginLookup
{
    // By name, not by listing: a module plugin needs no catalog, and a catalog looks at one agent, not all 224.
    public static OcfPluginInfo? Find(string type, string name) => OcfPluginManager.Default.FindPlugin(type, name);
}
