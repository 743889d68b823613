using Ocf.Plugins;
using System.Buffers;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;
using Xunit;
using static Ocf.Tests.Encoding.CodecTestKit;

namespace Ocf.Tests.Encoding;

public class CodecRegistryTests
{
    [Theory]
    [InlineData("ocf-xml", OcfXmlCodec.CodecName)]
    [InlineData("Ocf", OcfXmlCodec.CodecName)]
    [InlineData("OCF", OcfXmlCodec.CodecName)]
    [InlineData("OcfXml", OcfXmlCodec.CodecName)]
    [InlineData("xml-rpc", XmlRpcCodec.CodecName)]
    [InlineData("XmlRpc", XmlRpcCodec.CodecName)]
    [InlineData("xmlrpc", XmlRpcCodec.CodecName)]
    public void Default_registry_finds_codecs_by_name_and_alias(string name, string canonical)
    {
        var codec = OcfCodecRegistry.Default.Get(name);
        Assert.Equal(canonical, codec.Name);
        Assert.True(OcfCodecRegistry.Default.TryGet(name, out var same));
        Assert.Same(codec, same);
    }

    [Fact]
    public void Default_registry_lists_the_built_ins()
    {
        // The default registry is the plugin manager's: the built-ins reach it as "encoding" plugins of the framework's
        // own module, instances of their own (the static Instance singletons serve code without a manager).
        var codecs = OcfCodecRegistry.Default.Codecs;
        Assert.Same(OcfPluginManager.Default.Codecs, OcfCodecRegistry.Default);
        Assert.Contains(codecs, c => c is OcfXmlCodec);
        Assert.Contains(codecs, c => c is XmlRpcCodec);
        Assert.Contains(OcfPluginManager.Default.GetPlugins(), p => p.Type == OcfPluginTypes.Encoding && p.Name == OcfXmlCodec.CodecName);
        Assert.Equal("application/x-ocf+xml", OcfXmlCodec.Instance.ContentType);
        Assert.Equal("text/xml", XmlRpcCodec.Instance.ContentType);
        Assert.False(string.IsNullOrWhiteSpace(OcfXmlCodec.Instance.Description));
    }

    [Fact]
    public void Unknown_names_list_the_known_codecs()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => OcfCodecRegistry.Default.Get("json"));
        Assert.Contains("'json'", ex.Message);
        Assert.Contains("ocf-xml", ex.Message);
        Assert.Contains("xml-rpc", ex.Message);
        Assert.False(OcfCodecRegistry.Default.TryGet("json", out _));
    }

    [Theory]
    [InlineData("<L><LI>x</LI></L>", OcfXmlCodec.CodecName)]
    [InlineData("<AL/>", OcfXmlCodec.CodecName)]
    [InlineData("<V type=\"integer\">1</V>", OcfXmlCodec.CodecName)]
    [InlineData("\uFEFF<?xml version=\"1.0\"?>\n<!-- c -->\n  <AL>", OcfXmlCodec.CodecName)]
    [InlineData("<?xml version=\"1.0\"?><methodCall><methodName>m</methodName></methodCall>", XmlRpcCodec.CodecName)]
    [InlineData("<methodResponse>", XmlRpcCodec.CodecName)]
    [InlineData("\n<params>\n<param>", XmlRpcCodec.CodecName)]
    [InlineData("<fault>", XmlRpcCodec.CodecName)]
    public void Detect_recognises_each_codec_from_the_document_start(string doc, string expected)
    {
        var codec = OcfCodecRegistry.Default.Detect(Bytes(doc));
        Assert.NotNull(codec);
        Assert.Equal(expected, codec.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"json\": true}")]
    [InlineData("<html><body/></html>")]
    [InlineData("<Lx>")]
    [InlineData("<LIST>")]
    [InlineData("<?xml version=\"1.0\"")]
    [InlineData("<!-- unclosed")]
    [InlineData("<")]
    public void Detect_returns_null_for_other_documents(string doc) => Assert.Null(OcfCodecRegistry.Default.Detect(Bytes(doc)));

    [Fact]
    public void Detected_codec_decodes_its_own_output()
    {
        var v = PaperExampleTests.Serial;
        foreach (IOcfCodec codec in new IOcfCodec[] { OcfXml, XmlRpc })
        {
            byte[] bytes = codec.EncodeToBytes(v, OcfEncoderOptions.Indented);
            var found = OcfCodecRegistry.Default.Detect(bytes);
            Assert.Equal(codec.Name, found?.Name);
            AssertValueEqual(v, found!.Decode(bytes));
        }
    }

    private sealed class FakeCodec(string name, params string[] aliases) : IOcfCodec
    {
        public string Name => name;
        public IReadOnlyList<string> Aliases => aliases;
        public string Description => "fake";
        public string ContentType => "application/x-fake";
        public void Encode(OcfValue value, IBufferWriter<byte> output, OcfEncoderOptions? options = null) => output.Write("fake"u8);
        public OcfValue Decode(ReadOnlySpan<byte> utf8, OcfDecoderLimits? limits = null) => new OcfString("fake");
        public bool CanDecode(ReadOnlySpan<byte> prefix) => prefix.StartsWith("fake"u8);
    }

    [Fact]
    public void Registering_plugins_conflicts_and_unregistering()
    {
        var r = OcfCodecRegistry.CreateWithBuiltIns();
        var fake = new FakeCodec("fake", "Phony");
        r.Register(fake);
        Assert.Same(fake, r.Get("PHONY"));
        Assert.Same(fake, r.Detect("fake doc"u8));
        r.Register(fake); // registering the same codec again is harmless
        Assert.Single(r.Codecs, c => ReferenceEquals(c, fake));

        var clash = Assert.Throws<InvalidOperationException>(() => r.Register(new FakeCodec("other", "ocf")));
        Assert.Contains("ocf-xml", clash.Message);
        Assert.False(r.TryGet("other", out _)); // nothing of a refused codec is registered

        Assert.True(r.Unregister(fake));
        Assert.False(r.TryGet("fake", out _));
        Assert.False(r.TryGet("phony", out _));
        Assert.Null(r.Detect("fake doc"u8));

        // The default registry is untouched by a private one.
        Assert.False(OcfCodecRegistry.Default.TryGet("fake", out _));
    }
}
