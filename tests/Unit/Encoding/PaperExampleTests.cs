using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;
using Xunit;
using static Ocf.Tests.Encoding.CodecTestKit;

namespace Ocf.Tests.Encoding;

/// <summary>The examples of the OCF paper, as test vectors (typos fixed as the paper intended).</summary>
public class PaperExampleTests
{
    public static readonly OcfValue StringList = List("This one is first", "This one is second", "This is the last string");

    public static readonly OcfValue Projects = Map(
        ("linux-ha", "linux-ha.org/"),
        ("failsafe", "oss.sgi.com/projects/failsafe"),
        ("kimberlite", "oss.mclinux.com/projects/kimberlite/"));

    public static readonly OcfValue Serial = Map(("tty", "/dev/ttyS1"), ("ports", List("node1", "node2")));

    public static TheoryData<string, OcfValue> OcfXmlExamples => new()
    {
        { "<L><LI>This one is first</LI><LI>This one is second</LI><LI>This is the last string</LI></L>", StringList },
        {
            "<AL><LI key=\"linux-ha\">linux-ha.org/</LI><LI key=\"failsafe\">oss.sgi.com/projects/failsafe</LI>" +
            "<LI key=\"kimberlite\">oss.mclinux.com/projects/kimberlite/</LI></AL>",
            Projects
        },
        { "<AL><LI key=\"tty\">/dev/ttyS1</LI><LI key=\"ports\"><L><LI>node1</LI><LI>node2</LI></L></LI></AL>", Serial },
        // The same documents laid out by hand: whitespace between elements is not data.
        {
            """
            <L>
              <LI>This one is first</LI>
              <LI>This one is second</LI>
              <LI>This is the last string</LI>
            </L>
            """,
            StringList
        },
        {
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<AL>\r\n\t<LI key=\"linux-ha\">linux-ha.org/</LI>\r\n\t<LI key='failsafe'>oss.sgi.com/projects/failsafe</LI>\r\n" +
            "\t<LI key=\"kimberlite\">oss.mclinux.com/projects/kimberlite/</LI>\r\n</AL>\r\n",
            Projects
        },
        {
            """
            <!-- serial line configuration -->
            <AL>
              <LI key="tty">/dev/ttyS1</LI>
              <LI key="ports">
                <L>
                  <LI>node1</LI>
                  <LI>node2</LI>
                </L>
              </LI>
            </AL>

            """,
            Serial
        },
    };

    [Theory]
    [MemberData(nameof(OcfXmlExamples))]
    public void OcfXml_paper_examples_decode_to_the_intended_values(string doc, OcfValue expected)
    {
        var decoded = OcfXml.Decode(doc);
        AssertValueEqual(expected, decoded);
        // Typed checks too, so a kind mix-up cannot hide behind Equals.
        switch (expected)
        {
            case OcfList l:
                var dl = Assert.IsType<OcfList>(decoded);
                Assert.Equal(l.Count, dl.Count);
                Assert.All(dl, item => Assert.IsType<OcfString>(item));
                break;
            case OcfMap m:
                var dm = Assert.IsType<OcfMap>(decoded);
                Assert.Equal(m.Keys, dm.Keys);
                break;
        }

        // Re-encode (both layouts) and decode again.
        foreach (bool indent in new[] { false, true })
        {
            string again = OcfXml.Text(decoded, indent);
            AssertValueEqual(expected, OcfXml.Decode(again), again);
        }
    }

    [Fact]
    public void OcfXml_compact_encoding_of_the_paper_examples_is_the_paper_text()
    {
        Assert.Equal("<L><LI>This one is first</LI><LI>This one is second</LI><LI>This is the last string</LI></L>", OcfXml.Text(StringList));
        Assert.Equal(
            "<AL><LI key=\"linux-ha\">linux-ha.org/</LI><LI key=\"failsafe\">oss.sgi.com/projects/failsafe</LI>" +
            "<LI key=\"kimberlite\">oss.mclinux.com/projects/kimberlite/</LI></AL>",
            OcfXml.Text(Projects));
        Assert.Equal("<AL><LI key=\"tty\">/dev/ttyS1</LI><LI key=\"ports\"><L><LI>node1</LI><LI>node2</LI></L></LI></AL>", OcfXml.Text(Serial));
    }

    [Fact]
    public void OcfXml_indented_encoding_of_the_nested_example()
    {
        Assert.Equal(
            """
            <AL>
              <LI key="tty">/dev/ttyS1</LI>
              <LI key="ports">
                <L>
                  <LI>node1</LI>
                  <LI>node2</LI>
                </L>
              </LI>
            </AL>

            """.ReplaceLineEndings("\n"),
            OcfXml.Text(Serial, indent: true));
    }

    private const string Call1 = """
        <?xml version="1.0"?>
        <methodCall>
          <methodName>subsystem.method</methodName>
          <params>
            <param>
              <value>
                <array>
                  <data>
                    <value>first</value>
                    <value><string>second</string></value>
                    <value>last</value>
                  </data>
                </array>
              </value>
            </param>
          </params>
        </methodCall>
        """;

    private const string Call2 = """
        <?xml version="1.0"?>
        <methodCall>
          <methodName>subsystem.method2</methodName>
          <params>
            <param>
              <value>
                <struct>
                  <member><name>linux-ha</name><value>linux-ha.org/</value></member>
                  <member><name>failsafe</name><value><string>oss.sgi.com/projects/failsafe</string></value></member>
                  <member>
                    <name>kimberlite</name>
                    <value>oss.mclinux.com/projects/kimberlite/</value>
                  </member>
                </struct>
              </value>
            </param>
          </params>
        </methodCall>
        """;

    private const string Call3 = """
        <?xml version="1.0"?>
        <methodCall>
          <methodName>subsystem.method3</methodName>
          <params>
            <param>
              <value>
                <struct>
                  <member><name>tty</name><value><string>/dev/ttyS1</string></value></member>
                  <member>
                    <name>ports</name>
                    <value><array><data><value>node1</value><value>node2</value></data></array></value>
                  </member>
                </struct>
              </value>
            </param>
          </params>
        </methodCall>
        """;

    public static TheoryData<string, string, OcfValue> XmlRpcExamples => new()
    {
        { Call1, "subsystem.method", List("first", "second", "last") },
        { Call2, "subsystem.method2", Projects },
        { Call3, "subsystem.method3", Serial },
    };

    [Theory]
    [MemberData(nameof(XmlRpcExamples))]
    public void XmlRpc_paper_examples_decode_to_the_intended_values(string doc, string method, OcfValue expected)
    {
        var call = Assert.IsType<XmlRpcMethodCall>(XmlRpc.DecodeMessage(doc));
        Assert.Equal(method, call.MethodName);
        var param = Assert.Single(call.Params);
        AssertValueEqual(expected, param);

        foreach (bool indent in new[] { false, true })
        {
            var options = indent ? OcfEncoderOptions.Indented : OcfEncoderOptions.Default;
            byte[] again = XmlRpc.EncodeMessage(new XmlRpcMethodCall(method, [param]), options);
            var call2 = Assert.IsType<XmlRpcMethodCall>(XmlRpc.DecodeMessage(again));
            Assert.Equal(method, call2.MethodName);
            AssertValueEqual(expected, Assert.Single(call2.Params), Utf8.GetString(again));
        }

        // Through the value API a call is {methodName, params}.
        var asValue = Assert.IsType<OcfMap>(XmlRpc.Decode(Bytes(doc)));
        AssertValueEqual(Map(("methodName", method), ("params", List(expected))), asValue);
    }

    [Fact]
    public void XmlRpc_compact_encoding_of_the_first_example()
    {
        var bytes = XmlRpc.EncodeMessage(new XmlRpcMethodCall("subsystem.method", [List("first", "second", "last")]));
        Assert.Equal(
            "<?xml version=\"1.0\"?><methodCall><methodName>subsystem.method</methodName><params><param><value><array><data>" +
            "<value><string>first</string></value><value><string>second</string></value><value><string>last</string></value>" +
            "</data></array></value></param></params></methodCall>",
            Utf8.GetString(bytes));
    }

    [Fact]
    public void The_same_value_travels_between_the_two_codecs()
    {
        foreach (var v in new[] { StringList, Projects, Serial })
        {
            var viaRpc = DecodeWith(XmlRpcCodec.CodecName, XmlRpc.EncodeToBytes(v));
            var viaOcf = DecodeWith(OcfXmlCodec.CodecName, OcfXml.EncodeToBytes(viaRpc));
            AssertValueEqual(v, viaOcf);
        }
    }
}
