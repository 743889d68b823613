using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins.External;
using Xunit;

namespace Ocf.Tests.External;

/// <summary>The importers on hand-written metadata: refusals (e), and the corners real agents exercise.</summary>
public class AgentMetadataParsingTests
{
    private const string MinimalFence = """
        <?xml version="1.0" ?>
        <resource-agent name="fence_x" shortdesc="X">
        <parameters>
        	<parameter name="action" unique="0" required="1">
        		<getopt mixed="-o, --action=[action]" />
        		<content type="string" default="reboot"  />
        		<shortdesc lang="en">Fencing action</shortdesc>
        	</parameter>
        </parameters>
        <actions><action name="metadata" /></actions>
        </resource-agent>
        """;

    // ------------------------------------------------------------------ (e) malformed XML and DTDs

    [Fact]
    public void Malformed_fence_metadata_throws_the_typed_exception_with_agent_and_line()
    {
        string xml = "<?xml version=\"1.0\" ?>\n<resource-agent name=\"fence_x\">\n<parameters>\n<parameter name=\"a\">\n</parameters>\n</resource-agent>";
        var e = Assert.Throws<AgentMetadataException>(() => FenceAgentMetadata.Parse(xml, "fence_x"));
        Assert.Equal("fence_x", e.AgentName);
        Assert.Equal(AgentMetadataErrorKind.Malformed, e.Kind);
        Assert.Equal(5, e.LineNumber);
        Assert.Contains("fence_x", e.Message);
        Assert.Contains("line 5", e.Message);
        Assert.IsAssignableFrom<FormatException>(e);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage, not XML")]
    [InlineData("<resource-agent name=\"fence_x\">")]
    [InlineData("Usage: fence_x [options]\n<resource-agent/>")]
    public void Garbage_is_malformed(string text)
    {
        var e = Assert.Throws<AgentMetadataException>(() => FenceAgentMetadata.Parse(text, "fence_x"));
        Assert.Equal(AgentMetadataErrorKind.Malformed, e.Kind);
        Assert.Throws<AgentMetadataException>(() => ResourceAgentMetadata.Parse(text, "X"));
    }

    [Fact]
    public void A_DTD_in_fence_metadata_is_refused_before_any_entity_is_expanded()
    {
        string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE resource-agent [
              <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
              <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
              <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
            ]>
            <resource-agent name="fence_x" shortdesc="&c;"/>
            """;
        var e = Assert.Throws<AgentMetadataException>(() => FenceAgentMetadata.Parse(laughs, "fence_x"));
        Assert.Equal(AgentMetadataErrorKind.DtdRefused, e.Kind);
        Assert.Equal(2, e.LineNumber);

        // Fence agents never print a DOCTYPE, so even the bodiless resource-agent one is refused for them.
        string plain = "<?xml version=\"1.0\"?>\n<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">\n<resource-agent name=\"fence_x\"/>";
        Assert.Equal(AgentMetadataErrorKind.DtdRefused, Assert.Throws<AgentMetadataException>(() => FenceAgentMetadata.Parse(plain, "fence_x")).Kind);
    }

    [Fact]
    public void Resource_agents_may_carry_only_the_bodiless_standard_DOCTYPE()
    {
        string standard = "<?xml version=\"1.0\"?>\n<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\">\n<resource-agent name=\"X\" version=\"2\">\n<version>1.0</version>\n</resource-agent>";
        var d = ResourceAgentMetadata.Parse(standard, "X");
        Assert.Equal("X", d.Name);
        Assert.Equal("2", d.Version);

        string entity = "<?xml version=\"1.0\"?>\n<!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\" [ <!ENTITY e SYSTEM \"file:///etc/passwd\"> ]>\n<resource-agent name=\"X\"><longdesc>&e;</longdesc></resource-agent>";
        var e = Assert.Throws<AgentMetadataException>(() => ResourceAgentMetadata.Parse(entity, "X"));
        Assert.Equal(AgentMetadataErrorKind.DtdRefused, e.Kind);
        Assert.Equal("X", e.AgentName);

        string otherRoot = "<!DOCTYPE html SYSTEM \"about:legacy-compat\">\n<resource-agent name=\"X\"/>";
        Assert.Equal(AgentMetadataErrorKind.DtdRefused, Assert.Throws<AgentMetadataException>(() => ResourceAgentMetadata.Parse(otherRoot, "X")).Kind);

        // Without the DTD an entity reference is simply undeclared: malformed, never resolved.
        string undeclared = "<resource-agent name=\"X\"><longdesc>&e;</longdesc></resource-agent>";
        Assert.Equal(AgentMetadataErrorKind.Malformed, Assert.Throws<AgentMetadataException>(() => ResourceAgentMetadata.Parse(undeclared, "X")).Kind);
    }

    [Fact]
    public void Well_formed_XML_that_is_not_metadata_is_invalid()
    {
        var e = Assert.Throws<AgentMetadataException>(() => FenceAgentMetadata.Parse("<html><body/></html>", "fence_x"));
        Assert.Equal(AgentMetadataErrorKind.Invalid, e.Kind);
        var noName = Assert.Throws<AgentMetadataException>(() => ResourceAgentMetadata.Parse(
            "<resource-agent name=\"X\">\n<parameters>\n<parameter unique=\"0\"/>\n</parameters>\n</resource-agent>", "X"));
        Assert.Equal(AgentMetadataErrorKind.Invalid, noName.Kind);
        Assert.Equal(3, noName.LineNumber);
    }

    // ------------------------------------------------------------------ fence agent corners

    [Fact]
    public void Fence_defaults_types_and_aliases()
    {
        string xml = """
            <?xml version="1.0" ?>
            <resource-agent name="fence_y" shortdesc="Y">
            <longdesc>Long.</longdesc>
            <vendor-url>https://example.org</vendor-url>
            <parameters>
            	<parameter name="instance_filtering" unique="0" required="0">
            		<getopt mixed="--instance-filtering" />
            		<content type="boolean" default="True"  />
            		<shortdesc lang="en">Python-style boolean default (fence_compute)</shortdesc>
            	</parameter>
            	<parameter name="retries" unique="0" required="0">
            		<getopt mixed="--retries=[n]" />
            		<content type="integer" default="three"  />
            		<shortdesc lang="en">Broken default</shortdesc>
            	</parameter>
            	<parameter name="tls1.0" unique="0" required="0">
            		<getopt mixed="--tls1.0" />
            		<content type="boolean"  />
            		<shortdesc lang="en">Odd name</shortdesc>
            	</parameter>
            	<parameter name="community" unique="0" required="0">
            		<getopt mixed="-c, --community=[community]" />
            		<content type="string" default="private" />
            		<shortdesc lang="en">SNMP community</shortdesc>
            	</parameter>
            	<parameter name="token_file" unique="0" required="0">
            		<getopt mixed="--token-file=[path]" />
            		<content type="string" />
            		<shortdesc lang="en">Token cache</shortdesc>
            	</parameter>
            </parameters>
            <actions><action name="on" automatic="1" on_target="1"/><action name="metadata"/></actions>
            </resource-agent>
            """;
        var d = FenceAgentMetadata.Parse(xml, "fence_y");
        Assert.Equal("https://example.org", d.VendorUrl);
        Assert.Equal("Long.", d.LongDescription);
        Assert.Equal(new FenceAgentAction("on", true, true), d.Actions[0]);
        OcfField F(string n) => d.Fields.Single(f => f.FieldName == n);
        Assert.Equal(OcfBoolean.True, F("instance_filtering").Default);
        Assert.Equal(["instance-filtering"], F("instance_filtering").Aliases);
        Assert.Equal(OcfBasicType.String, F("retries").BasicType); // downgraded, with a warning
        Assert.Equal(new OcfString("three"), F("retries").Default);
        Assert.Single(d.Warnings, w => w.Contains("retries"));
        Assert.Empty(F("tls1.0").Aliases);
        Assert.True(F("community").Secret);
        Assert.False(F("token_file").Secret);
        Assert.Equal(OcfSpecialTypes.Path, F("token_file").SpecialType);
        Assert.Equal("Y", d.ShortDescription);
    }

    [Fact]
    public void Fence_stdin_refuses_values_that_would_inject_lines()
    {
        var d = FenceAgentMetadata.Parse(MinimalFence, "fence_x");
        var b = new OcfMapBuilder().Add("action", "off").Add("plug", "a\rb").Build();
        Assert.Throws<ArgumentException>(() => d.ToStdin(b));
        Assert.Equal("action=off\n", d.ToStdin(new OcfMapBuilder().Add("action", "off").Add("x", OcfNil.Instance).Build()));
    }

    // ------------------------------------------------------------------ resource agent corners (OCF 1.1)

    [Fact]
    public void Ocf_1_1_select_deprecation_reloadable_and_unique_groups()
    {
        string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
            <resource-agent name="Z" version="0.9">
            <version>1.1</version>
            <shortdesc lang="de">Z auf Deutsch</shortdesc>
            <shortdesc lang="en">Z in English</shortdesc>
            <longdesc lang="en">Z.</longdesc>
            <parameters>
              <parameter name="mode" reloadable="1">
                <longdesc lang="en">Mode.</longdesc><shortdesc lang="en">Mode</shortdesc>
                <content type="select" default="fast"><option value="fast"/><option value="safe"/></content>
              </parameter>
              <parameter name="old_addr" unique-group="endpoint">
                <longdesc lang="en">Old.</longdesc><shortdesc lang="en">Old</shortdesc>
                <deprecated><replaced-with name="addr"/><desc lang="en">Use addr.</desc></deprecated>
                <content type="string"/>
              </parameter>
              <parameter name="addr" unique-group="endpoint" required="1">
                <longdesc lang="en">Address.</longdesc><shortdesc lang="en">Address</shortdesc>
                <content type="string"/>
              </parameter>
              <parameter name="listen_port" unique-group="endpoint">
                <longdesc lang="en">Port.</longdesc><shortdesc lang="en">Port</shortdesc>
                <content type="integer" default=""/>
              </parameter>
              <parameter name="admin_password">
                <longdesc lang="en">Password.</longdesc><shortdesc lang="en">Password</shortdesc>
                <content type="string"/>
              </parameter>
              <parameter name="stickiness">
                <longdesc lang="en">Score.</longdesc><shortdesc lang="en">Score</shortdesc>
                <content type="score" default="INFINITY"/>
              </parameter>
            </parameters>
            <actions>
              <action name="start" timeout="2min"/>
              <action name="monitor" timeout="30" interval="1500ms" depth="10" role="Promoted" start-delay="1h"/>
              <action name="monitor" timeout="30s" interval="20s"/>
              <action name="meta-data" timeout="forever"/>
            </actions>
            </resource-agent>
            """;
        var d = ResourceAgentMetadata.Parse(xml, "Z", provider: "test");
        Assert.Equal("ocf:test:Z", d.QualifiedName);
        Assert.Equal("0.9", d.Version);
        Assert.Equal("1.1", d.OcfVersion);
        Assert.Equal("Z in English", d.ShortDescription);
        OcfField F(string n) => d.Fields.Single(f => f.FieldName == n);
        Assert.Equal(["fast", "safe"], F("mode").EnumValues);
        Assert.Equal(new OcfString("fast"), F("mode").Default);
        Assert.Equal(["mode"], d.ReloadableFields);
        Assert.True(F("old_addr").Deprecated);
        Assert.Contains("Use addr.", F("old_addr").LongText);
        Assert.Equal(["old_addr"], F("addr").Aliases);
        Assert.True(F("addr").Required);
        Assert.Equal(["old_addr", "addr", "listen_port"], d.UniqueGroups["endpoint"]);
        Assert.Null(F("listen_port").Default); // an empty default of a non-string type means none
        Assert.Equal(OcfBasicType.Integer, F("listen_port").BasicType);
        Assert.Equal(OcfSpecialTypes.Port, F("listen_port").SpecialType);
        Assert.True(F("admin_password").Secret);
        Assert.Equal("score", F("stickiness").SpecialType);
        Assert.Equal(new OcfString("INFINITY"), F("stickiness").Default);

        Assert.Equal(TimeSpan.FromMinutes(2), d.Action("start")!.Timeout);
        var promoted = d.Actions[1];
        Assert.Equal("Promoted", promoted.Role);
        Assert.Equal(TimeSpan.FromSeconds(30), promoted.Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), promoted.Interval);
        Assert.Equal(10, promoted.Depth);
        Assert.Equal(TimeSpan.FromHours(1), promoted.StartDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), d.Action("monitor")!.Interval); // the role-less one
        Assert.Null(d.Action("meta-data")!.Timeout);
        Assert.Single(d.Warnings, w => w.Contains("forever"));

        // The deprecated parameter is still a field of its own (the agent still reads it), so it keeps its name.
        var env = d.ToEnvironment(new OcfMapBuilder().Add("old_addr", "10.0.0.1").Add("listen_port", 8080L).Build());
        Assert.Equal("10.0.0.1", env["OCF_RESKEY_old_addr"]);
        Assert.Equal("8080", env["OCF_RESKEY_listen_port"]);
    }

    [Theory]
    [InlineData("20s", 20_000)]
    [InlineData("20", 20_000)]
    [InlineData("500ms", 500)]
    [InlineData("2min", 120_000)]
    [InlineData("1m", 60_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData(" 0 ", 0)]
    public void Intervals(string text, double ms)
    {
        Assert.True(ResourceAgentMetadata.TryParseInterval(text, out var t));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), t);
    }

    [Theory]
    [InlineData("")]
    [InlineData("PT20S")]
    [InlineData("-5s")]
    [InlineData("5 fortnights")]
    public void Not_intervals(string text) => Assert.False(ResourceAgentMetadata.TryParseInterval(text, out _));

    [Theory]
    [InlineData("1", true, "1")]
    [InlineData("0", false, "0")]
    [InlineData("no", true, "yes")]
    [InlineData("NO", true, "YES")]
    [InlineData("false", true, "true")]
    [InlineData("True", false, "false")]
    [InlineData(null, true, "true")]
    [InlineData("", false, "false")]
    public void Boolean_spelling_follows_the_default(string? declared, bool value, string expected) =>
        Assert.Equal(expected, ResourceAgentMetadata.BooleanText(value, declared));
}
