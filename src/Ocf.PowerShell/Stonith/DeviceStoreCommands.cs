using System.Collections;
using System.Management.Automation;
using Ocf.Configuration;
using Ocf.PowerShell.Errors;
using Ocf.Stonith;

namespace Ocf.PowerShell.Stonith;

/// <summary>Saves device definitions as OCF XML, one file per device; secrets go to owner-only files, never in clear.</summary>
[Cmdlet(VerbsData.Save, "OcfStonithDevice", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class SaveOcfStonithDeviceCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public OcfStonithDevice Device { get; set; } = null!;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Field name → environment variable name: the secret is read from that variable when the device is loaded.</summary>
    [Parameter]
    public Hashtable? SecretEnvironmentVariable { get; set; }

    [Parameter]
    public SwitchParameter AllowClearTextSecret { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var store = new OcfStonithDeviceStore(Path is null ? OcfStonithDeviceStore.DefaultDirectory : GetUnresolvedProviderPathFromPSPath(Path));
        string target = store.PathOf(Device.Name);
        if (!ShouldProcess(target, $"Save device {Device.Name}")) return;
        if (AllowClearTextSecret && Device.Fields.Any(f => f.Secret))
            WriteWarning($"-AllowClearTextSecret: the secrets of device '{Device.Name}' are written in clear text to {target}.");
        var variables = SecretEnvironmentVariable?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? string.Empty);
        try
        {
            string path = store.Save(Device.Name, Device.Type, Device.Fields, Device.GetConfigurationWithSecrets(), Force, AllowClearTextSecret, variables);
            WriteObject(new FileInfo(path));
        }
        catch (IOException e)
        {
            WriteError(new ErrorRecord(e, "DeviceAlreadySaved", ErrorCategory.ResourceExists, Device.Name));
        }
    }
}

/// <summary>Loads saved devices (secrets resolved from their owner-only files or environment variables).</summary>
[Cmdlet(VerbsCommon.Get, "OcfStonithDevice")]
[OutputType(typeof(OcfStonithDevice))]
public sealed class GetOcfStonithDeviceCommand : PSCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(SavedDeviceCompleter))]
    public string[]? Name { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    protected override void ProcessRecord()
    {
        var store = new OcfStonithDeviceStore(Path is null ? OcfStonithDeviceStore.DefaultDirectory : GetUnresolvedProviderPathFromPSPath(Path));
        var names = store.Names();
        var patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
        foreach (var name in names.Where(n => patterns is null || patterns.Any(p => p.IsMatch(n))))
        {
            try
            {
                var definition = store.Load(name);
                var lease = StonithPlugins.Acquire(definition.Type);
                if (lease is null)
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"The device '{name}' needs the stonith plugin '{definition.Type}', which was not found."),
                        OcfErrorIds.PluginNotFound, ErrorCategory.ObjectNotFound, name));
                    continue;
                }
                WriteObject(OcfStonithDevice.Create(definition.Name, definition.Type, lease, definition.Configuration));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException or OcfValidationException or Ocf.Encoding.OcfFormatException)
            {
                WriteError(new ErrorRecord(e, "DeviceLoadFailed", ErrorCategory.InvalidData, name));
            }
        }
        foreach (var n in Name ?? [])
        {
            if (!WildcardPattern.ContainsWildcardCharacters(n) && !names.Contains(n, StringComparer.OrdinalIgnoreCase))
                WriteError(new ErrorRecord(new ItemNotFoundException($"No device named '{n}' is saved in {store.Directory}."), "DeviceNotFound", ErrorCategory.ObjectNotFound, n));
        }
    }
}

/// <summary>Deletes saved device definitions and their secret files.</summary>
[Cmdlet(VerbsCommon.Remove, "OcfStonithDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
public sealed class RemoveOcfStonithDeviceCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SavedDeviceCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    protected override void ProcessRecord()
    {
        var store = new OcfStonithDeviceStore(Path is null ? OcfStonithDeviceStore.DefaultDirectory : GetUnresolvedProviderPathFromPSPath(Path));
        foreach (var n in Name)
        {
            if (!ShouldProcess(store.PathOf(n), $"Remove saved device {n}")) continue;
            if (!store.Remove(n))
                WriteError(new ErrorRecord(new ItemNotFoundException($"No device named '{n}' is saved in {store.Directory}."), "DeviceNotFound", ErrorCategory.ObjectNotFound, n));
        }
    }
}

/// <summary>The operator's confirmation for the manual (meatware) stonith plugin: the node was reset by hand.</summary>
[Cmdlet(VerbsLifecycle.Confirm, "OcfManualReset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(string))]
public sealed class ConfirmOcfManualResetCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "HostName")]
    [ValidateNotNullOrEmpty]
    public string[] Node { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ConfirmDirectory { get; set; }

    protected override void ProcessRecord()
    {
        string dir = ConfirmDirectory is null ? ManualStonithConfirmations.DefaultDirectory : GetUnresolvedProviderPathFromPSPath(ConfirmDirectory);
        foreach (var node in Node)
        {
            if (!ShouldProcess(node, "Confirm that the node was reset (powered off or cycled) by hand")) continue;
            try { WriteObject($"{node}: {ManualStonithConfirmations.Confirm(dir, node)} confirmed"); }
            catch (InvalidOperationException e)
            {
                WriteError(new ErrorRecord(e, "NoPendingManualReset", ErrorCategory.ObjectNotFound, node));
            }
        }
    }
}
