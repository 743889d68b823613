using Ocf.Data;
using Ocf.Plugins;

namespace Ocf.Communication;

/// <summary>A plugin of type "packet-transform" (e.g. "deflate", "aes-gcm"): a factory of compression or encryption stages.</summary>
public interface IOcfPacketTransformPlugin : IOcfSelfConfiguring
{
    /// <summary>Which pipeline slot its transforms fill (message: compression; datagram: encryption).</summary>
    OcfTransformStage Stage { get; }

    IOcfPacketTransform Create(OcfMap configuration, OcfKeyStore keys);
}
