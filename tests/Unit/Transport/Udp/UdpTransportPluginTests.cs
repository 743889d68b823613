using System.Net;
using Ocf.Communication;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Plugins;
using Ocf.Plugins.Comm.Udp;
using Ocf.Tests.Plugins;
using Xunit;
using static Ocf.Tests.Transport.Udp.UdpTestKit;

namespace Ocf.Tests.Transport.Udp;

/// <summary>The "udp" plugin: its fields, its configuration, and the module loaded from its build output.</summary>
public class UdpTransportPluginTests
{
    private const string ModuleName = "Ocf.Plugins.Comm.Udp";

    private static OcfMap Map(params (string Key, OcfValue Value)[] entries) =>
        new(entries.Select(e => new KeyValuePair<string, OcfValue>(e.Key, e.Value)));

    [Fact]
    public void The_plugin_publishes_small_optional_fields()
    {
        var plugin = new UdpTransportPlugin();
        Assert.Equal(["bind_address", "receive_buffer", "send_buffer", "ttl"], plugin.Fields.Select(f => f.FieldName));
        Assert.All(plugin.Fields, f => Assert.False(f.Required));
        Assert.Equal(OcfSpecialTypes.IPAddress, plugin.Fields[0].SpecialType);
        Assert.Contains("no multicast", plugin.Fields[0].LongText);
        Assert.All(plugin.Fields.Skip(1), f => Assert.Equal(OcfBasicType.Integer, f.BasicType));
        Assert.Empty(OcfConfigurator.Validate(plugin.Fields, OcfMap.Empty));
    }

    [Fact]
    public void The_configuration_is_read_into_settings_with_strings_coerced()
    {
        var plugin = new UdpTransportPlugin();
        var settings = plugin.ReadSettings(Map(("bind_address", "::"), ("receive_buffer", "1048576"), ("send_buffer", 65536L), ("ttl", 4L)));
        Assert.Equal(IPAddress.IPv6Any, settings.BindAddress);
        Assert.Equal(1048576, settings.ReceiveBufferSize);
        Assert.Equal(65536, settings.SendBufferSize);
        Assert.Equal(4, settings.Ttl);
        Assert.Equal(new UdpTransportSettings(), plugin.ReadSettings(OcfMap.Empty));
    }

    [Theory]
    [InlineData("bind_address", "not-an-ip")]
    [InlineData("receive_buffer", "10")]
    [InlineData("send_buffer", "lots")]
    [InlineData("ttl", "300")]
    [InlineData("multicast_group", "239.1.1.1")]
    public void A_bad_configuration_is_refused_with_the_fields_path(string field, string value)
    {
        var ex = Assert.Throws<OcfValidationException>(() => new UdpTransportPlugin().ReadSettings(Map((field, value))));
        Assert.Contains(ex.Problems, p => p.Path == field);
    }

    [Fact]
    public void The_plugin_creates_working_transports_from_the_cluster_in_its_context()
    {
        var plugin = new UdpTransportPlugin();
        var nodes = Nodes("127.0.0.1", 2);
        using var t1 = plugin.Create(OcfMap.Empty, new OcfTransportContext(Options(1, nodes), TimeProvider.System));
        using var t2 = plugin.Create(Map(("receive_buffer", 262144L)), new OcfTransportContext(Options(2, nodes), TimeProvider.System));
        using var in2 = new Inbox();
        t1.Start(_ => { });
        t2.Start(in2.Handler);
        t1.Send(2, Bytes("via plugin"));
        Assert.Equal("via plugin", Text(in2.Next()!));
    }

    [Fact]
    public void The_module_loads_from_its_build_output_as_the_transport_plugin_udp()
    {
        string built = Path.Combine(TestModules.RepoRoot, "src", ModuleName, "bin", TestModules.Configuration, "net8.0");
        Assert.True(File.Exists(Path.Combine(built, ModuleName + ".dll")), $"{ModuleName} is not built at {built}");
        using var folder = new PluginFolder();
        string target = Path.Combine(folder.Path, ModuleName);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(built)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        Assert.False(File.Exists(Path.Combine(target, "Ocf.Framework.dll")), "the framework must not be copied beside the module");

        var manager = new OcfPluginManager(new OcfCodecRegistry());
        manager.AddSearchPath(folder.Path);
        var manifest = Assert.Single(manager.Discover(), m => m.Name == ModuleName);
        var export = Assert.Single(manifest.Exports);
        Assert.Equal((OcfPluginTypes.Transport, "udp", new Version(1, 0)), (export.PluginType, export.Name, export.ApiVersion));

        var nodes = Nodes("127.0.0.1", 2);
        using (var lease = manager.Acquire<IOcfTransportPlugin>(OcfPluginTypes.Transport, UdpTransportPlugin.PluginName))
        {
            Assert.NotEqual(typeof(UdpTransportPlugin).Assembly, lease.Instance.GetType().Assembly); // its own load context
            Assert.Contains(lease.Instance.Fields, f => f.FieldName == "bind_address");
            using var t1 = lease.Instance.Create(OcfMap.Empty, new OcfTransportContext(Options(1, nodes), TimeProvider.System));
            using var t2 = lease.Instance.Create(OcfMap.Empty, new OcfTransportContext(Options(2, nodes), TimeProvider.System));
            using var in2 = new Inbox();
            t1.Start(_ => { });
            t2.Start(in2.Handler);
            t1.Send(2, Bytes("loaded module"));
            Assert.Equal("loaded module", Text(in2.Next()!));
        }
        var info = manager.GetPlugins().Single(p => p.Type == OcfPluginTypes.Transport && p.Name == UdpTransportPlugin.PluginName);
        Assert.Equal(ModuleName, info.Module);
        Assert.Equal(4, info.Fields.Count);
        manager.UnloadModule(ModuleName);
    }
}
