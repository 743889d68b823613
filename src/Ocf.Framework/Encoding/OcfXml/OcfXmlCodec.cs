using System.Buffers;
using Ocf.Data;
using Ocf.Encoding.Xml;

namespace Ocf.Encoding.OcfXml;

/// <summary>
/// The paper's compact XML subset: &lt;L&gt;/&lt;LI&gt; lists, &lt;AL&gt;/&lt;LI key&gt; associative arrays, plus a
/// <c>type</c> attribute on non-string scalars so every value round-trips. The grammar is in docs/ocf-xml.md.
/// </summary>
public sealed class OcfXmlCodec : IOcfCodec
{
    public const string CodecName = "ocf-xml";
    public static readonly OcfXmlCodec Instance = new();

    public string Name => CodecName;
    public IReadOnlyList<string> Aliases { get; } = ["Ocf", "OcfXml"];
    public string Description => "The Open Cluster Framework's compact XML subset (<L>, <AL>, <LI>).";
    public string ContentType => "application/x-ocf+xml";

    public void Encode(OcfValue value, IBufferWriter<byte> output, OcfEncoderOptions? options = null) =>
        OcfXmlEncoder.Encode(value, output, options ?? OcfEncoderOptions.Default);

    public OcfValue Decode(ReadOnlySpan<byte> utf8, OcfDecoderLimits? limits = null) =>
        OcfXmlDecoder.Decode(utf8, limits ?? OcfDecoderLimits.Default);

    public bool CanDecode(ReadOnlySpan<byte> prefix)
    {
        var root = XmlSniffer.RootElementName(prefix);
        return root.SequenceEqual("L"u8) || root.SequenceEqual("AL"u8) || root.SequenceEqual("V"u8);
    }
}
