using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Ocf.Plugins;
using Ocf.PowerShell.Completion;
using Ocf.Stonith;

namespace Ocf.PowerShell.Stonith;

/// <summary>
/// Finds stonith plugins (module exports and fence agents alike). A device created from the lease owns it
/// (<see cref="OcfStonithDevice.Create(string, string, OcfPluginLease{IOcfStonithPlugin}, Ocf.Data.OcfValue, OcfStonithDeviceOptions?, TimeProvider?)"/>):
/// <c>$device.Dispose()</c> releases it, and so does dropping the device once it is collected.
/// </summary>
internal static class StonithPlugins
{
    public static OcfPluginLease<IOcfStonithPlugin>? Acquire(string name) =>
        OcfPluginManager.Default.AcquireAny<IOcfStonithPlugin>(OcfPluginTypes.Stonith, name);
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
