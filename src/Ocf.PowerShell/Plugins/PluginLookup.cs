using Ocf.Plugins;

namespace Ocf.PowerShell.Plugins;

/// <summary>Finds one plugin (of a module, declared in a plugin folder, or from a catalog) by type and name.</summary>
internal static class PluginLookup
{
    public static OcfPluginInfo? Find(string type, string name) =>
        OcfPluginManager.Default.GetPlugins(includeCatalogs: true).FirstOrDefault(p =>
            string.Equals(p.Type, type, StringComparison.OrdinalIgnoreCase) && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
