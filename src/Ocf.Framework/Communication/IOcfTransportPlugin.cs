using Ocf.Data;
using Ocf.Plugins;

namespace Ocf.Communication;

/// <summary>
/// A plugin of type "transport" (e.g. "udp"): a factory of datagram transports from a validated configuration and the
/// node's context — <see cref="IOcfInstantiable{T, TContext}.Create"/>, through which the node runtime validates first.
/// </summary>
public interface IOcfTransportPlugin : IOcfInstantiable<IOcfDatagramTransport, OcfTransportContext>
{
}
