using System.Management.Automation;
using Ocf.Plugins;

namespace Ocf.PowerShell;

/// <summary>
/// Runs when Import-Module loads Ocf: registers the module's own plugins folder as a search path. Nothing is
/// discovered or loaded here, so importing stays cheap; plugins are read when first needed.
/// </summary>
public sealed class OcfModuleInitializer : IModuleAssemblyInitializer
{
    public void OnImport()
    {
        string? dir = Path.GetDirectoryName(typeof(OcfModuleInitializer).Assembly.Location);
        if (dir is not null) OcfPluginManager.Default.AddSearchPath(Path.Combine(dir, "plugins"), first: true);
    }
}
