using Microsoft.Extensions.Logging;
using Ocf.Communication;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Node;
using Ocf.Plugins;
using Ocf.Plugins.Comm.Udp;
using Xunit;
using static Ocf.Tests.Transport.Udp.UdpTestKit;

namespace Ocf.Tests.Transport.Udp;

/// <summary>Transport and protocol settings travel from the cluster document to the transport plugin and the protocol.</summary>
public sealed class UdpTransportSettingsFromConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ocf-transport-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private OcfClusterConfiguration Configuration(OcfMap transportOptions, int? sendWindow = null)
    {
        string key = Path.Combine(_dir, "authkey");
        if (!File.Exists(key)) OcfKeyFile.Generate(key);
        return new OcfClusterConfiguration
        {
            ClusterName = "cfg",
            Nodes = Nodes("127.0.0.1", 2),
            AuthKey = key,
            TransportOptions = transportOptions,
            SendWindow = sendWindow,
        };
    }

    [Fact]
    public void Transport_options_and_protocol_settings_round_trip_through_the_document()
    {
        var written = Configuration(new OcfMapBuilder().Add("receive_buffer", 8L << 20).Add("ttl", 1L).Build(), sendWindow: 512);
        string path = Path.Combine(_dir, "cluster.xml");
        written.Write(path);
        var read = OcfClusterConfiguration.Read(path);
        Assert.Equal(8L << 20, ((OcfInteger)read.TransportOptions["receive_buffer"]).Value);
        Assert.Equal(1L, ((OcfInteger)read.TransportOptions["ttl"]).Value);
        Assert.Equal(512, read.SendWindow);
        Assert.Equal(512, read.ToOptions(1, 1).SendWindow);
        Assert.Equal(OcfClusterOptions.DefaultMtu, read.ToOptions(1, 1).Mtu);
    }

    [Fact]
    public void Bad_settings_are_reported_with_their_paths_in_the_cluster_document()
    {
        var doc = (OcfMap)Configuration(OcfMap.Empty).ToValue();
        var wrongType = new OcfMap(doc.Append(new("transport_options", new OcfString("fast"))));
        var e = Assert.Throws<OcfValidationException>(() => OcfClusterConfiguration.FromValue(wrongType));
        Assert.Contains(e.Problems, p => p.Path == "transport_options" && p.Code == "WrongType");

        var tinyWindow = new OcfMap(doc.Append(new("protocol", new OcfMapBuilder().Add("send_window", 0L).Build())));
        e = Assert.Throws<OcfValidationException>(() => OcfClusterConfiguration.FromValue(tinyWindow));
        Assert.Contains(e.Problems, p => p.Path == "protocol.send_window");

        // The plugin's own fields are checked when the node is built, and named as paths of the document.
        var manager = new OcfPluginManager(new Ocf.Encoding.OcfCodecRegistry());
        manager.LoadModule(typeof(UdpTransportPlugin).Assembly.Location);
        var unknown = Configuration(new OcfMapBuilder().Add("no_such_setting", "x").Build());
        e = Assert.Throws<OcfValidationException>(() => OcfNodeRuntime.Create(unknown, "node1", manager));
        Assert.Contains(e.Problems, p => p.Path == "transport_options.no_such_setting" && p.Code == "UnknownField");
        var tiny = Configuration(new OcfMapBuilder().Add("receive_buffer", 1L).Build());
        e = Assert.Throws<OcfValidationException>(() => OcfNodeRuntime.Create(tiny, "node1", manager));
        Assert.Contains(e.Problems, p => p.Path == "transport_options.receive_buffer" && p.Code == "OutOfRange");
    }

    [Fact]
    public async Task The_node_runtime_gives_the_transport_its_configured_receive_buffer()
    {
        var manager = new OcfPluginManager(new Ocf.Encoding.OcfCodecRegistry());
        manager.LoadModule(typeof(UdpTransportPlugin).Assembly.Location);
        var log = new ListLogger();
        // 64 MiB: above every stock net.core.rmem_max, so either SO_RCVBUFFORCE grants it (root) or a warning says so.
        const int wanted = 64 << 20;
        await using var node = OcfNodeRuntime.Create(Configuration(new OcfMapBuilder().Add("receive_buffer", (long)wanted).Build()), "node1", manager, log);
        var transport = node.TransportForDiagnostics!;
        var sizes = (IReadOnlyList<int>)transport.GetType().GetProperty(nameof(UdpTransport.ReceiveBufferSizes))!.GetValue(transport)!;
        int granted = Assert.Single(sizes);
        if (granted >= wanted) Assert.DoesNotContain(log.Messages, m => m.Contains("receive buffer"));
        else Assert.Contains(log.Messages, m => m.Contains($"the receive buffer is {granted} bytes, not the {wanted} requested"));
        if (OperatingSystem.IsLinux() && Environment.UserName == "root") Assert.True(granted >= wanted, $"root got {granted} bytes (SO_RCVBUFFORCE)");
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Messages { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages) Messages.Add(formatter(state, exception));
        }
    }
}
