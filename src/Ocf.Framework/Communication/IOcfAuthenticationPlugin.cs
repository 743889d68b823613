using Ocf.Data;
using Ocf.Plugins;

namespace Ocf.Communication;

/// <summary>A plugin of type "authentication" (e.g. "hmac"): a factory of packet authenticators keyed from the cluster key store.</summary>
public interface IOcfAuthenticationPlugin : IOcfSelfConfiguring
{
    IOcfPacketAuthenticator Create(OcfMap configuration, OcfKeyStore keys);
}
