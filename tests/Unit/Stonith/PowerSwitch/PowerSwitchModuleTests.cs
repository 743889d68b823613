using System.Reflection;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins;
using Ocf.Plugins.Stonith.PowerSwitch;
using Ocf.Stonith;
using Xunit;
using static Ocf.Tests.Stonith.PowerSwitch.PowerSwitchTestKit;

namespace Ocf.Tests.Stonith.PowerSwitch;

/// <summary>The module's declarations, the plugins' field metadata, and the protocol parsers (no I/O).</summary>
public sealed class PowerSwitchModuleTests
{
    private static readonly Assembly Module = typeof(Rps10Plugin).Assembly;

    public static TheoryData<string, Type> Plugins => new()
    {
        { "rps10", typeof(Rps10Plugin) },
        { "apcsmart", typeof(ApcSmartPlugin) },
        { "wti_nps", typeof(WtiNpsPlugin) },
        { "baytech", typeof(BayTechPlugin) },
    };

    [Fact]
    public void Module_ExportsFourStonithPlugins()
    {
        Assert.Equal("Ocf.Plugins.Stonith.PowerSwitch", Module.GetCustomAttribute<OcfModuleAttribute>()!.Name);
        var exports = Module.GetCustomAttributes<OcfExportAttribute>().ToArray();
        Assert.Equal(["apcsmart", "baytech", "rps10", "wti_nps"], exports.Select(e => e.Name).Order());
        Assert.All(exports, e =>
        {
            Assert.Equal(OcfPluginTypes.Stonith, e.PluginType);
            Assert.Equal("1.0", e.ApiVersion);
            Assert.True(typeof(IOcfStonithPlugin).IsAssignableFrom(e.Implementation));
            Assert.False(string.IsNullOrWhiteSpace(e.Description));
        });
    }

    [Theory]
    [MemberData(nameof(Plugins))]
    public void Fields_CarryTheirSpecialTypes(string name, Type type)
    {
        var fields = ((IOcfStonithPlugin)Activator.CreateInstance(type)!).Fields;
        OcfField F(string n) => fields.Single(f => f.FieldName == n);

        Assert.Equal(fields.Count, fields.Select(f => f.FieldName).Distinct().Count());
        Assert.All(fields.Where(f => f.SpecialType == OcfSpecialTypes.Seconds), f => Assert.Equal(OcfBasicType.Double, f.BasicType));
        if (name is "rps10" or "apcsmart")
        {
            Assert.Equal(OcfSpecialTypes.Tty, F("serial_port").SpecialType);
            Assert.True(F("serial_port").Required);
            Assert.Contains("ttydev", F("serial_port").Aliases);
            Assert.Equal(OcfSpecialTypes.Path, F("lock_dir").SpecialType);
            Assert.Equal(new OcfString("/var/lock"), F("lock_dir").Default);
        }
        else
        {
            Assert.Equal(OcfSpecialTypes.Host, F("ip").SpecialType);
            Assert.Contains("ipaddr", F("ip").Aliases);
            Assert.Equal(OcfSpecialTypes.Port, F("port").SpecialType);
            Assert.Equal(new OcfInteger(23), F("port").Default);
            Assert.True(F("password").Secret);
            Assert.Equal(OcfSpecialTypes.Password, F("password").SpecialType);
        }
        if (name != "apcsmart")
        {
            var outlets = F("outlets");
            Assert.Equal(OcfFieldClass.Struct, outlets.Class);
            Assert.True(outlets.IsArray);
            Assert.Equal(["host", "outlet"], outlets.SubFields.Select(f => f.FieldName));
            Assert.Equal(name == "rps10", outlets.Required);
        }
    }

    [Fact]
    public void Rps10_ValidatesUnitAddresses_AndRequiresThePort()
    {
        var problems = OcfConfigurator.Validate(new Rps10Plugin().Fields,
            Config(("outlets", Outlets(("node1", "0"), ("node2", "12")))));

        Assert.Contains(problems, p => p.Path == "serial_port" && p.Code == "Required");
        Assert.Contains(problems, p => p.Path == "outlets[1].outlet" && p.Code == "PatternMismatch");
        Assert.DoesNotContain(problems, p => p.Path == "outlets[0].outlet");
    }

    [Fact]
    public async Task ClusterGlueParameterNames_AreAccepted()
    {
        // apcsmart: ttydev + hostlist as one string of names, as stonith(8) passes them.
        await using var apc = OcfStonithDevice.Create("ups", "apcsmart", new ApcSmartPlugin(),
            Config(("ttydev", "/dev/ttyS0"), ("hostlist", "node1 node2,node3")));
        Assert.Equal(["node1", "node2", "node3"], await apc.ListHostsAsync());

        // wti_nps / baytech: ipaddr, ipport, login, passwd.
        await using var bt = OcfStonithDevice.Create("rpc", "baytech", new BayTechPlugin(),
            Config(("ipaddr", "192.0.2.10"), ("ipport", "2323"), ("login", "admin"), ("passwd", "s3cret"),
                ("outlets", Outlets(("node1", 1L)))));
        Assert.Equal(["node1"], await bt.ListHostsAsync()); // from the mapping: no connection needed
        Assert.Equal(new OcfInteger(2323), bt.RedactedConfiguration["port"]);
        Assert.Equal(new OcfString(OcfConfigurator.RedactedText), bt.RedactedConfiguration["password"]);
    }

    [Fact]
    public void WtiStatusTable_IsParsedByItsHeader()
    {
        const string listing = """
            /s

            Plug | Name             | Password         | Status | Boot Delay | Default |
            -----+------------------+------------------+--------+------------+---------+
             1   | node1            | (undefined)      |   ON   |   0.5 Secs |   ON    |
             2   | node2            | (undefined)      |   OFF  |   0.5 Secs |   ON    |
             3   | (undefined)      | (undefined)      |   ON   |   0.5 Secs |   ON    |
            -----+------------------+------------------+--------+------------+---------+
            """;
        var plugs = WtiNpsPlugin.ParseStatus(listing.ReplaceLineEndings("\r\n"));

        Assert.Equal(["1", "2", "3"], plugs.Select(p => p.Number));
        Assert.Equal(["node1", "node2", "(undefined)"], plugs.Select(p => p.Name));
        Assert.Equal([OcfPowerState.On, OcfPowerState.Off, OcfPowerState.On], plugs.Select(p => p.State));
        Assert.True(WtiNpsPlugin.IsUnnamed(plugs[2].Name));
    }

    [Fact]
    public void BayTechStatus_IsParsedInEitherLayout()
    {
        const string listing = """
            Average Power:    0 Watts        Apparent Power:    0 VA
            Internal Temperature:  30.5 C
                  1       node1               On
                  2       web server 2        Off
             3)...Outlet 3  : On
            """;
        var outlets = BayTechPlugin.ParseStatus(listing.ReplaceLineEndings("\r\n"));

        Assert.Equal(["1", "2", "3"], outlets.Select(o => o.Number));
        Assert.Equal(["node1", "web server 2", "Outlet 3"], outlets.Select(o => o.Name));
        Assert.Equal([OcfPowerState.On, OcfPowerState.Off, OcfPowerState.On], outlets.Select(o => o.State));
    }
}
