using Ocf.Configuration;
using Ocf.Data;

namespace Ocf.Node;

/// <summary>
/// The cluster configuration document described as self-configuration fields, so it is validated like any plugin
/// configuration: every problem at once, with paths such as <c>nodes[1].addresses[0]</c>.
/// </summary>
public static class OcfClusterConfigurationFields
{
    private static OcfField Seconds(string name, string text, double? @default = null) => new()
    {
        FieldName = name, BasicType = OcfBasicType.Double, SpecialType = OcfSpecialTypes.Seconds, ShortText = text,
        Default = @default is { } d ? new OcfDouble(d) : null,
    };

    public static readonly IReadOnlyList<OcfField> Fields =
    [
        new() { FieldName = "cluster_name", Required = true, Regex = "[A-Za-z0-9][A-Za-z0-9_.-]*", Length = 64, ShortText = "The cluster's name (packets of other clusters are dropped)." },
        new()
        {
            FieldName = "nodes", Required = true, IsArray = true, MinCount = 1, MaxCount = 1024, Class = OcfFieldClass.Struct,
            ShortText = "The configured nodes.",
            SubFields =
            [
                new() { FieldName = "name", Required = true, SpecialType = OcfSpecialTypes.Hostname, ShortText = "Node name." },
                new() { FieldName = "id", Required = true, BasicType = OcfBasicType.Integer, ShortText = "Node id (1 to 4294967295)." },
                new() { FieldName = "addresses", Required = true, IsArray = true, MinCount = 1, MaxCount = 8, Regex = @"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):[0-9]{1,5}", ShortText = "host:port addresses ([::1]:5405 for IPv6), one per ring." },
                new() { FieldName = "votes", BasicType = OcfBasicType.Integer, Default = new OcfInteger(1), ShortText = "Quorum votes." },
            ],
        },
        new() { FieldName = "transport", Default = new OcfString("udp"), ShortText = "Transport plugin name." },
        new()
        {
            FieldName = "timing", Class = OcfFieldClass.Struct, ShortText = "Heartbeat timing in seconds.",
            SubFields =
            [
                Seconds("keepalive", "Heartbeat interval.", 1.0),
                Seconds("warntime", "Late-heartbeat warning after this silence (default deadtime/2)."),
                Seconds("deadtime", "A node silent this long is declared dead (default 10 x keepalive)."),
                Seconds("initdead", "At start, nodes never heard are not declared dead before this (default 2 x deadtime)."),
            ],
        },
        new()
        {
            FieldName = "protocol", Class = OcfFieldClass.Struct, ShortText = "Reliable-delivery tuning (defaults suit a LAN).",
            SubFields =
            [
                new() { FieldName = "send_window", BasicType = OcfBasicType.Integer, ShortText = "Unacknowledged datagrams a sender may have in flight (default 1024); a full window makes senders wait (flow control)." },
                new() { FieldName = "mtu", BasicType = OcfBasicType.Integer, ShortText = "The largest datagram in bytes (default 1400)." },
                new() { FieldName = "max_message_size", BasicType = OcfBasicType.Integer, ShortText = "The largest message in bytes, fragmented over datagrams (default 256 KiB)." },
            ],
        },
        new() { FieldName = "transport_options", Class = OcfFieldClass.Struct, ShortText = "The transport plugin's own settings (udp: bind_address, receive_buffer, send_buffer, ttl); checked against its fields when the node starts." },
        new() { FieldName = "authkey", Required = true, SpecialType = OcfSpecialTypes.Path, ShortText = "Key file (owner-only permissions), relative to the configuration file." },
        new() { FieldName = "compression", Default = new OcfString("deflate"), Regex = "[A-Za-z0-9_.-]+", ShortText = "Message compression: a packet-transform plugin of the message stage (deflate built in, brotli as a module), or none." },
        new() { FieldName = "encryption", BasicType = OcfBasicType.Boolean, Default = OcfBoolean.True, ShortText = "Encrypt packets with AES-256-GCM (they are always signed)." },
        new()
        {
            FieldName = "quorum", Class = OcfFieldClass.Struct, ShortText = "Quorum policy.",
            SubFields =
            [
                new() { FieldName = "mode", EnumValues = ["majority", "two_node"], Default = new OcfString("majority"), ShortText = "majority of expected votes, or corosync's two_node." },
                new() { FieldName = "wait_for_all", BasicType = OcfBasicType.Boolean, Default = OcfBoolean.False, ShortText = "Not quorate until all voting nodes were seen together once." },
                new() { FieldName = "auto_tie_breaker", BasicType = OcfBasicType.Boolean, Default = OcfBoolean.False, ShortText = "In an exact half split, the side with the lowest node id wins." },
                new() { FieldName = "expected_votes", BasicType = OcfBasicType.Integer, ShortText = "Expected votes (default: the sum of the nodes' votes)." },
                new() { FieldName = "no_quorum_policy", EnumValues = ["stop", "freeze", "ignore"], Default = new OcfString("stop"), ShortText = "What a partition without quorum does with resources." },
            ],
        },
    ];
}
