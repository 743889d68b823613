using System.Collections;
using System.Management.Automation;
using System.Security;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.PowerShell.Plugins;
using Xunit;

namespace Ocf.Tests.PowerShell;

public class DynamicParameterBuilderTests
{
    /// <summary>Most of these have no short_text (as many agents' parameters): PowerShell refuses an empty HelpMessage.</summary>
    internal static readonly OcfField[] Fields =
    [
        new() { FieldName = "ip", Required = true, SpecialType = "host", ShortText = "Address of the device", Aliases = ["ipaddr"] },
        new() { FieldName = "ipport", BasicType = OcfBasicType.Integer, SpecialType = "port", Default = new OcfInteger(623) },
        new() { FieldName = "password", Secret = true, Regex = "[a-z]+", Length = 20 },
        new() { FieldName = "lanplus", BasicType = OcfBasicType.Boolean },
        new() { FieldName = "power_wait", BasicType = OcfBasicType.Double },
        new() { FieldName = "method", EnumValues = ["onoff", "cycle"] },
        new() { FieldName = "login", Regex = "[a-z][a-z0-9]*", Length = 16 },
        new() { FieldName = "plugs", IsArray = true, MinCount = 1, MaxCount = 3 },
        new()
        {
            FieldName = "ports", IsArray = true, Class = OcfFieldClass.Struct,
            SubFields = [new() { FieldName = "host", Required = true, SpecialType = "host" }, new() { FieldName = "port", BasicType = OcfBasicType.Integer }],
        },
        new() { FieldName = "verbose", BasicType = OcfBasicType.Boolean },
        new() { FieldName = "old_name", Deprecated = true },
        new() { FieldName = "ipaddr", Deprecated = true }, // obsoleted by ip (its alias)
    ];

    private static RuntimeDefinedParameterDictionary Build() => OcfDynamicParameterBuilder.Build(Fields, ["Type", "Name", "Option"]);

    [Fact]
    public void MapsBasicTypesAndNames()
    {
        var d = Build();
        Assert.Equal(typeof(string), d["Ip"].ParameterType);
        Assert.Equal(typeof(long), d["Ipport"].ParameterType);
        Assert.Equal(typeof(SecureString), d["Password"].ParameterType);
        Assert.Equal(typeof(SwitchParameter), d["Lanplus"].ParameterType);
        Assert.Equal(typeof(double), d["PowerWait"].ParameterType);
        Assert.Equal(typeof(string[]), d["Plugs"].ParameterType);
        Assert.Equal(typeof(Hashtable[]), d["Ports"].ParameterType);
        // "verbose" would collide with the common parameter -Verbose.
        Assert.True(d.ContainsKey("PluginVerbose"));
        Assert.False(d.ContainsKey("Verbose"));
    }

    [Fact]
    public void RequiredFieldsAreMandatoryUnlessDefaulted()
    {
        var d = Build();
        Assert.True(Param(d["Ip"]).Mandatory);
        Assert.Equal("Address of the device", Param(d["Ip"]).HelpMessage);
        Assert.False(Param(d["Ipport"]).Mandatory);
        Assert.True(Param(d["OldName"]).DontShow);
    }

    [Fact]
    public void AliasesCarryFieldNamesAndGetoptNames()
    {
        var d = Build();
        Assert.Equal(["ipaddr"], Aliases(d["Ip"]));
        Assert.False(d.ContainsKey("Ipaddr")); // the deprecated field lives on as the alias of the field that obsoletes it
        Assert.Contains("power_wait", Aliases(d["PowerWait"]));
        // An alias that would shadow a common parameter is dropped rather than breaking the cmdlet.
        Assert.DoesNotContain("verbose", Aliases(d["PluginVerbose"]));
    }

    [Fact]
    public void ValidationAttributesFollowTheMetadata()
    {
        var d = Build();
        var set = d["Method"].Attributes.OfType<ValidateSetAttribute>().Single();
        Assert.Equal(["onoff", "cycle"], set.ValidValues);
        var pattern = d["Login"].Attributes.OfType<ValidatePatternAttribute>().Single();
        Assert.Equal(OcfConfigurator.AnchoredPattern("[a-z][a-z0-9]*"), pattern.RegexPattern);
        Assert.Equal(OcfConfigurator.PatternOptions, pattern.Options); // case-sensitive, as the configurator matches
        var length = d["Login"].Attributes.OfType<ValidateLengthAttribute>().Single();
        Assert.Equal(16, length.MaxLength);
        var count = d["Plugs"].Attributes.OfType<ValidateCountAttribute>().Single();
        Assert.Equal(1, count.MinLength);
        Assert.Equal(3, count.MaxLength);
        // Secrets are checked by the self-configuration validator, which never echoes the value.
        Assert.Empty(d["Password"].Attributes.OfType<ValidatePatternAttribute>());
        Assert.Single(d["Password"].Attributes.OfType<ValidateOcfFieldAttribute>());
        Assert.Single(d["Ports"].Attributes.OfType<ValidateOcfFieldAttribute>());
    }

    [Fact]
    public void BuildsWithBothParameterSetsWhenFieldsHaveNoShortText()
    {
        var d = OcfDynamicParameterBuilder.Build(Fields, ["Option"], TestOcfFieldProbeCommand.ByParameterSet, TestOcfFieldProbeCommand.ByOptionSet);
        var ipport = d["Ipport"].Attributes.OfType<ParameterAttribute>().ToArray();
        Assert.Equal([TestOcfFieldProbeCommand.ByParameterSet, TestOcfFieldProbeCommand.ByOptionSet], ipport.Select(p => p.ParameterSetName));
        Assert.All(ipport, p => Assert.Null(p.HelpMessage));
        var ip = d["Ip"].Attributes.OfType<ParameterAttribute>().ToArray();
        Assert.All(ip, p => Assert.Equal("Address of the device", p.HelpMessage));
        Assert.Equal([true, false], ip.Select(p => p.Mandatory)); // required only where no -Option can supply it
    }

    [Fact]
    public void BindsThroughACmdletInEitherParameterSet()
    {
        using var ps = TestOcfFieldProbeCommand.CreateHost();
        ps.AddCommand("Test-OcfFieldProbe").AddParameter("Ip", "node1").AddParameter("Ipport", 9623)
            .AddParameter("Ports", new[] { new Hashtable { ["host"] = "node2", ["port"] = 22 } });
        var config = Assert.IsType<OcfMap>(Assert.Single(ps.Invoke()).BaseObject);
        Assert.Equal(new OcfString("node1"), config["ip"]);
        Assert.Equal(new OcfInteger(9623), config["ipport"]);

        using var byOption = TestOcfFieldProbeCommand.CreateHost();
        byOption.AddCommand("Test-OcfFieldProbe").AddParameter("Option", new Hashtable { ["ip"] = "node3" }).AddParameter("Method", "cycle");
        config = Assert.IsType<OcfMap>(Assert.Single(byOption.Invoke()).BaseObject);
        Assert.Equal(new OcfString("node3"), config["ip"]);
        Assert.Equal(new OcfString("cycle"), config["method"]);
    }

    [Fact]
    public void BindingThroughACmdletChecksStructItemsWithFieldPaths()
    {
        var bad = new[] { new Hashtable { ["host"] = "node1" }, new Hashtable { ["port"] = "x" } };
        var ex = BindingError(("Ip", "node1"), ("Ports", bad));
        Assert.Contains("ports[1].host", ex.Message);
        Assert.Contains("ports[1].port", ex.Message);
    }

    [Fact]
    public void BindingThroughACmdletChecksASecretWithoutEchoingIt()
    {
        var pw = new SecureString();
        foreach (char c in "NOT-lower") pw.AppendChar(c);
        var ex = BindingError(("Ip", "node1"), ("Password", pw));
        Assert.Contains("password", ex.Message);
        Assert.DoesNotContain("NOT-lower", ex.Message);
    }

    [Theory]
    [InlineData("Abc")]      // differs from a valid value only in case: ValidatePattern alone would ignore case
    [InlineData("abc\n")]  // "$" would accept a final line break; the configurator anchors with \z
    public void ThePatternRefusesAtBindingWhatTheConfiguratorRefuses(string value)
    {
        var login = Fields.Single(f => f.FieldName == "login");
        var problem = Assert.Single(OcfConfigurator.Validate([login], new OcfMap([new("login", new OcfString(value))])));
        Assert.Equal("PatternMismatch", problem.Code);

        BindingError(("Ip", "node1"), ("Login", value));

        // The same value in lower case, without the line break, passes both.
        Assert.Empty(OcfConfigurator.Validate([login], new OcfMap([new("login", new OcfString("abc"))])));
        using var ps = TestOcfFieldProbeCommand.CreateHost();
        ps.AddCommand("Test-OcfFieldProbe").AddParameter("Ip", "node1").AddParameter("Login", "abc");
        Assert.Equal(new OcfString("abc"), Assert.IsType<OcfMap>(Assert.Single(ps.Invoke()).BaseObject)["login"]);
    }

    /// <summary>Runs the probe cmdlet with the parameters and returns the binder's validation error.</summary>
    private static ParameterBindingException BindingError(params (string Name, object Value)[] parameters)
    {
        using var ps = TestOcfFieldProbeCommand.CreateHost();
        ps.AddCommand("Test-OcfFieldProbe");
        foreach (var (name, value) in parameters) ps.AddParameter(name, value);
        var ex = Assert.ThrowsAny<ParameterBindingException>(() => ps.Invoke());
        Assert.Equal("ParameterArgumentValidationError,Ocf.Tests.PowerShell.TestOcfFieldProbeCommand", ex.ErrorRecord.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, ex.ErrorRecord.CategoryInfo.Category);
        return ex;
    }

    [Fact]
    public void BoundParametersBecomeAConfigurationKeyedByFieldName()
    {
        var d = Build();
        d["Ip"].Value = "10.0.0.1";
        d["Ipport"].Value = 9623L;
        d["Lanplus"].Value = new SwitchParameter(true);
        d["PluginVerbose"].Value = new SwitchParameter(true);
        var pw = new SecureString();
        foreach (char c in "secret") pw.AppendChar(c);
        d["Password"].Value = pw;
        var options = new Hashtable { ["ipport"] = 1, ["method"] = "cycle" };
        var config = OcfDynamicParameterBuilder.ToConfiguration(d, Fields, options);
        Assert.Equal(new OcfString("10.0.0.1"), config["ip"]);
        Assert.Equal(new OcfInteger(9623), config["ipport"]); // the explicit parameter wins over -Option
        Assert.Equal(OcfBoolean.True, config["lanplus"]);
        Assert.Equal(OcfBoolean.True, config["verbose"]);
        Assert.Equal(new OcfString("secret"), config["password"]);
        Assert.Equal(new OcfString("cycle"), config["method"]);
        Assert.Empty(OcfConfigurator.Validate(Fields, config));
    }

    private static ParameterAttribute Param(RuntimeDefinedParameter p) => p.Attributes.OfType<ParameterAttribute>().Single();

    private static string[] Aliases(RuntimeDefinedParameter p) => p.Attributes.OfType<AliasAttribute>().SelectMany(a => a.AliasNames).ToArray();
}
