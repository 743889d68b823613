using System.Management.Automation;
using Ocf.Encoding;
using Ocf.PowerShell.Errors;

namespace Ocf.PowerShell.Commands;

/// <summary>-Encoding lookup shared by the conversion cmdlets.</summary>
internal static class EncodingResolver
{
    public static IOcfCodec Resolve(PSCmdlet cmdlet, string name)
    {
        if (OcfCodecRegistry.Default.TryGet(name, out var codec)) return codec;
        var known = string.Join(", ", OcfCodecRegistry.Default.Codecs.SelectMany(c => c.Aliases.Prepend(c.Name)));
        cmdlet.ThrowTerminatingError(new ErrorRecord(
            new ArgumentException($"Unknown encoding '{name}'. Known encodings: {known}."),
            OcfErrorIds.UnknownEncoding, ErrorCategory.InvalidArgument, name));
        return null!;
    }
}
