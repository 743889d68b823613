using Ocf.Configuration;
using Ocf.Data;

namespace Ocf.Communication;

/// <summary>The built-in "hmac" authentication plugin: HMAC-SHA256 under the cluster key file's keys (no own fields).</summary>
public sealed class HmacAuthenticationPlugin : IOcfAuthenticationPlugin
{
    public IReadOnlyList<OcfField> Fields { get; } = [];

    public IOcfPacketAuthenticator Create(OcfMap configuration, OcfKeyStore keys) => new OcfHmacAuthenticator(keys);
}
