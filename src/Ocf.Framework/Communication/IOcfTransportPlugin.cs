using Ocf.Data;
using Ocf.Plugins;

namespace Ocf.Communication;

/// <summary>A plugin of type "transport" (e.g. "udp"): a factory of datagram transports from a validated configuration.</summary>
public interface IOcfTransportPlugin : IOcfSelfConfiguring
{
    IOcfDatagramTransport Create(OcfMap configuration, OcfTransportContext context);
}
