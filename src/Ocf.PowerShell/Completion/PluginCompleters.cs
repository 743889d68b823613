using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Ocf.Plugins;

namespace Ocf.PowerShell.Completion;

/// <summary>Completes plugin types: loaded handlers, handlers declared in the plugin folders, and the types catalogs say they provide.</summary>
public sealed class PluginTypeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        // Catalogs are asked which types they provide, never to list their plugins: that would run every external agent.
        var m = OcfPluginManager.Default;
        var types = m.KnownPluginTypes.Concat(m.CatalogPluginTypes).Distinct(StringComparer.OrdinalIgnoreCase).Select(t => (t, "plugin type"));
        return Completions.Matching(types, wordToComplete);
    }
}

/// <summary>Completes plugin names, narrowed by the -Type already typed on the line.</summary>
public sealed class PluginNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typeFilter = fakeBoundParameters.Contains("Type") ? LanguagePrimitives.ConvertTo<string[]>(fakeBoundParameters["Type"]) : null;
        var patterns = typeFilter?.Select(t => new WildcardPattern(t, WildcardOptions.IgnoreCase)).ToArray();
        // Only catalogs that may provide the bound type are listed: -Type encoding runs no external agent.
        var plugins = OcfPluginManager.Default.GetPlugins(patterns is null ? static _ => true : t => patterns.Any(w => w.IsMatch(t)))
            .Where(p => patterns is null || patterns.Any(w => w.IsMatch(p.Type)))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .Select(p => (p.Name, $"{p.Type}: {p.Description}"));
        return Completions.Matching(plugins, wordToComplete);
    }
}

/// <summary>Completes module names: loaded modules and modules found in the plugin folders.</summary>
public sealed class PluginModuleCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var m = OcfPluginManager.Default;
        var names = m.LoadedModules.Select(x => (x.Name, x.Description ?? x.Name))
            .Concat(m.Discover().Select(x => (x.Name, x.Description ?? x.Name)));
        return Completions.Matching(names, wordToComplete);
    }
}
