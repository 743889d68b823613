using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;
using Ocf.Plugins;
using Xunit;
using static Ocf.Tests.Plugins.TestModules;

namespace Ocf.Tests.Plugins;

/// <summary>Codecs are plugins of type "encoding": the built-in ones and loadable ones land in the manager's registry.</summary>
public class EncodingPluginTests
{
    [Fact]
    public void The_built_in_module_registers_the_encoding_handler_and_both_codecs_into_the_managers_own_registry()
    {
        var registry = new OcfCodecRegistry();
        Assert.Empty(registry.Codecs);

        var manager = new OcfPluginManager(registry);

        Assert.Same(registry, manager.Codecs);
        Assert.Contains(registry.Codecs, c => c.Name == OcfXmlCodec.CodecName);
        Assert.Contains(registry.Codecs, c => c.Name == XmlRpcCodec.CodecName);
        Assert.Same(registry.Get(OcfXmlCodec.CodecName), registry.Get("Ocf"));
        Assert.Same(registry.Get(XmlRpcCodec.CodecName), registry.Get("XmlRpc"));

        var builtIn = Assert.Single(manager.LoadedModules);
        Assert.Equal("Ocf.Framework", builtIn.Name);
        Assert.True(builtIn.IsBuiltIn);
        Assert.Contains("PluginHandler/encoding", builtIn.Plugins);
        Assert.Contains("PluginHandler/catalog", builtIn.Plugins);
        // Every codec in the registry got there as an "encoding" plugin of the built-in module, and only that way.
        Assert.Equal(
            builtIn.Plugins.Where(p => p.StartsWith("encoding/", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            registry.Codecs.Select(c => "encoding/" + c.Name).Order(StringComparer.Ordinal));
        Assert.Contains("encoding", manager.KnownPluginTypes);
        Assert.Contains(OcfPluginTypes.PluginHandler, manager.KnownPluginTypes);

        // The codecs sit behind the "encoding" plugin type, whose handler is itself a plugin.
        using (var handler = manager.Acquire<IOcfPluginHandler>(OcfPluginTypes.PluginHandler, OcfPluginTypes.Encoding))
        {
            Assert.Equal(typeof(IOcfCodec), handler.Instance.Contract);
            Assert.Equal(new Version(1, 0), handler.Instance.ApiVersion);
        }
        using (var codec = manager.Acquire<IOcfCodec>(OcfPluginTypes.Encoding, OcfXmlCodec.CodecName))
            Assert.Same(registry.Get(OcfXmlCodec.CodecName), codec.Instance);
        var listed = manager.GetPlugins().Single(p => p.Type == OcfPluginTypes.Encoding && p.Name == XmlRpcCodec.CodecName);
        Assert.True(listed.IsLoaded);
        Assert.Equal("Ocf.Framework", listed.Module);
        Assert.Empty(listed.Fields);

        int codecs = registry.Codecs.Count;
        var ex = Assert.Throws<OcfPluginException>(() => manager.UnloadModule("Ocf.Framework"));
        Assert.Contains("built into Ocf", ex.Message);
        Assert.Equal(codecs, registry.Codecs.Count);
    }

    [Fact]
    public void Managers_do_not_share_codec_registries()
    {
        var a = new OcfPluginManager(new OcfCodecRegistry());
        var b = new OcfPluginManager(new OcfCodecRegistry());
        Assert.NotSame(a.Codecs.Get(OcfXmlCodec.CodecName), b.Codecs.Get(OcfXmlCodec.CodecName));

        // A registry that already holds the built-ins keeps its instances.
        var prefilled = OcfCodecRegistry.CreateWithBuiltIns();
        var c = new OcfPluginManager(prefilled);
        Assert.Same(OcfXmlCodec.Instance, c.Codecs.Get(OcfXmlCodec.CodecName));
        Assert.Same(XmlRpcCodec.Instance, c.Codecs.Get(XmlRpcCodec.CodecName));
        Assert.Equal(a.Codecs.Codecs.Count, prefilled.Codecs.Count);
    }

    [Fact]
    public void The_ha_msg_module_adds_its_codec_which_round_trips_a_flat_map()
    {
        using var folder = new PluginFolder().With(HaMsg);
        var manager = NewManager(folder);
        Assert.False(manager.Codecs.TryGet("ha-msg", out _));
        int builtInCodecs = manager.Codecs.Codecs.Count;

        var info = manager.LoadModule(HaMsg);

        Assert.Equal(new[] { "encoding/ha-msg" }, info.Plugins);
        Assert.False(info.IsBuiltIn);
        var codec = manager.Codecs.Get("ha-msg");
        Assert.Same(codec, manager.Codecs.Get("HaMsg"));
        Assert.Equal(builtInCodecs + 1, manager.Codecs.Codecs.Count);

        var message = new OcfMap([
            new("t", new OcfString("status")),
            new("st", new OcfString("active")),
            new("src", new OcfString("node1")),
            new("info", new OcfString("a=b, and spaces  ")),
            new("empty", new OcfString("")),
        ]);
        string text = codec.EncodeToString(message);
        Assert.Equal(">>>\nt=status\nst=active\nsrc=node1\ninfo=a=b, and spaces  \nempty=\n<<<\n", text);
        Assert.Equal(message, codec.Decode(text));
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text);
        Assert.Same(codec, manager.Codecs.Detect(bytes));

        // Scalars travel as text, as heartbeat's own messages did.
        var typed = new OcfMap([new("seq", new OcfInteger(42)), new("up", OcfBoolean.True)]);
        Assert.Equal(new OcfMap([new("seq", new OcfString("42")), new("up", new OcfString("true"))]), codec.Decode(codec.EncodeToString(typed)));
    }

    [Fact]
    public void The_ha_msg_codec_refuses_nested_values()
    {
        using var folder = new PluginFolder().With(HaMsg);
        var manager = NewManager(folder);
        Assert.True(manager.TryLoadPlugin(OcfPluginTypes.Encoding, "ha-msg"));
        var codec = manager.Codecs.Get("ha-msg");

        var list = Assert.Throws<OcfEncodeException>(() => codec.EncodeToString(new OcfMap([new("ok", new OcfString("x")), new("nodes", new OcfList(new OcfString("a")))])));
        Assert.Equal("ha-msg", list.Codec);
        Assert.Contains("nodes", list.Path);
        Assert.Contains("flat", list.Message);

        var map = Assert.Throws<OcfEncodeException>(() => codec.EncodeToString(new OcfMap([new("inner", OcfMap.Empty)])));
        Assert.Contains("inner", map.Path);

        Assert.Throws<OcfEncodeException>(() => codec.EncodeToString(new OcfList(new OcfString("not a map"))));
        Assert.Throws<OcfEncodeException>(() => codec.EncodeToString(new OcfMap([new("line", new OcfString("two\nlines"))])));
        Assert.Throws<OcfFormatException>(() => codec.Decode("not an ha-msg"));
    }

    [Fact]
    public void Unloading_the_ha_msg_module_removes_its_codec_and_it_can_be_loaded_again()
    {
        using var folder = new PluginFolder().With(HaMsg);
        var manager = NewManager(folder);
        int builtInCodecs = manager.Codecs.Codecs.Count;
        manager.LoadModule(HaMsg);
        Assert.True(manager.Codecs.TryGet("ha-msg", out _));

        manager.UnloadModule(HaMsg);

        Assert.False(manager.Codecs.TryGet("ha-msg", out _));
        Assert.False(manager.Codecs.TryGet("HaMsg", out _));
        Assert.Equal(builtInCodecs, manager.Codecs.Codecs.Count);
        Assert.Contains(manager.GetPlugins(), p => p is { Type: OcfPluginTypes.Encoding, Name: "ha-msg", IsLoaded: false });

        manager.LoadModule(HaMsg);
        var codec = manager.Codecs.Get("ha-msg");
        Assert.Equal(">>>\na=b\n<<<\n", codec.EncodeToString(new OcfMap([new("a", new OcfString("b"))])));
    }

    [Fact]
    public void A_codec_alias_declared_in_metadata_finds_its_module_before_any_of_its_code_runs()
    {
        using var folder = new PluginFolder().With(HaMsg);
        var manager = NewManager(folder);

        var export = manager.Discover().Single(m => m.Name == HaMsg).Exports.Single();
        Assert.Equal(["HaMsg"], export.Aliases);
        var listed = manager.FindPlugin(OcfPluginTypes.Encoding, "hamsg");
        Assert.NotNull(listed);
        Assert.Equal(("ha-msg", false), (listed.Name, listed.IsLoaded));
        Assert.DoesNotContain(manager.LoadedModules, m => m.Name == HaMsg);
        Assert.Empty(AssembliesLoadedFrom(folder.Path));

        Assert.True(manager.TryLoadPlugin(OcfPluginTypes.Encoding, "HaMsg"));
        Assert.Contains(manager.LoadedModules, m => m.Name == HaMsg);
        Assert.Same(manager.Codecs.Get("ha-msg"), manager.Codecs.Get("HaMsg"));
        using (var lease = manager.Acquire<IOcfCodec>(OcfPluginTypes.Encoding, "HaMsg"))
            Assert.Equal("ha-msg", lease.Instance.Name);
        Assert.False(manager.TryLoadPlugin(OcfPluginTypes.Encoding, "NoSuchCodec"));
    }

    [Fact]
    public void Every_codecs_declared_aliases_are_the_aliases_its_code_registers()
    {
        using var folder = new PluginFolder().With(HaMsg);
        var manager = NewManager(folder);
        manager.LoadModule(HaMsg);
        var declared = manager.Discover().Where(m => m.Name == HaMsg).SelectMany(m => m.Exports)
            .Concat(typeof(OcfPluginManager).Assembly.GetCustomAttributes(typeof(OcfExportAttribute), false).Cast<OcfExportAttribute>()
                .Select(a => new OcfExportManifest(a.PluginType, a.Name, a.Implementation.FullName!, new Version(a.ApiVersion), null) { Aliases = a.Aliases }))
            .Where(e => e.PluginType == OcfPluginTypes.Encoding)
            .ToArray();
        Assert.Equal(3, declared.Length);
        foreach (var e in declared)
            Assert.Equal(manager.Codecs.Get(e.Name).Aliases.Order(StringComparer.Ordinal), e.Aliases.Order(StringComparer.Ordinal));
    }
}
