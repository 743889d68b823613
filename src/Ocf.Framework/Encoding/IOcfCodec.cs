using System.Buffers;
using Ocf.Data;

namespace Ocf.Encoding;

/// <summary>
/// An encoder/decoder between wrapped values and bytes. Codecs are looked up by name in an <see cref="OcfCodecRegistry"/>;
/// the plugin layer registers loadable codecs there under the plugin type "encoding".
/// </summary>
public interface IOcfCodec
{
    /// <summary>Canonical name, e.g. "ocf-xml".</summary>
    string Name { get; }
    /// <summary>Other names accepted for lookup (case-insensitive), e.g. "Ocf".</summary>
    IReadOnlyList<string> Aliases { get; }
    string Description { get; }
    /// <summary>MIME-ish content type for transports.</summary>
    string ContentType { get; }

    void Encode(OcfValue value, IBufferWriter<byte> output, OcfEncoderOptions? options = null);

    /// <summary>Decodes one UTF-8 document; raises only <see cref="OcfFormatException"/> for bad input.</summary>
    OcfValue Decode(ReadOnlySpan<byte> utf8, OcfDecoderLimits? limits = null);

    /// <summary>True when the start of a document looks like this codec's (used by format detection).</summary>
    bool CanDecode(ReadOnlySpan<byte> prefix);
}
