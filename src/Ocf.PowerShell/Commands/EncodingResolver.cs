using System.Management.Automation;
using Ocf.Encoding;
using Ocf.Plugins;
using Ocf.PowerShell.Errors;

namespace Ocf.PowerShell.Commands;

/// <summary>-Encoding lookup shared by the conversion cmdlets: registered codecs first, then "encoding" plugins not loaded yet.</summary>
internal static class EncodingResolver
{
    public static IOcfCodec Resolve(PSCmdlet cmdlet, string name)
    {
        var manager = OcfPluginManager.Default;
        if (manager.Codecs.TryGet(name, out var codec)) return codec;
        try
        {
            if (manager.TryLoadPlugin(OcfPluginTypes.Encoding, name) && manager.Codecs.TryGet(name, out codec)) return codec;
        }
        catch (OcfPluginException e)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(e, OcfErrorIds.PluginLoadFailed, ErrorCategory.ResourceUnavailable, name));
        }
        var known = manager.Codecs.Codecs.SelectMany(c => c.Aliases.Prepend(c.Name))
            .Concat(manager.Discover().SelectMany(m => m.Exports).Where(e => e.PluginType == OcfPluginTypes.Encoding).Select(e => e.Name))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        cmdlet.ThrowTerminatingError(new ErrorRecord(
            new ArgumentException($"Unknown encoding '{name}'. Known encodings: {string.Join(", ", known)}."),
            OcfErrorIds.UnknownEncoding, ErrorCategory.InvalidArgument, name));
        return null!;
    }

    /// <summary>Codec names for completion: loaded codecs and their aliases, and encoding plugins declared by modules.</summary>
    public static IEnumerable<(string Name, string Description)> Candidates()
    {
        var manager = OcfPluginManager.Default;
        foreach (var c in manager.Codecs.Codecs)
            foreach (var n in c.Aliases.Append(c.Name)) yield return (n, c.Description);
        foreach (var e in manager.Discover().SelectMany(m => m.Exports).Where(e => e.PluginType == OcfPluginTypes.Encoding))
            if (!manager.Codecs.TryGet(e.Name, out _)) yield return (e.Name, e.Description ?? e.Name);
    }
}
