using System.Management.Automation;
using Ocf.Plugins;
using Ocf.PowerShell.Completion;
using Ocf.PowerShell.Errors;

namespace Ocf.PowerShell.Commands;

/// <summary>Lists loaded plugin modules, or with -ListAvailable the modules found in the plugin folders (from metadata only).</summary>
[Cmdlet(VerbsCommon.Get, "OcfPluginModule")]
[OutputType(typeof(OcfModuleInfo), typeof(OcfModuleManifest))]
public sealed class GetOcfPluginModuleCommand : PSCmdlet
{
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PluginModuleCompleter))]
    public string[]? Name { get; set; }

    [Parameter]
    public SwitchParameter ListAvailable { get; set; }

    protected override void EndProcessing()
    {
        var patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
        bool Match(string n) => patterns is null || patterns.Any(p => p.IsMatch(n));
        var m = OcfPluginManager.Default;
        if (ListAvailable)
        {
            foreach (var manifest in m.Discover(refresh: true).Where(x => Match(x.Name))) WriteObject(manifest);
            foreach (var w in m.Warnings) WriteWarning(w);
        }
        else foreach (var info in m.LoadedModules.Where(x => Match(x.Name))) WriteObject(info);
    }
}

/// <summary>Loads a plugin module by name (from the plugin folders) or by path, registering its plugins.</summary>
[Cmdlet(VerbsData.Import, "OcfPluginModule", SupportsShouldProcess = true, DefaultParameterSetName = "Name")]
[OutputType(typeof(OcfModuleInfo))]
public sealed class ImportOcfPluginModuleCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name", ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PluginModuleCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = "Path", ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    protected override void ProcessRecord()
    {
        var targets = ParameterSetName == "Path" ? Path.Select(GetUnresolvedProviderPathFromPSPath) : Name;
        foreach (var target in targets)
        {
            if (!ShouldProcess(target, "Load plugin module")) continue;
            try { WriteObject(OcfPluginManager.Default.LoadModule(target)); }
            catch (OcfPluginException e)
            {
                bool missing = e.Kind == OcfPluginErrorKind.NotFound;
                WriteError(new ErrorRecord(e, missing ? OcfErrorIds.ModuleNotFound : OcfErrorIds.PluginLoadFailed,
                    missing ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidOperation, target));
            }
        }
    }
}

/// <summary>Unloads a plugin module; refused while any of its plugins is in use.</summary>
[Cmdlet(VerbsCommon.Remove, "OcfPluginModule", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class RemoveOcfPluginModuleCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PluginModuleCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var n in Name)
        {
            if (!ShouldProcess(n, "Unload plugin module")) continue;
            try { OcfPluginManager.Default.UnloadModule(n); }
            catch (OcfPluginException e)
            {
                bool notLoaded = e.Kind == OcfPluginErrorKind.NotFound;
                WriteError(new ErrorRecord(e, notLoaded ? OcfErrorIds.ModuleNotFound : OcfErrorIds.ModuleUnloadRefused,
                    notLoaded ? ErrorCategory.ObjectNotFound : ErrorCategory.ResourceBusy, n));
            }
        }
    }
}
