using System.Management.Automation;
using Ocf.Plugins;
using Ocf.PowerShell.Completion;
using Ocf.PowerShell.Errors;

namespace Ocf.PowerShell.Commands;

/// <summary>Lists plugins: those of loaded modules, those declared by modules in the plugin folders, and external agents.</summary>
[Cmdlet(VerbsCommon.Get, "OcfPlugin")]
[OutputType(typeof(OcfPluginInfo))]
public sealed class GetOcfPluginCommand : PSCmdlet
{
    private IReadOnlyList<OcfPluginInfo>? _all;
    private string? _allFor; // the -Type values _all was read for (pipeline input may change them per record)

    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PluginTypeCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Type { get; set; }

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PluginNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var types = Patterns(Type);
        var names = Patterns(Name);
        if (IsExact(Type) && IsExact(Name))
        {
            // Exact type and name: look each one up (one agent's metadata at most), never the whole listing.
            foreach (var t in Type!)
                foreach (var n in Name!)
                {
                    if (OcfPluginManager.Default.FindPlugin(t, n) is { } found)
                    {
                        // One plugin asked for by name: its handler may be loaded to tell whether the plugin can load.
                        WarnIfUnloadable(found, loadHandler: true);
                        WriteObject(found);
                    }
                    else WriteError(new ErrorRecord(new ItemNotFoundException($"No plugin named '{n}' of type {t} was found."), OcfErrorIds.PluginNotFound, ErrorCategory.ObjectNotFound, n));
                }
            return;
        }
        string typesKey = Type is null ? "*" : string.Join("\n", Type);
        if (_all is null || _allFor != typesKey)
        {
            _allFor = typesKey;
            WriteProgress(new ProgressRecord(1, "Get-OcfPlugin", "Reading plugin metadata (modules and external agents)"));
            // Catalogs are asked only when they may hold a requested type: -Type encoding runs no external agent.
            _all = OcfPluginManager.Default.GetPlugins(types is null ? static _ => true : t => types.Any(p => p.IsMatch(t)));
            WriteProgress(new ProgressRecord(1, "Get-OcfPlugin", "Done") { RecordType = ProgressRecordType.Completed });
            foreach (var warning in OcfPluginManager.Default.Warnings) WriteWarning(warning);
        }
        var matches = _all
            .Where(p => types is null || types.Any(t => t.IsMatch(p.Type)))
            .Where(p => names is null || names.Any(n => n.IsMatch(p.Name)))
            .OrderBy(p => p.Type, StringComparer.OrdinalIgnoreCase).ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        foreach (var p in matches)
        {
            // A listing runs no module code: only handlers already loaded are compared.
            WarnIfUnloadable(p, loadHandler: false);
            WriteObject(p);
        }
        // A name without wildcards that matched nothing is an error, as Get-Command does it.
        foreach (var n in Name ?? [])
        {
            if (WildcardPattern.ContainsWildcardCharacters(n) || matches.Any(p => string.Equals(p.Name, n, StringComparison.OrdinalIgnoreCase))) continue;
            WriteError(new ErrorRecord(new ItemNotFoundException($"No plugin named '{n}'{(Type is null ? "" : $" of type {string.Join(", ", Type)}")} was found."),
                OcfErrorIds.PluginNotFound, ErrorCategory.ObjectNotFound, n));
        }
    }

    /// <summary>
    /// A plugin that will be refused for its API version still lists, but its Fields getter fails and PowerShell turns
    /// that into a silent $null: say why up front.
    /// </summary>
    private void WarnIfUnloadable(OcfPluginInfo plugin, bool loadHandler)
    {
        if (OcfPluginManager.Default.ApiVersionProblem(plugin, loadHandler) is { } problem)
            WriteWarning($"{plugin.Type}/{plugin.Name} cannot be loaded (its Fields and Actions are unavailable): {problem}");
    }

    private static bool IsExact(string[]? values) => values is { Length: > 0 } && !values.Any(WildcardPattern.ContainsWildcardCharacters);

    private static WildcardPattern[]? Patterns(string[]? values) =>
        values?.Select(v => new WildcardPattern(v, WildcardOptions.IgnoreCase)).ToArray();
}
