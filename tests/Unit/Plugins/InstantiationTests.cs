using Ocf.Configuration;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;
using Ocf.Plugins;
using Ocf.Tests.Configuration;
using Xunit;
using static Ocf.Tests.Plugins.TestModules;

namespace Ocf.Tests.Plugins;

/// <summary>
/// The self-configuration capabilities end to end against a real loaded module (the basic widget): instantiation from a
/// valid configuration, every problem of an invalid one with its path, the configuration read back with secrets
/// redacted, and metadata and redacted configuration as plain data through both codecs.
/// </summary>
public class InstantiationTests
{
    private const string Secret = "hunter2-secret";

    private static OcfMap Map(params (string Key, OcfValue Value)[] entries)
    {
        var b = new OcfMapBuilder();
        foreach (var (k, v) in entries) b.Add(k, v);
        return b.Build();
    }

    private static OcfList List(params OcfValue[] items) => new(items);

    private static OcfMap Valid() => Map(
        ("widget_name", "web-1"),
        ("passwd", Secret),
        ("tags", "blue"),
        ("ports", List(Map(("host", "a.example")), Map(("host", "10.0.0.2"), ("port", 2222L)))));

    [Fact]
    public void A_valid_configuration_instantiates_the_object_which_holds_its_module_until_disposed()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Widgets);
        var manager = NewManager(folder);

        var widget = manager.Create<IReadOnlyList<string>>(Widget, "basic", Valid());

        // Created from the normalised configuration: the sub-field default (port 22) was applied before the plugin saw it.
        Assert.Equal(new[] { "a.example:22", "10.0.0.2:2222" }, widget.Instance);
        var config = widget.GetConfigurationWithSecrets();
        Assert.Equal(new OcfString("web-1"), config["name"]);          // the alias resolved to the field name
        Assert.Equal(new OcfInteger(8080), config["port"]);            // the default applied
        Assert.Equal(List(new OcfString("blue")), config["tags"]);     // one value where an array is expected
        Assert.Equal(new OcfString(Secret), config["password"]);

        var refused = Assert.Throws<OcfPluginException>(() => manager.UnloadModule(Widgets));
        Assert.Equal(OcfPluginErrorKind.InUse, refused.Kind);
        Assert.Contains("widget/basic (1 in use)", refused.Message);

        widget.Dispose();
        widget.Dispose();
        Assert.Throws<ObjectDisposedException>(() => widget.Instance.Count); // the object was disposed with its wrapper
        manager.UnloadModule(Widgets);
    }

    [Fact]
    public void An_invalid_configuration_is_refused_with_every_problem_and_its_path_and_creates_nothing()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Widgets);
        var manager = NewManager(folder);
        var bad = Map(
            ("name", "Bad Name"),
            ("port", 70000L),
            ("ratio", "fast"),
            ("mode", "turbo"),
            ("tags", List()),
            ("ports", List(Map(("host", "ok.example")), Map(("port", 99999L)))),
            ("gizmo", "frob-x"),
            ("colour", "blue"));

        var e = Assert.Throws<OcfValidationException>(() => manager.Create<IReadOnlyList<string>>(Widget, "basic", bad));

        Assert.Equal(
            new[]
            {
                "colour:UnknownField", "gizmo:PatternMismatch", "mode:NotInEnum", "name:PatternMismatch", "port:BadSpecialType",
                "ports[1].host:Required", "ports[1].port:BadSpecialType", "ratio:WrongType", "tags:TooFew",
            },
            e.Problems.Select(p => $"{p.Path}:{p.Code}").Order(StringComparer.Ordinal));
        Assert.Contains("ports[1].host: 'host' is required", e.Message);
        // The lease taken for the attempt was released at once: nothing holds the module.
        manager.UnloadModule(Widgets);

        var notAMap = Assert.Throws<OcfValidationException>(() => manager.Create<IReadOnlyList<string>>(Widget, "basic", new OcfString("name=web-1")));
        Assert.Equal("$", Assert.Single(notAMap.Problems).Path);
    }

    [Fact]
    public void The_plugin_must_exist_and_be_able_to_create_the_requested_type()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Widgets);
        var manager = NewManager(folder);

        var missing = Assert.Throws<OcfPluginException>(() => manager.Create<IReadOnlyList<string>>(Widget, "no-such-widget", Valid()));
        Assert.Equal(OcfPluginErrorKind.NotFound, missing.Kind);

        // newer-minor is self-configuring but not instantiable.
        var wrong = Assert.Throws<OcfPluginException>(() => manager.Create<IReadOnlyList<string>>(Widget, "newer-minor", Valid()));
        Assert.Equal("The plugin widget/newer-minor does not implement IOcfInstantiable<IReadOnlyList<String>>.", wrong.Message);
        manager.UnloadModule(Widgets);
    }

    [Fact]
    public void The_configuration_reads_back_with_secrets_redacted_and_the_metadata_and_it_round_trip_through_both_codecs()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Widgets);
        var manager = NewManager(folder);
        var info = manager.FindPlugin(Widget, "basic")!;
        using var widget = manager.Create<IReadOnlyList<string>>(Widget, "basic", Valid());
        IOcfConfigured configured = widget;

        var redacted = configured.RedactedConfiguration;
        Assert.Equal(new OcfString(OcfConfigurator.RedactedText), redacted["password"]);
        Assert.Equal(new OcfString("web-1"), redacted["name"]);
        Assert.Equal(widget.GetConfigurationWithSecrets().Count, redacted.Count);

        // The plugin's metadata as plain data: fields (with unique) and actions.
        Assert.True(info.Fields.Single(f => f.FieldName == "name").Unique);
        var action = Assert.Single(info.Actions);
        Assert.Equal(new OcfPluginAction { Name = "spin", Timeout = TimeSpan.FromSeconds(30), Interval = TimeSpan.FromMinutes(1), Depth = 0 }, action);
        var metadata = Map(("fields", OcfFieldCodec.ToValue(info.Fields)), ("actions", OcfPluginActionCodec.ToValue(info.Actions)));

        foreach (IOcfCodec codec in new IOcfCodec[] { OcfXmlCodec.Instance, XmlRpcCodec.Instance })
        {
            string text = codec.EncodeToString(redacted);
            Assert.DoesNotContain(Secret, text);
            Assert.Equal(redacted, codec.Decode(text));

            var back = codec.Decode(codec.EncodeToBytes(metadata));
            Assert.Equal(metadata, back);
            var fields = OcfFieldCodec.FieldsFromValue(((OcfMap)back)["fields"]);
            FieldMetadataTests.AssertSameFields(info.Fields, fields);
            Assert.Equal(info.Actions, OcfPluginActionCodec.ActionsFromValue(((OcfMap)back)["actions"]));
            // What came back is usable metadata: it validates the same configuration to the same problems.
            Assert.Equal(
                OcfConfigurator.Validate(info.Fields, Map(("ports", List(Map(("port", 0L)))))).Select(p => p.ToString()),
                OcfConfigurator.Validate(fields, Map(("ports", List(Map(("port", 0L)))))).Select(p => p.ToString()));
        }
    }
}
