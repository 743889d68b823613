using System.Net;
using Ocf.Communication;
using Ocf.Configuration;
using Ocf.Data;

namespace Ocf.Plugins.Comm.Udp;

/// <summary>
/// The "udp" transport plugin: creates a <see cref="UdpTransport"/> for the local node of the cluster options. The
/// nodes' addresses come from <see cref="OcfNodeDefinition.Addresses"/>; this plugin's fields only tune the sockets.
/// </summary>
public sealed class UdpTransportPlugin : IOcfTransportPlugin
{
    public const string PluginName = "udp";

    public IReadOnlyList<OcfField> Fields { get; } =
    [
        new OcfField
        {
            FieldName = "bind_address",
            Label = "Bind address",
            SpecialType = OcfSpecialTypes.IPAddress,
            ShortText = "IP address the local sockets bind instead of the local node's own addresses (the ports stay those of its addresses).",
            LongText = "Default: each of the local node's own addresses (as listed in the cluster's node definitions) is bound at its port. " +
                "'0.0.0.0' binds the IPv4 wildcard; '::' binds dual-mode sockets that also reach IPv4 peers. " +
                "Unicast only: there is no multicast discovery, every node's 'host:port' addresses must be configured " +
                "(several addresses per node are several rings: every datagram goes to each of them).",
        },
        new OcfField
        {
            FieldName = "receive_buffer",
            Label = "Receive buffer",
            BasicType = OcfBasicType.Integer,
            ShortText = $"Socket receive buffer (SO_RCVBUF) in bytes, {UdpTransportSettings.MinBufferSize}–{UdpTransportSettings.MaxBufferSize}; default: 4 MiB (capped by the system's maximum, e.g. net.core.rmem_max), room for a full send window.",
            LongText = "The operating system may round or cap it (on Linux, to net.core.rmem_max).",
        },
        new OcfField
        {
            FieldName = "send_buffer",
            Label = "Send buffer",
            BasicType = OcfBasicType.Integer,
            ShortText = $"Socket send buffer (SO_SNDBUF) in bytes, {UdpTransportSettings.MinBufferSize}–{UdpTransportSettings.MaxBufferSize}; default: the system's.",
            LongText = "The operating system may round or cap it (on Linux, to net.core.wmem_max). A send that finds the buffer full is a counted loss.",
        },
        new OcfField
        {
            FieldName = "ttl",
            Label = "TTL",
            BasicType = OcfBasicType.Integer,
            ShortText = "Unicast time-to-live (IPv4) / hop limit (IPv6), 1–255; default: the system's.",
        },
    ];

    public IOcfDatagramTransport Create(OcfMap configuration, OcfTransportContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var transport = UdpTransport.Create(context.Cluster, ReadSettings(configuration ?? OcfMap.Empty));
        foreach (var warning in transport.Warnings) context.Warn?.Invoke(warning);
        return transport;
    }

    /// <summary>The settings a configuration map gives; <see cref="OcfValidationException"/> listing every problem.</summary>
    public UdpTransportSettings ReadSettings(OcfMap configuration)
    {
        var map = OcfConfigurator.Normalize(Fields, configuration);
        var problems = new List<OcfValidationProblem>();
        IPAddress? bind = map.TryGetValue("bind_address", out var b) && b is OcfString s ? IPAddress.Parse(s.Value) : null;
        int? Integer(string name, long min, long max)
        {
            if (!map.TryGetValue(name, out var v) || v is not OcfInteger i) return null;
            if (i.Value >= min && i.Value <= max) return (int)i.Value;
            problems.Add(new OcfValidationProblem(name, "OutOfRange", $"{i.Value} is not in {min}–{max}"));
            return null;
        }
        var settings = new UdpTransportSettings
        {
            BindAddress = bind,
            ReceiveBufferSize = Integer("receive_buffer", UdpTransportSettings.MinBufferSize, UdpTransportSettings.MaxBufferSize),
            SendBufferSize = Integer("send_buffer", UdpTransportSettings.MinBufferSize, UdpTransportSettings.MaxBufferSize),
            Ttl = Integer("ttl", 1, 255),
        };
        if (problems.Count > 0) throw new OcfValidationException(problems);
        return settings;
    }
}
