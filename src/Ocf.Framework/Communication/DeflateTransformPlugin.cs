using System.IO.Compression;
using Ocf.Configuration;
using Ocf.Data;

namespace Ocf.Communication;

/// <summary>The built-in "deflate" packet-transform plugin: compresses messages of at least <c>threshold</c> bytes.</summary>
public sealed class DeflateTransformPlugin : IOcfPacketTransformPlugin
{
    public IReadOnlyList<OcfField> Fields { get; } =
    [
        new OcfField
        {
            FieldName = "threshold",
            Label = "Compression threshold",
            BasicType = OcfBasicType.Integer,
            Default = new OcfInteger(OcfDeflateTransform.DefaultThreshold),
            ShortText = "Messages shorter than this many bytes are sent uncompressed.",
        },
        new OcfField
        {
            FieldName = "level",
            Label = "Compression level",
            EnumValues = ["fastest", "optimal", "smallest"],
            Default = new OcfString("fastest"),
        },
    ];

    public OcfTransformStage Stage => OcfTransformStage.Message;

    public IOcfPacketTransform Create(OcfMap configuration, OcfKeyStore keys)
    {
        int threshold = configuration.TryGetValue("threshold", out var t) && t is OcfInteger i ? checked((int)i.Value) : OcfDeflateTransform.DefaultThreshold;
        var level = (configuration.TryGetValue("level", out var l) && l is OcfString s ? s.Value : "fastest") switch
        {
            "optimal" => CompressionLevel.Optimal,
            "smallest" => CompressionLevel.SmallestSize,
            _ => CompressionLevel.Fastest,
        };
        return new OcfDeflateTransform(threshold, level);
    }
}
