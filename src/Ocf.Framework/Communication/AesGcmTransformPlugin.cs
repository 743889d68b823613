using Ocf.Configuration;
using Ocf.Data;

namespace Ocf.Communication;

/// <summary>The built-in "aes-gcm" packet-transform plugin: AES-256-GCM under the cluster key file's keys (no own fields).</summary>
public sealed class AesGcmTransformPlugin : IOcfPacketTransformPlugin
{
    public IReadOnlyList<OcfField> Fields { get; } = [];
    public OcfTransformStage Stage => OcfTransformStage.Datagram;

    public IOcfPacketTransform Create(OcfMap configuration, OcfKeyStore keys) => new OcfAesGcmTransform(keys);
}
