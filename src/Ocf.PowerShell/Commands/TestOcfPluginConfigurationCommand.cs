using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins;
using Ocf.PowerShell.Completion;
using Ocf.PowerShell.Data;
using Ocf.PowerShell.Errors;
using Ocf.PowerShell.Plugins;

namespace Ocf.PowerShell.Commands;

/// <summary>The outcome of checking a proposed configuration against a plugin's fields.</summary>
public sealed class OcfConfigurationTestResult
{
    internal OcfConfigurationTestResult(string type, string plugin, IReadOnlyList<OcfValidationProblem> problems, OrderedDictionary configuration)
    {
        Type = type;
        Plugin = plugin;
        Problems = problems.ToArray();
        Configuration = configuration;
    }

    public string Type { get; }
    public string Plugin { get; }
    public bool IsValid => Problems.Length == 0;
    public OcfValidationProblem[] Problems { get; }
    /// <summary>The configuration as given, secrets redacted.</summary>
    public OrderedDictionary Configuration { get; }
}

/// <summary>
/// Validates a configuration for a self-configuring plugin (or external agent) and returns every problem with its
/// field path. The plugin's fields become this cmdlet's dynamic parameters once -Type and -Name are known.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "OcfPluginConfiguration", DefaultParameterSetName = ByParameterSet)]
[OutputType(typeof(OcfConfigurationTestResult))]
public sealed class TestOcfPluginConfigurationCommand : PSCmdlet, IDynamicParameters
{
    private const string ByParameterSet = "ByParameter";
    private const string ByOptionSet = "ByOption";
    private static readonly string[] StaticNames = ["Type", "Name", "Option"];
    private RuntimeDefinedParameterDictionary? _dynamic;
    private IReadOnlyList<OcfField>? _fields;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PluginTypeCompleter))]
    [ValidateNotNullOrEmpty]
    public string Type { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(PluginNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = ByOptionSet)]
    public IDictionary? Option { get; set; }

    public object? GetDynamicParameters()
    {
        if (string.IsNullOrEmpty(Type) || string.IsNullOrEmpty(Name)) return null;
        try
        {
            var plugin = PluginLookup.Find(Type, Name);
            if (plugin is null) return null;
            _fields = plugin.Fields;
            _dynamic = OcfDynamicParameterBuilder.Build(_fields, StaticNames, ByParameterSet, ByOptionSet);
            return _dynamic;
        }
        catch (OcfPluginException) { return null; } // reported by ProcessRecord; parameter binding must not fail here
    }

    protected override void ProcessRecord()
    {
        OcfPluginInfo? plugin;
        IReadOnlyList<OcfField> fields;
        try
        {
            plugin = PluginLookup.Find(Type, Name);
            if (plugin is null)
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"No plugin '{Name}' of type '{Type}' was found."),
                    OcfErrorIds.PluginNotFound, ErrorCategory.ObjectNotFound, Name));
                return;
            }
            fields = plugin.Fields; // loads the plugin's module: refused versions and failing modules end up here
        }
        catch (OcfPluginException e)
        {
            WriteError(new ErrorRecord(e, OcfErrorIds.PluginLoadFailed, ErrorCategory.ResourceUnavailable, Name));
            return;
        }
        OcfMap configuration;
        try { configuration = OcfDynamicParameterBuilder.ToConfiguration(_fields is null ? null : _dynamic, fields, Option); }
        catch (Exception e) when (e is OcfConversionException or OcfDuplicateKeyException)
        {
            WriteError(new ErrorRecord(e, OcfErrorIds.InvalidConfiguration, ErrorCategory.InvalidArgument, Option));
            return;
        }
        var problems = OcfConfigurator.Validate(fields, configuration);
        var redacted = (OrderedDictionary)PSValueConverter.ToPowerShell(OcfConfigurator.Redact(fields, configuration), asHashtable: true)!;
        WriteObject(new OcfConfigurationTestResult(plugin.Type, plugin.Name, problems, redacted));
    }
}
