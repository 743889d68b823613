using System.Management.Automation;
using Ocf.Plugins;
using Ocf.PowerShell.Errors;

namespace Ocf.PowerShell.Commands;

/// <summary>Adds folders to the plugin search path of this session.</summary>
[Cmdlet(VerbsCommon.Add, "OcfPluginPath", SupportsShouldProcess = true)]
[OutputType(typeof(string))]
public sealed class AddOcfPluginPathCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var p in Path)
        {
            string full = GetUnresolvedProviderPathFromPSPath(p);
            if (!Directory.Exists(full))
            {
                WriteError(new ErrorRecord(new DirectoryNotFoundException($"The plugin folder '{full}' does not exist."),
                    OcfErrorIds.PluginPathNotFound, ErrorCategory.ObjectNotFound, p));
                continue;
            }
            if (!ShouldProcess(full, "Add plugin search path")) continue;
            OcfPluginManager.Default.AddSearchPath(full);
            if (PassThru) WriteObject(full);
        }
    }
}

/// <summary>Removes folders from the plugin search path (modules already loaded stay loaded).</summary>
[Cmdlet(VerbsCommon.Remove, "OcfPluginPath", SupportsShouldProcess = true)]
public sealed class RemoveOcfPluginPathCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var p in Path)
        {
            string full = GetUnresolvedProviderPathFromPSPath(p);
            if (!ShouldProcess(full, "Remove plugin search path")) continue;
            if (!OcfPluginManager.Default.RemoveSearchPath(full))
                WriteError(new ErrorRecord(new ItemNotFoundException($"'{full}' is not in the plugin search path."),
                    OcfErrorIds.PluginPathNotFound, ErrorCategory.ObjectNotFound, p));
        }
    }
}

/// <summary>The plugin search path: the module's plugins folder, OCF_PLUGIN_PATH, and folders added in this session.</summary>
[Cmdlet(VerbsCommon.Get, "OcfPluginPath")]
[OutputType(typeof(string))]
public sealed class GetOcfPluginPathCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        foreach (var p in OcfPluginManager.Default.SearchPaths) WriteObject(p);
    }
}
