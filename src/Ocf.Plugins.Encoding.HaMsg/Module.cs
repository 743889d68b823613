using Ocf.Plugins;
using Ocf.Plugins.Encoding.HaMsg;

[assembly: OcfModule("Ocf.Plugins.Encoding.HaMsg", Description = "Heartbeat-style ha_msg codec: flat maps as name=value lines.")]
[assembly: OcfExport(OcfPluginTypes.Encoding, HaMsgCodec.CodecName, typeof(HaMsgCodec), ApiVersion = "1.0", Aliases = [HaMsgCodec.CodecAlias],
    Description = "Heartbeat's ha_msg text format: >>> / name=value lines / <<< (flat maps of scalars only).")]
