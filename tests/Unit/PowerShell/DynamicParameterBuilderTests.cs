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
    private static readonly OcfField[] Fields =
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
        Assert.Equal("^(?:[a-z][a-z0-9]*)$", pattern.RegexPattern);
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
    public void BindingThroughACmdletAppliesTheValidation()
    {
        // Struct items are checked at binding time with field paths.
        var ports = Fields.Single(f => f.FieldName == "ports");
        var attr = new TestableValidateOcfField(ports);
        var good = new Hashtable[] { new() { ["host"] = "node1", ["port"] = 22 } };
        attr.Check(good);
        var bad = new Hashtable[] { new() { ["host"] = "node1" }, new() { ["port"] = "x" } };
        var ex = Assert.Throws<ValidationMetadataException>(() => attr.Check(bad));
        Assert.Contains("ports[1].host", ex.Message);
        Assert.Contains("ports[1].port", ex.Message);

        var secret = new TestableValidateOcfField(Fields.Single(f => f.FieldName == "password"));
        var ss = new SecureString();
        foreach (char c in "NOT-lower") ss.AppendChar(c);
        var sx = Assert.Throws<ValidationMetadataException>(() => secret.Check(ss));
        Assert.DoesNotContain("NOT-lower", sx.Message);
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

    private sealed class TestableValidateOcfField(OcfField field) : ValidateArgumentsAttribute
    {
        private readonly ValidateOcfFieldAttribute _inner = new(field);
        public void Check(object value)
        {
            try
            {
                typeof(ValidateOcfFieldAttribute)
                    .GetMethod("Validate", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!
                    .Invoke(_inner, [value, null!]);
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        }
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics) => Check(arguments);
    }
}
