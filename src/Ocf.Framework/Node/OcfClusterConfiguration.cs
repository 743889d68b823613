using System.Globalization;
using Ocf.Communication;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Membership;

namespace Ocf.Node;

/// <summary>
/// One cluster's configuration document (OCF XML): name, nodes, transport, timing, key file, quorum policy.
/// Read and written with the ocf-xml codec; validated with the self-configuration API plus the protocol's own rules.
/// </summary>
public sealed record OcfClusterConfiguration
{
    public required string ClusterName { get; init; }
    public required IReadOnlyList<OcfNodeDefinition> Nodes { get; init; }
    public string Transport { get; init; } = "udp";
    public TimeSpan Keepalive { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan? Warntime { get; init; }
    public TimeSpan? Deadtime { get; init; }
    public TimeSpan? Initdead { get; init; }
    /// <summary>The key file, absolute (relative paths in a document resolve against the document's folder).</summary>
    public required string AuthKey { get; init; }
    public bool Encryption { get; init; } = true;
    /// <summary>The message-stage packet-transform plugin ("deflate", "brotli"...), or "none".</summary>
    public string Compression { get; init; } = "deflate";
    public OcfQuorumPolicy Quorum { get; init; } = new();
    /// <summary>The transport plugin's own settings (for udp: bind_address, receive_buffer, send_buffer, ttl), validated against its fields when the node starts.</summary>
    public OcfMap TransportOptions { get; init; } = OcfMap.Empty;
    /// <summary>Unacknowledged datagrams a sender may have in flight (flow control); null: the protocol default.</summary>
    public int? SendWindow { get; init; }
    /// <summary>The largest datagram sent; null: the protocol default.</summary>
    public int? Mtu { get; init; }
    /// <summary>The largest message (fragmented over datagrams); null: the protocol default.</summary>
    public int? MaxMessageSize { get; init; }
    /// <summary>Where the document was read from, if it was.</summary>
    public string? SourcePath { get; init; }

    public OcfNodeDefinition? FindNode(string nameOrId) =>
        Nodes.FirstOrDefault(n => string.Equals(n.Name, nameOrId, StringComparison.OrdinalIgnoreCase)
            || uint.TryParse(nameOrId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && n.NodeId == id);

    /// <summary>Reads and validates a document; every problem is reported at once (<see cref="OcfValidationException"/>).</summary>
    public static OcfClusterConfiguration Read(string path)
    {
        string full = Path.GetFullPath(path);
        var value = OcfXmlCodec.Instance.Decode(File.ReadAllBytes(full));
        return FromValue(value, Path.GetDirectoryName(full));
    }

    public static OcfClusterConfiguration FromValue(OcfValue value, string? baseDirectory = null)
    {
        // transport_options belong to the transport plugin (its fields are checked when the node starts), so they
        // are taken out before the document's own fields are checked.
        var problems = new List<OcfValidationProblem>();
        var transportOptions = OcfMap.Empty;
        if (value is OcfMap raw && raw.TryGetValue(TransportOptionsKey, out var to))
        {
            if (to is OcfMap tm0) transportOptions = tm0;
            else if (to is not OcfNil) problems.Add(new(TransportOptionsKey, "WrongType", $"expected a map of the transport plugin's settings, not {to.Kind}"));
            value = new OcfMap(raw.Where(kv => kv.Key != TransportOptionsKey));
        }
        var doc = OcfConfigurator.Normalize(OcfClusterConfigurationFields.Fields, value);
        var nodes = new List<OcfNodeDefinition>();
        var list = (OcfList)doc["nodes"];
        for (int i = 0; i < list.Count; i++)
        {
            var n = (OcfMap)list[i];
            long id = ((OcfInteger)n["id"]).Value;
            if (id is < 1 or > uint.MaxValue) { problems.Add(new($"nodes[{i}].id", "OutOfRange", $"{id} is not between 1 and {uint.MaxValue}")); continue; }
            nodes.Add(new OcfNodeDefinition((uint)id, ((OcfString)n["name"]).Value)
            {
                Votes = (int)((OcfInteger)n["votes"]).Value,
                Addresses = ((OcfList)n["addresses"]).Select(a => ((OcfString)a).Value).ToArray(),
            });
        }
        for (int i = 0; i < nodes.Count; i++)
            for (int j = 0; j < i; j++)
            {
                if (nodes[i].NodeId == nodes[j].NodeId) problems.Add(new($"nodes[{i}].id", "Duplicate", $"node id {nodes[i].NodeId} is also used by nodes[{j}]"));
                if (string.Equals(nodes[i].Name, nodes[j].Name, StringComparison.OrdinalIgnoreCase)) problems.Add(new($"nodes[{i}].name", "Duplicate", $"the name {nodes[i].Name} is also used by nodes[{j}]"));
            }
        var timing = doc.TryGetValue("timing", out var t) && t is OcfMap tm ? tm : OcfMap.Empty;
        TimeSpan? Sec(string key) => timing.TryGetValue(key, out var v) && v is OcfDouble d ? TimeSpan.FromSeconds(d.Value) : null;
        var protocol = doc.TryGetValue("protocol", out var pr) && pr is OcfMap pm ? pm : OcfMap.Empty;
        int? PInt(string key) => protocol.TryGetValue(key, out var v) && v is OcfInteger i ? (int)i.Value : null;
        var quorum = doc.TryGetValue("quorum", out var q) && q is OcfMap qm ? qm : OcfMap.Empty;
        string QStr(string key, string dflt) => quorum.TryGetValue(key, out var v) && v is OcfString s ? s.Value : dflt;
        bool QBool(string key) => quorum.TryGetValue(key, out var v) && v is OcfBoolean { Value: true };
        string authkey = ((OcfString)doc["authkey"]).Value;
        var config = new OcfClusterConfiguration
        {
            ClusterName = ((OcfString)doc["cluster_name"]).Value,
            Nodes = nodes,
            Transport = ((OcfString)doc["transport"]).Value,
            Keepalive = Sec("keepalive") ?? TimeSpan.FromSeconds(1),
            Warntime = Sec("warntime"),
            Deadtime = Sec("deadtime"),
            Initdead = Sec("initdead"),
            AuthKey = Path.IsPathRooted(authkey) || baseDirectory is null ? authkey : Path.GetFullPath(Path.Combine(baseDirectory, authkey)),
            Encryption = ((OcfBoolean)doc["encryption"]).Value,
            Compression = ((OcfString)doc["compression"]).Value,
            Quorum = new OcfQuorumPolicy
            {
                Mode = QStr("mode", "majority") == "two_node" ? OcfQuorumMode.TwoNode : OcfQuorumMode.Majority,
                WaitForAll = QBool("wait_for_all"),
                AutoTieBreaker = QBool("auto_tie_breaker"),
                ExpectedVotes = quorum.TryGetValue("expected_votes", out var ev) && ev is OcfInteger evi ? (int)evi.Value : null,
                NoQuorum = QStr("no_quorum_policy", "stop") switch { "freeze" => OcfNoQuorumPolicy.Freeze, "ignore" => OcfNoQuorumPolicy.Ignore, _ => OcfNoQuorumPolicy.Stop },
            },
            SourcePath = baseDirectory,
            TransportOptions = transportOptions,
            SendWindow = PInt("send_window"),
            Mtu = PInt("mtu"),
            MaxMessageSize = PInt("max_message_size"),
        };
        // The protocol's own rules (deadtime > 2 x keepalive, quorum sanity, ...) with their paths.
        if (problems.Count == 0 && nodes.Count > 0)
            foreach (var p in config.ToOptions(nodes[0].NodeId, 1).Validate().Concat(config.Quorum.Validate(nodes)))
            {
                int colon = p.IndexOf(':');
                problems.Add(new(colon > 0 ? MapPath(p[..colon]) : "$", "Invalid", colon > 0 ? p[(colon + 1)..].Trim() : p));
            }
        if (problems.Count > 0) throw new OcfValidationException(problems);
        return config;
    }

    private static string MapPath(string optionPath) => optionPath switch
    {
        nameof(OcfClusterOptions.Keepalive) => "timing.keepalive",
        nameof(OcfClusterOptions.Deadtime) => "timing.deadtime",
        nameof(OcfClusterOptions.Warntime) => "timing.warntime",
        nameof(OcfClusterOptions.Initdead) => "timing.initdead",
        nameof(OcfClusterOptions.ClusterName) => "cluster_name",
        nameof(OcfClusterOptions.SendWindow) => "protocol.send_window",
        nameof(OcfClusterOptions.Mtu) => "protocol.mtu",
        nameof(OcfClusterOptions.MaxMessageSize) => "protocol.max_message_size",
        _ when optionPath.StartsWith("Nodes", StringComparison.Ordinal) => "nodes" + optionPath[5..],
        _ => "quorum." + optionPath,
    };

    public const string TransportOptionsKey = "transport_options";

    /// <summary>The protocol options for one local node of this cluster.</summary>
    public OcfClusterOptions ToOptions(uint localNodeId, ulong incarnation) => WithProtocol(new()
    {
        ClusterName = ClusterName,
        Nodes = Nodes,
        LocalNodeId = localNodeId,
        Incarnation = incarnation,
        Keepalive = Keepalive,
        Deadtime = Deadtime ?? Keepalive * 10,
        Warntime = Warntime ?? (Deadtime ?? Keepalive * 10) / 2,
        Initdead = Initdead ?? (Deadtime ?? Keepalive * 10) * 2,
        Quorum = Quorum,
    });

    private OcfClusterOptions WithProtocol(OcfClusterOptions o)
    {
        if (SendWindow is { } w) o = o with { SendWindow = w };
        if (Mtu is { } m) o = o with { Mtu = m };
        if (MaxMessageSize is { } x) o = o with { MaxMessageSize = x };
        return o;
    }

    public OcfMap ToValue()
    {
        var timing = new OcfMapBuilder().Add("keepalive", Keepalive.TotalSeconds);
        if (Warntime is { } w) timing.Add("warntime", w.TotalSeconds);
        if (Deadtime is { } d) timing.Add("deadtime", d.TotalSeconds);
        if (Initdead is { } i) timing.Add("initdead", i.TotalSeconds);
        var quorum = new OcfMapBuilder()
            .Add("mode", Quorum.Mode == OcfQuorumMode.TwoNode ? "two_node" : "majority")
            .Add("wait_for_all", Quorum.WaitForAll)
            .Add("auto_tie_breaker", Quorum.AutoTieBreaker);
        if (Quorum.ExpectedVotes is { } ev) quorum.Add("expected_votes", (long)ev);
        quorum.Add("no_quorum_policy", Quorum.NoQuorum.ToString().ToLowerInvariant());
        var protocol = new OcfMapBuilder();
        if (SendWindow is { } sw) protocol.Add("send_window", (long)sw);
        if (Mtu is { } mtu) protocol.Add("mtu", (long)mtu);
        if (MaxMessageSize is { } mms) protocol.Add("max_message_size", (long)mms);
        var doc = new OcfMapBuilder()
            .Add("cluster_name", ClusterName)
            .Add("nodes", new OcfList(Nodes.Select(n => (OcfValue)new OcfMapBuilder()
                .Add("name", n.Name).Add("id", (long)n.NodeId)
                .Add("addresses", new OcfList(n.Addresses.Select(a => (OcfValue)a)))
                .Add("votes", (long)n.Votes).Build())))
            .Add("transport", Transport)
            .Add("timing", timing.Build())
            .Add("authkey", AuthKey)
            .Add("compression", Compression)
            .Add("encryption", Encryption)
            .Add("quorum", quorum.Build());
        var p = protocol.Build();
        if (p.Count > 0) doc.Add("protocol", p);
        if (TransportOptions.Count > 0) doc.Add(TransportOptionsKey, TransportOptions);
        return doc.Build();
    }

    public void Write(string path) => File.WriteAllBytes(path, OcfXmlCodec.Instance.EncodeToBytes(ToValue(), OcfEncoderOptions.Indented));
}
