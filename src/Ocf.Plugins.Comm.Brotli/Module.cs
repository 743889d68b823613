using Ocf.Plugins;
using Ocf.Plugins.Comm.Brotli;

[assembly: OcfModule("Ocf.Plugins.Comm.Brotli", Description = "Brotli message compression for cluster communication (packet-transform plugin).")]
[assembly: OcfExport(OcfPluginTypes.PacketTransform, BrotliTransform.TransformName, typeof(BrotliTransformPlugin), ApiVersion = "1.0",
    Description = "Brotli compression of messages above a size threshold: smaller than deflate on text-like payloads, at more CPU.")]
