using System.Reflection;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins;
using Ocf.Plugins.Stonith.Ipmi;
using Ocf.Plugins.Stonith.Ipmi.Session;
using Ocf.Stonith;
using Xunit;

namespace Ocf.Tests.Stonith.Ipmi;

/// <summary>The ipmilan plugin's module declaration, field metadata and configuration handling (no network).</summary>
public sealed class IpmiLanPluginTests
{
    private static readonly IpmiLanStonithPlugin Plugin = new();

    [Fact]
    public void Module_ExportsOneStonithPluginNamedIpmilan()
    {
        var assembly = typeof(IpmiLanStonithPlugin).Assembly;
        Assert.Equal("Ocf.Plugins.Stonith.Ipmi", assembly.GetCustomAttribute<OcfModuleAttribute>()?.Name);
        var export = Assert.Single(assembly.GetCustomAttributes<OcfExportAttribute>());
        Assert.Equal(OcfPluginTypes.Stonith, export.PluginType);
        Assert.Equal("ipmilan", export.Name);
        Assert.Equal("1.0", export.ApiVersion);
        Assert.Equal(typeof(IpmiLanStonithPlugin), export.Implementation);
        Assert.NotNull(typeof(IpmiLanStonithPlugin).GetConstructor(Type.EmptyTypes));
        Assert.True(typeof(IOcfStonithPlugin).IsAssignableFrom(export.Implementation));
    }

    [Fact]
    public void Fields_DescribeTheDevice()
    {
        var f = Plugin.Fields.ToDictionary(x => x.FieldName);
        Assert.Equal(["ip", "ipport", "username", "password", "lanplus", "cipher", "authtype", "privlvl", "hostname", "timeout", "retries", "method"], f.Keys);
        Assert.True(f["ip"].Required);
        Assert.Equal(OcfSpecialTypes.Host, f["ip"].SpecialType);
        Assert.Equal(OcfSpecialTypes.Port, f["ipport"].SpecialType);
        Assert.Equal(new OcfInteger(623), f["ipport"].Default);
        Assert.True(f["password"].Secret);
        Assert.Equal(OcfBoolean.True, f["lanplus"].Default);
        Assert.Equal(["3"], f["cipher"].EnumValues);
        Assert.Equal(["md5", "password", "none"], f["authtype"].EnumValues);
        Assert.Equal(new OcfString("md5"), f["authtype"].Default);
        Assert.Equal(["callback", "user", "operator", "administrator"], f["privlvl"].EnumValues);
        Assert.Equal(new OcfString("administrator"), f["privlvl"].Default);
        Assert.Equal(new OcfDouble(1.0), f["timeout"].Default);
        Assert.Equal(OcfBasicType.Double, f["timeout"].BasicType);
        Assert.Equal(new OcfInteger(3), f["retries"].Default);
        Assert.Equal(["onoff", "cycle"], f["method"].EnumValues);
        Assert.All(Plugin.Fields, x => Assert.False(string.IsNullOrWhiteSpace(x.ShortText)));
    }

    [Fact]
    public async Task MinimalConfiguration_GetsTheDefaults_AndTheHostIsTheBmcAddress()
    {
        await using var device = OcfStonithDevice.Create("bmc", "ipmilan", Plugin, Map(("ip", "10.0.0.5"), ("username", "admin"), ("password", "pw")));
        Assert.Equal(["10.0.0.5"], await device.ListHostsAsync());
        var c = device.RedactedConfiguration;
        Assert.Equal(OcfConfigurator.RedactedText, ((OcfString)c["password"]).Value);
        Assert.Equal(623, ((OcfInteger)c["ipport"]).Value);

        var settings = IpmiLanSettings.FromConfiguration(OcfConfigurator.Normalize(Plugin.Fields, Map(("ip", "10.0.0.5"))));
        Assert.True(settings.LanPlus);
        Assert.Equal(IpmiPrivilege.Administrator, settings.Privilege);
        Assert.Equal(IpmiAuthType.Md5, settings.AuthType);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.Timeout);
        Assert.Equal(3, settings.Retries);
        Assert.False(settings.CycleReboot);
        Assert.Equal("", settings.UserName);
    }

    [Fact]
    public void MethodCycle_MeansNativeReboot_AndFenceAgentNamesAreAccepted()
    {
        var driver = Plugin.CreateDriver(OcfConfigurator.Normalize(Plugin.Fields,
            Map(("ipaddr", "bmc1.example"), ("login", "admin"), ("passwd", "pw"), ("method", "cycle"), ("hostname", "node1"), ("lanplus", "0"), ("auth", "password"))));
        Assert.True(driver.SupportsNativeReboot);
        var settings = ((IpmiLanDriver)driver).Settings;
        Assert.Equal("bmc1.example", settings.Address);
        Assert.Equal("node1", settings.HostName);
        Assert.False(settings.LanPlus);
        Assert.Equal(IpmiAuthType.Password, settings.AuthType);
    }

    [Fact]
    public void BadConfigurations_AreRefusedWithEveryProblem_AndNoSecretInTheMessage()
    {
        var e = Assert.Throws<OcfValidationException>(() => OcfStonithDevice.Create("bmc", "ipmilan", Plugin,
            Map(("ipport", "70000"), ("cipher", "17"), ("privlvl", "root"), ("password", "0123456789012345678901"))));
        var paths = e.Problems.Select(p => p.Path).ToHashSet();
        Assert.Superset(new HashSet<string> { "ip", "ipport", "cipher", "privlvl", "password" }, paths);
        Assert.DoesNotContain("0123456789012345678901", e.Message);

        // IPMI 1.5 keys are 16 bytes; RMCP+ keys 20: what the field length cannot tell.
        var e15 = Assert.Throws<OcfValidationException>(() => OcfStonithDevice.Create("bmc", "ipmilan", Plugin,
            Map(("ip", "10.0.0.5"), ("lanplus", false), ("password", "01234567890123456789"), ("timeout", 0.0), ("retries", -1L))));
        Assert.Equal(["timeout", "retries", "password"], e15.Problems.Select(p => p.Path));
        Assert.DoesNotContain("01234567890123456789", e15.Message);
    }

    private static OcfMap Map(params (string Key, OcfValue Value)[] entries)
    {
        var b = new OcfMapBuilder();
        foreach (var (k, v) in entries) b.Add(k, v);
        return b.Build();
    }
}
