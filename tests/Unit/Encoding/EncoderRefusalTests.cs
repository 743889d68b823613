using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;
using Xunit;
using static Ocf.Tests.Encoding.CodecTestKit;

namespace Ocf.Tests.Encoding;

/// <summary>Values an encoder cannot write raise OcfEncodeException naming where they are; nothing is written silently wrong.</summary>
public class EncoderRefusalTests
{
    // Lone surrogates do not survive xunit's serialisation of theory data, so the theories take an index.
    private static readonly string[] BadStringValues =
    [
        "\u0000", "a\u0001b", "\u0008", "\u000B", "\u000C", "\u001F", "x\u001B[31m",
        "\uD800", "a\uDBFF", "\uDC00z", "\uDC00\uD800", "ok\uD83D", "\uFFFE", "\uFFFF",
    ];

    public static TheoryData<int> BadStrings => new(Enumerable.Range(0, BadStringValues.Length));

    private static void Encode(IOcfCodec codec, OcfValue v) => codec.EncodeToBytes(v);

    [Theory]
    [MemberData(nameof(BadStrings))]
    public void OcfXml_refuses_characters_xml_cannot_carry(int index)
    {
        string bad = BadStringValues[index];
        var ex = Assert.Throws<OcfEncodeException>(() => Encode(OcfXml, bad));
        Assert.Equal("$", ex.Path);
        Assert.Equal(OcfXmlCodec.CodecName, ex.Codec);
        Assert.Matches("U\\+[0-9A-F]{4}", ex.Message);

        ex = Assert.Throws<OcfEncodeException>(() => Encode(OcfXml, List("fine", Map(("name", bad)))));
        Assert.Equal("$[1].name", ex.Path);

        // In a key: the path names the key.
        ex = Assert.Throws<OcfEncodeException>(() => Encode(OcfXml, Map(("ok", 1L), ("k" + bad, 2L))));
        Assert.StartsWith("$['k", ex.Path);
    }

    [Theory]
    [MemberData(nameof(BadStrings))]
    public void XmlRpc_refuses_characters_xml_cannot_carry(int index)
    {
        string bad = BadStringValues[index];
        var ex = Assert.Throws<OcfEncodeException>(() => Encode(XmlRpc, bad));
        Assert.Equal("params[0]", ex.Path);
        Assert.Equal(XmlRpcCodec.CodecName, ex.Codec);

        ex = Assert.Throws<OcfEncodeException>(() => Encode(XmlRpc, Map(("nodes", List("a", Map(("password", bad)))))));
        Assert.Equal("params[0].nodes[1].password", ex.Path);

        ex = Assert.Throws<OcfEncodeException>(() => XmlRpc.EncodeMessage(new XmlRpcMethodCall("m", ["ok", List(bad)])));
        Assert.Equal("params[1][0]", ex.Path);

        ex = Assert.Throws<OcfEncodeException>(() => XmlRpc.EncodeMessage(new XmlRpcFault(1, bad)));
        Assert.StartsWith("fault", ex.Path);
    }

    [Fact]
    public void Error_message_gives_the_index_and_suggests_binary()
    {
        var ex = Assert.Throws<OcfEncodeException>(() => Encode(OcfXml, "abc\u0007"));
        Assert.Contains("U+0007", ex.Message);
        Assert.Contains("index 3", ex.Message);
        Assert.Contains("binary", ex.Message);
        var sur = Assert.Throws<OcfEncodeException>(() => Encode(OcfXml, "ab\uD800c"));
        Assert.Contains("unpaired surrogate U+D800", sur.Message);
        Assert.Contains("index 2", sur.Message);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void XmlRpc_refuses_nan_and_infinities(double d)
    {
        var ex = Assert.Throws<OcfEncodeException>(() => Encode(XmlRpc, d));
        Assert.Equal("params[0]", ex.Path);
        Assert.Contains("NaN or infinity", ex.Message);
        ex = Assert.Throws<OcfEncodeException>(() => Encode(XmlRpc, List(1.0, Map(("load", d)))));
        Assert.Equal("params[0][1].load", ex.Path);
        ex = Assert.Throws<OcfEncodeException>(() => XmlRpc.EncodeMessage(new XmlRpcMethodResponse(List(d))));
        Assert.Equal("params[0][0]", ex.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("ünïcode")]
    [InlineData("a<b")]
    public void XmlRpc_refuses_method_names_outside_the_spec(string name)
    {
        var ex = Assert.Throws<OcfEncodeException>(() => XmlRpc.EncodeMessage(new XmlRpcMethodCall(name, [])));
        Assert.Equal("methodName", ex.Path);
    }

    [Fact]
    public void XmlRpc_accepts_the_method_name_characters_of_the_spec()
    {
        const string name = "Az09_.:/x";
        var call = Assert.IsType<XmlRpcMethodCall>(XmlRpc.DecodeMessage(XmlRpc.EncodeMessage(new XmlRpcMethodCall(name, []))));
        Assert.Equal(name, call.MethodName);
    }

    [Fact]
    public void A_failed_encode_does_not_stop_later_encodes()
    {
        Assert.Throws<OcfEncodeException>(() => Encode(OcfXml, List("a", "\u0001")));
        Assert.Equal("<L><LI>a</LI></L>", OcfXml.Text(List("a")));
    }

    [Fact]
    public void Encoder_depth_limit_is_configurable()
    {
        OcfValue v = 1L;
        for (int i = 0; i < 5; i++) v = List(v);
        var options = new OcfEncoderOptions { MaxDepth = 4 };
        var ex = Assert.Throws<OcfEncodeException>(() => OcfXml.EncodeToBytes(v, options));
        Assert.Equal("$[0][0][0][0]", ex.Path);
        var ex2 = Assert.Throws<OcfEncodeException>(() => XmlRpc.EncodeToBytes(v, options));
        Assert.Equal("params[0][0][0][0][0]", ex2.Path);
        OcfXml.EncodeToBytes(v, new OcfEncoderOptions { MaxDepth = 5 });
    }
}
