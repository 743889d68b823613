using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using Ocf.Plugins;
using Ocf.PowerShell.Completion;
using Ocf.Stonith;

namespace Ocf.PowerShell.Stonith;

/// <summary>Finds stonith plugins (module exports and fence agents alike) and keeps them leased while their devices live.</summary>
internal static class StonithPlugins
{
    private static readonly ConditionalWeakTable<OcfStonithDevice, IDisposable> Leases = new();

    public static OcfPluginLease<IOcfStonithPlugin>? Acquire(string name) =>
        OcfPluginManager.Default.AcquireAny<IOcfStonithPlugin>(OcfPluginTypes.Stonith, name);

    /// <summary>The device keeps its plugin's module loaded for as long as the device object lives.</summary>
    public static void Attach(OcfStonithDevice device, IDisposable lease) => Leases.AddOrUpdate(device, lease);
}

/// <summary>Completes stonith plugin names (module plugins and installed fence agents).</summary>
public sealed class StonithPluginCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Completions.Matching(
            OcfPluginManager.Default.GetPlugins(includeCatalogs: true)
                .Where(p => p.Type == OcfPluginTypes.Stonith)
                .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
                .Select(p => (p.Name, p.Description ?? p.Name)),
            wordToComplete);
}

/// <summary>Completes the names of saved devices.</summary>
public sealed class SavedDeviceCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string dir = fakeBoundParameters.Contains("Path") ? Convert.ToString(fakeBoundParameters["Path"]) ?? OcfStonithDeviceStore.DefaultDirectory : OcfStonithDeviceStore.DefaultDirectory;
        return Completions.Matching(new OcfStonithDeviceStore(dir).Names().Select(n => (n, "saved device")), wordToComplete);
    }
}
