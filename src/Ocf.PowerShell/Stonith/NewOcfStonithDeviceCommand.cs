using System.Collections;
using System.Management.Automation;
using Ocf.Configuration;
using Ocf.Plugins;
using Ocf.PowerShell.Errors;
using Ocf.PowerShell.Plugins;
using Ocf.Stonith;

namespace Ocf.PowerShell.Stonith;

/// <summary>
/// Creates a fencing device from a stonith plugin and a configuration. The plugin's fields are this cmdlet's dynamic
/// parameters once -Type is known (Get-Command New-OcfStonithDevice -ArgumentList ipmilan -Syntax shows them).
/// </summary>
[Cmdlet(VerbsCommon.New, "OcfStonithDevice", DefaultParameterSetName = ByParameterSet)]
[OutputType(typeof(OcfStonithDevice))]
public sealed class NewOcfStonithDeviceCommand : PSCmdlet, IDynamicParameters
{
    private const string ByParameterSet = "ByParameter";
    private const string ByOptionSet = "ByOption";
    private static readonly string[] StaticNames = ["Type", "Name", "Option", "PowerWaitSec", "ConfirmTimeoutSec", "TimeoutSec"];
    private RuntimeDefinedParameterDictionary? _dynamic;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(StonithPluginCompleter))]
    [ValidateNotNullOrEmpty]
    public string Type { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = ByOptionSet, ValueFromPipelineByPropertyName = true)]
    public IDictionary? Option { get; set; }

    [Parameter]
    [ValidateRange(0.0, 600.0)]
    public double PowerWaitSec { get; set; }

    [Parameter]
    [ValidateRange(0.1, 3600.0)]
    public double ConfirmTimeoutSec { get; set; } = 20;

    [Parameter]
    [ValidateRange(0.1, 3600.0)]
    public double TimeoutSec { get; set; } = 60;

    public object? GetDynamicParameters()
    {
        if (string.IsNullOrEmpty(Type)) return null;
        try
        {
            var plugin = PluginLookup.Find(OcfPluginTypes.Stonith, Type);
            if (plugin is null) return null;
            return _dynamic = OcfDynamicParameterBuilder.Build(plugin.Fields, StaticNames, ByParameterSet, ByOptionSet);
        }
        catch (OcfPluginException) { return null; }
    }

    protected override void ProcessRecord()
    {
        OcfPluginLease<IOcfStonithPlugin>? lease;
        try { lease = StonithPlugins.Acquire(Type); }
        catch (OcfPluginException e)
        {
            WriteError(new ErrorRecord(e, OcfErrorIds.PluginLoadFailed, ErrorCategory.ResourceUnavailable, Type));
            return;
        }
        if (lease is null)
        {
            WriteError(new ErrorRecord(new ItemNotFoundException($"No stonith plugin named '{Type}' was found (see Get-OcfPlugin -Type stonith)."),
                OcfErrorIds.PluginNotFound, ErrorCategory.ObjectNotFound, Type));
            return;
        }
        var plugin = lease.Instance;
        var options = new OcfStonithDeviceOptions
        {
            PowerWait = TimeSpan.FromSeconds(PowerWaitSec),
            ConfirmTimeout = TimeSpan.FromSeconds(ConfirmTimeoutSec),
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
        };
        try
        {
            var configuration = OcfDynamicParameterBuilder.ToConfiguration(_dynamic, plugin.Fields, Option);
            // The device owns the lease: released by $device.Dispose() (or when the device is dropped and collected).
            WriteObject(OcfStonithDevice.Create(Name, Type, lease, configuration, options));
        }
        catch (OcfValidationException e)
        {
            lease.Dispose();
            WriteError(new ErrorRecord(e, OcfErrorIds.InvalidConfiguration, ErrorCategory.InvalidArgument, Name)
            {
                ErrorDetails = new ErrorDetails($"The configuration of device '{Name}' ({Type}) is not valid:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", e.Problems)}"),
            });
        }
        catch (Exception e) when (e is Ocf.Data.OcfConversionException or Ocf.Data.OcfDuplicateKeyException)
        {
            lease.Dispose();
            WriteError(new ErrorRecord(e, OcfErrorIds.InvalidConfiguration, ErrorCategory.InvalidArgument, Name));
        }
    }
}
