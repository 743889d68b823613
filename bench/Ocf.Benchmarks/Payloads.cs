using System.Buffers;
using System.Collections.Concurrent;
using Ocf.Benchmarks.Baselines;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;

namespace Ocf.Benchmarks;

public enum PayloadKind
{
    /// <summary>A ~200-byte (as ocf-xml) heartbeat: a map of a few scalars.</summary>
    Heartbeat,
    /// <summary>A ~10 KB (as ocf-xml) cluster configuration: totem/quorum settings, 12 nodes, resources, constraints.</summary>
    Config,
    /// <summary>A ~1 MB (as ocf-xml) list of log-like records.</summary>
    Records,
    /// <summary>The XML-RPC payload (~15 KB): 3 nested levels of 20 strings of 23 characters, 100 ints and a child struct.</summary>
    XmlRpc15K,
}

/// <summary>The document formats a benchmark reads or writes; the MB/s column divides that document's size by the mean time.</summary>
public enum DocFormat { OcfXml, XmlRpc, Json, XmlRpcPython }

/// <summary>One payload: the value, the XML-RPC method it is sent with, and its encoding in each format.</summary>
public sealed class Payload
{
    public required PayloadKind Kind { get; init; }
    public required OcfValue Value { get; init; }
    public required string MethodName { get; init; }
    public XmlRpcMethodCall Call => new(MethodName, [Value]);

    /// <summary>ocf-xml as our encoder writes it (compact).</summary>
    public byte[] OcfXml { get; private init; } = [];
    /// <summary>An XML-RPC methodCall with the value as its one param, as our encoder writes it (compact).</summary>
    public byte[] XmlRpc { get; private init; } = [];
    /// <summary>The value as JSON, written by Utf8JsonWriter (compact); datetimes are ISO 8601 strings, as JSON has no date type.</summary>
    public byte[] Json { get; private init; } = [];
    /// <summary>The same methodCall formatted as Python's xmlrpc.client.dumps writes it (XmlRpc15K only).</summary>
    public byte[] XmlRpcPython { get; private init; } = [];

    public byte[] Document(DocFormat format) => format switch
    {
        DocFormat.OcfXml => OcfXml,
        DocFormat.XmlRpc => XmlRpc,
        DocFormat.Json => Json,
        DocFormat.XmlRpcPython when XmlRpcPython.Length > 0 => XmlRpcPython,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static readonly ConcurrentDictionary<PayloadKind, Payload> Cache = new();

    public static Payload Get(PayloadKind kind) => Cache.GetOrAdd(kind, Create);

    private static Payload Create(PayloadKind kind)
    {
        var (value, method) = kind switch
        {
            PayloadKind.Heartbeat => (PayloadData.Heartbeat(), "cluster.heartbeat"),
            PayloadKind.Config => (PayloadData.ClusterConfig(), "cluster.setConfig"),
            PayloadKind.Records => (PayloadData.Records(), "cluster.putRecords"),
            PayloadKind.XmlRpc15K => (PayloadData.XmlRpc15K(), "bench.echo"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var call = new XmlRpcMethodCall(method, [value]);
        var json = new ArrayBufferWriter<byte>();
        new StjJsonCodec().Encode(value, json);
        return new Payload
        {
            Kind = kind,
            Value = value,
            MethodName = method,
            OcfXml = OcfXmlCodec.Instance.EncodeToBytes(value),
            XmlRpc = XmlRpcCodec.Instance.EncodeMessage(call),
            Json = json.WrittenSpan.ToArray(),
            XmlRpcPython = kind == PayloadKind.XmlRpc15K ? PythonXmlRpcFormat.MethodCall(method, [value]) : [],
        };
    }
}

/// <summary>Deterministic payload values (no randomness, so every run and every process sees the same bytes).</summary>
public static class PayloadData
{
    private static readonly DateTime Epoch = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Unspecified);

    // XML-RPC's dateTime.iso8601 carries neither a zone nor fractions of a second, so payload times are whole seconds
    // of kind Unspecified: then every codec round-trips them to equal values.
    public static OcfValue Heartbeat() => Map(
        ("node", "node-03"),
        ("seq", 4711042L),
        ("ts", Epoch.AddSeconds(2096)),
        ("status", "online"),
        ("load", 0.37));

    public static OcfValue ClusterConfig()
    {
        var nodes = new List<OcfValue>();
        for (int i = 1; i <= 12; i++)
        {
            nodes.Add(Map(
                ("nodeid", (long)i),
                ("name", $"db-east-{i:00}.example.net"),
                ("ring0_addr", $"10.20.0.{10 + i}"),
                ("ring1_addr", $"10.21.0.{10 + i}"),
                ("votes", 1L),
                ("site", i % 2 == 0 ? "east-b" : "east-a"),
                ("online", i != 7),
                ("last_seen", Epoch.AddSeconds(-i * 3))));
        }
        var resources = new List<OcfValue>();
        string[] agents = ["ocf:heartbeat:IPaddr2", "ocf:heartbeat:Filesystem", "ocf:heartbeat:pgsql", "systemd:haproxy"];
        for (int i = 0; i < 6; i++)
        {
            string agent = agents[i % agents.Length];
            resources.Add(Map(
                ("id", $"rsc-{agent.Split(':')[^1].ToLowerInvariant()}-{i}"),
                ("agent", agent),
                ("params", Map(
                    ("ip", $"10.20.1.{100 + i}"),
                    ("cidr_netmask", 24L),
                    ("device", $"/dev/mapper/vg_data-lv_{i}"),
                    ("directory", $"/srv/data/{i}"))),
                ("ops", List(
                    Map(("name", "monitor"), ("interval", "10s"), ("timeout", "20s")),
                    Map(("name", "start"), ("interval", "0s"), ("timeout", "60s")))),
                ("meta", Map(("target-role", "Started"), ("migration-threshold", 3L), ("resource-stickiness", 100L))),
                ("weight", 0.75 + i / 8.0)));
        }
        var constraints = new List<OcfValue>();
        for (int i = 0; i < 6; i++)
            constraints.Add(Map(("id", $"col-{i}"), ("rsc", $"rsc-{i}"), ("with_rsc", $"rsc-{i + 1}"), ("score", "INFINITY")));
        return Map(
            ("cluster_name", "prod-db-east"),
            ("config_version", 42L),
            ("transport", "knet"),
            ("secauth", true),
            ("totem", Map(
                ("version", 2L), ("token", 3000L), ("token_retransmits_before_loss_const", 10L), ("join", 50L),
                ("consensus", 3600L), ("max_messages", 20L), ("crypto_cipher", "aes256"), ("crypto_hash", "sha256"),
                ("interfaces", List(
                    Map(("linknumber", 0L), ("knet_link_priority", 1L), ("mcastport", 5405L)),
                    Map(("linknumber", 1L), ("knet_link_priority", 2L), ("mcastport", 5407L)))))),
            ("quorum", Map(
                ("provider", "corosync_votequorum"), ("expected_votes", 12L), ("two_node", false), ("wait_for_all", true),
                ("last_man_standing", true), ("last_man_standing_window", 10000L))),
            ("logging", Map(
                ("to_logfile", true), ("logfile", "/var/log/cluster/corosync.log"), ("to_syslog", true),
                ("timestamp", "on"), ("debug", false))),
            ("nodes", new OcfList(nodes)),
            ("resources", new OcfList(resources)),
            ("constraints", new OcfList(constraints)));
    }

    /// <summary>Record count chosen so the ocf-xml document is close to 1 MB.</summary>
    public const int RecordCount = 2220;

    public static OcfValue Records()
    {
        string[] levels = ["info", "notice", "warning", "error"];
        string[] components = ["pacemaker-controld", "corosync", "pacemaker-fenced", "pacemaker-schedulerd", "pacemaker-execd"];
        var items = new OcfValue[RecordCount];
        for (int i = 0; i < RecordCount; i++)
        {
            // Every 16th message needs escaping in XML (and in JSON's default encoder): realistic, and it exercises the slow paths.
            string message = i % 16 == 0
                ? $"Result of monitor operation for rsc-{i % 40} on node-{i % 16:00}: rc=7 (not running) & exit <{i % 5}>"
                : $"Result of monitor operation for rsc-{i % 40} on node-{i % 16:00}: ok (call {i}, {i % 977} ms)";
            items[i] = Map(
                ("id", 1_000_000L + i),
                ("host", $"node-{i % 16:00}"),
                ("ts", Epoch.AddSeconds(i)),
                ("level", levels[i % levels.Length]),
                ("component", components[i % components.Length]),
                ("message", message),
                ("latency_ms", 0.125 + (i * 7919 % 100_000) / 1000.0),
                ("ok", i % 16 != 0),
                ("tags", List("cluster", $"rack-{i % 8}")));
        }
        return new OcfList(items);
    }

    /// <summary>
    /// The payload, identical to bench/python_xmlrpc_bench.py: per level 20 string members of 23 characters,
    /// an <c>ints</c> array of 100 integers and (above the last level) a <c>child</c> struct with the next level.
    /// </summary>
    public static OcfValue XmlRpc15K() => Level(1, 3);

    private static OcfValue Level(int level, int levels)
    {
        var entries = new List<KeyValuePair<string, OcfValue>>();
        for (int i = 0; i < 20; i++)
            entries.Add(new($"field_{i:00}", $"level{level}-field{i:00}-abcdefgh")); // 23 characters
        var ints = new OcfValue[100];
        for (int i = 0; i < 100; i++) ints[i] = (long)((i * 7919 + level * 104729) % 1_000_000);
        entries.Add(new("ints", new OcfList(ints)));
        if (level < levels) entries.Add(new("child", Level(level + 1, levels)));
        return new OcfMap(entries);
    }

    private static OcfMap Map(params (string Key, OcfValue Value)[] entries) =>
        new(entries.Select(e => new KeyValuePair<string, OcfValue>(e.Key, e.Value)));

    private static OcfList List(params OcfValue[] items) => new(items);
}
