using Ocf.Communication;
using Ocf.Configuration;
using Ocf.Data;

namespace Ocf.Plugins.Comm.Brotli;

/// <summary>The "brotli" packet-transform plugin (message stage): select it with the cluster document's packet.compression.</summary>
public sealed class BrotliTransformPlugin : IOcfPacketTransformPlugin
{
    public IReadOnlyList<OcfField> Fields { get; } =
    [
        new OcfField
        {
            FieldName = "threshold",
            Label = "Compression threshold",
            BasicType = OcfBasicType.Integer,
            Default = new OcfInteger(BrotliTransform.DefaultThreshold),
            ShortText = "Messages shorter than this many bytes are sent uncompressed.",
        },
        new OcfField
        {
            FieldName = "quality",
            Label = "Quality",
            BasicType = OcfBasicType.Integer,
            Default = new OcfInteger(BrotliTransform.DefaultQuality),
            ShortText = "Brotli quality 0 (fastest) to 11 (smallest).",
        },
    ];

    public OcfTransformStage Stage => OcfTransformStage.Message;

    public IOcfPacketTransform Create(OcfMap configuration, OcfKeyStore keys)
    {
        var map = OcfConfigurator.Normalize(Fields, configuration ?? OcfMap.Empty);
        long threshold = ((OcfInteger)map["threshold"]).Value, quality = ((OcfInteger)map["quality"]).Value;
        var problems = new List<OcfValidationProblem>();
        if (threshold is < 0 or > int.MaxValue) problems.Add(new("threshold", "OutOfRange", $"{threshold} is not 0 or more"));
        if (quality is < 0 or > 11) problems.Add(new("quality", "OutOfRange", $"{quality} is not in 0–11"));
        if (problems.Count > 0) throw new OcfValidationException(problems);
        return new BrotliTransform((int)threshold, (int)quality);
    }
}
