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

    /// <summary>
    /// Decodes one UTF-8 document to the value it carries. The error contract, which every codec (plugins too) keeps:
    /// malformed input and input over <paramref name="limits"/> raise <see cref="OcfFormatException"/> (with
    /// <see cref="OcfFormatException.Limit"/> set for the latter), and nothing else escapes. A well-formed document is
    /// never an exception, even when it reports an error of its own: a codec with envelopes maps them to values and
    /// documents how (XML-RPC turns a fault into the map {fault: {faultCode, faultString}}; its message API,
    /// <c>XmlRpcCodec.DecodeMessage</c>, tells a fault from a result).
    /// </summary>
    OcfValue Decode(ReadOnlySpan<byte> utf8, OcfDecoderLimits? limits = null);

    /// <summary>True when the start of a document looks like this codec's (used by format detection).</summary>
    bool CanDecode(ReadOnlySpan<byte> prefix);
}
