using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Plugins;
using Xunit;
using static Ocf.Tests.Plugins.TestModules;

namespace Ocf.Tests.Plugins;

/// <summary>
/// Leasing a codec by the name a user types (AcquireCodec): a module's codec is loaded on demand and its module stays
/// loaded while the lease is open; built-in codecs and aliases resolve through the registry.
/// </summary>
public class CodecLeaseTests
{
    [Fact]
    public void A_module_codec_is_loaded_on_demand_and_its_module_is_held_while_leased()
    {
        using var folder = new PluginFolder().With(HaMsg);
        var manager = NewManager(folder);
        Assert.DoesNotContain(manager.LoadedModules, m => m.Name == HaMsg);

        var lease = manager.AcquireCodec("ha-msg");

        Assert.NotNull(lease);
        Assert.Contains(manager.LoadedModules, m => m.Name == HaMsg);
        Assert.Same(manager.Codecs.Get("ha-msg"), lease.Instance);
        var flat = new OcfMap([new("t", new OcfString("status"))]);
        Assert.Equal(flat, lease.Instance.Decode(lease.Instance.EncodeToString(flat)));
        // Once loaded, its alias leases the same codec, counted on the same plugin.
        using (var byAlias = manager.AcquireCodec("HaMsg"))
        {
            Assert.Same(lease.Instance, byAlias!.Instance);
            Assert.Contains("encoding/ha-msg (2 in use)", Assert.Throws<OcfPluginException>(() => manager.UnloadModule(HaMsg)).Message);
        }
        Assert.Contains("encoding/ha-msg (1 in use)", Assert.Throws<OcfPluginException>(() => manager.UnloadModule(HaMsg)).Message);

        lease.Dispose();
        manager.UnloadModule(HaMsg);
        Assert.False(manager.Codecs.TryGet("ha-msg", out _));
    }

    [Fact]
    public void A_declared_alias_loads_the_module_before_anything_else_has()
    {
        using var folder = new PluginFolder().With(HaMsg);
        var manager = NewManager(folder);

        using var lease = manager.AcquireCodec("HaMsg");

        Assert.NotNull(lease);
        Assert.Equal("ha-msg", lease.Instance.Name);
        Assert.Contains(manager.LoadedModules, m => m.Name == HaMsg);
    }

    [Fact]
    public void Built_in_codecs_lease_by_name_or_alias_and_an_unknown_name_gives_null()
    {
        var manager = new OcfPluginManager(new OcfCodecRegistry());

        using var byAlias = manager.AcquireCodec("OcfXml");

        Assert.Same(manager.Codecs.Get(OcfXmlCodec.CodecName), byAlias!.Instance);
        Assert.Null(manager.AcquireCodec("no-such-codec"));
    }

    [Fact]
    public void A_codec_put_into_the_registry_by_code_is_leased_without_pinning_any_module()
    {
        var registry = new OcfCodecRegistry();
        var manager = new OcfPluginManager(registry);
        var handMade = new RenamedCodec(OcfXmlCodec.Instance, "hand-made");
        registry.Register(handMade);

        using var lease = manager.AcquireCodec("hand-made");

        Assert.Same(handMade, lease!.Instance);
        Assert.DoesNotContain(manager.GetPlugins(), p => p.Name == "hand-made");
    }

    /// <summary>A codec registered directly (no plugin): another name over the OCF XML codec.</summary>
    private sealed class RenamedCodec(IOcfCodec inner, string name) : IOcfCodec
    {
        public string Name => name;
        public IReadOnlyList<string> Aliases => [];
        public string Description => "test";
        public string ContentType => inner.ContentType;
        public void Encode(OcfValue value, System.Buffers.IBufferWriter<byte> output, OcfEncoderOptions? options = null) => inner.Encode(value, output, options);
        public OcfValue Decode(ReadOnlySpan<byte> utf8, OcfDecoderLimits? limits = null) => inner.Decode(utf8, limits);
        public bool CanDecode(ReadOnlySpan<byte> prefix) => false;
    }
}
