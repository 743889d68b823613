using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Ocf.Configuration;
using Ocf.PowerShell.Plugins;

namespace Ocf.Tests.PowerShell;

/// <summary>
/// A cmdlet whose dynamic parameters come from <see cref="DynamicParameterBuilderTests.Fields"/>, built with the two
/// parameter sets the real consumers (Test-OcfPluginConfiguration, New-OcfStonithDevice) use, so tests bind through
/// PowerShell's own parameter binder. It writes the configuration the bound parameters describe.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "OcfFieldProbe", DefaultParameterSetName = ByParameterSet)]
public sealed class TestOcfFieldProbeCommand : PSCmdlet, IDynamicParameters
{
    public const string ByParameterSet = "ByParameter";
    public const string ByOptionSet = "ByOption";
    private RuntimeDefinedParameterDictionary? _dynamic;

    [Parameter(Mandatory = true, ParameterSetName = ByOptionSet)]
    public IDictionary? Option { get; set; }

    public object GetDynamicParameters() =>
        _dynamic = OcfDynamicParameterBuilder.Build(DynamicParameterBuilderTests.Fields, ["Option"], ByParameterSet, ByOptionSet);

    protected override void ProcessRecord() =>
        WriteObject(OcfDynamicParameterBuilder.ToConfiguration(_dynamic, DynamicParameterBuilderTests.Fields, Option));

    /// <summary>A runspace with only this cmdlet added to the default commands.</summary>
    public static System.Management.Automation.PowerShell CreateHost()
    {
        var iss = InitialSessionState.CreateDefault2();
        iss.Commands.Add(new SessionStateCmdletEntry("Test-OcfFieldProbe", typeof(TestOcfFieldProbeCommand), null));
        return System.Management.Automation.PowerShell.Create(iss);
    }
}
