using System.Management.Automation;
using Ocf.Encoding;
using Ocf.Plugins;
using Ocf.PowerShell.Errors;

namespace Ocf.PowerShell.Commands;

/// <summary>-Encoding lookup shared by the conversion cmdlets: registered codecs first, then "encoding" plugins not loaded yet.</summary>
internal static class EncodingResolver
{
    /// <summary>
    /// The codec named (or aliased) <paramref name="name"/>, loading its module when needed, with a lease the caller
    /// holds while it uses the codec (unloading the module is refused until the lease is disposed).
    /// </summary>
    public static (IOcfCodec Codec, IDisposable Lease) Resolve(PSCmdlet cmdlet, string name)
    {
        var manager = OcfPluginManager.Default;
        try
        {
            if (manager.AcquireCodec(name) is { } lease) return (lease.Instance, lease);
        }
        catch (OcfPluginException e)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(e, OcfErrorIds.PluginLoadFailed, ErrorCategory.ResourceUnavailable, name));
        }
        var known = Candidates().Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase);
        cmdlet.ThrowTerminatingError(new ErrorRecord(
            new ArgumentException($"Unknown encoding '{name}'. Known encodings: {string.Join(", ", known)}."),
            OcfErrorIds.UnknownEncoding, ErrorCategory.InvalidArgument, name));
        return default;
    }

    /// <summary>Codec names for completion and errors: loaded codecs and encoding plugins declared by modules, with their aliases.</summary>
    public static IEnumerable<(string Name, string Description)> Candidates()
    {
        var manager = OcfPluginManager.Default;
        foreach (var c in manager.Codecs.Codecs)
            foreach (var n in c.Aliases.Prepend(c.Name)) yield return (n, c.Description);
        // Modules not loaded yet: their names and aliases come from metadata, without running their code.
        foreach (var e in manager.Discover().SelectMany(m => m.Exports).Where(e => e.PluginType == OcfPluginTypes.Encoding))
            foreach (var n in e.Aliases.Prepend(e.Name))
                if (!manager.Codecs.TryGet(n, out _)) yield return (n, e.Description ?? e.Name);
    }
}
