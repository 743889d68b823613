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

    /// <summary>
    /// One of the paper's XML-RPC examples: its text line for line (the blank line the paper's HTML puts after every
    /// line left out), and the typo fixes that make it the document the paper means. Each fix is a set of exact edits.
    /// </summary>
    public sealed record PaperCall(string Method, string PaperText, (string Why, (string From, string To)[] Edits)[] Fixes, OcfValue Expected)
    {
        /// <summary>The paper's text with every fix except <paramref name="skip"/> applied; each edit must match exactly once.</summary>
        public string Fixed(int skip = -1)
        {
            string text = PaperText;
            for (int i = 0; i < Fixes.Length; i++)
            {
                if (i == skip) continue;
                foreach (var (from, to) in Fixes[i].Edits)
                {
                    int at = text.IndexOf(from, StringComparison.Ordinal);
                    Assert.True(at >= 0 && text.IndexOf(from, at + 1, StringComparison.Ordinal) < 0, $"the fix '{Fixes[i].Why}' must match '{from}' exactly once");
                    text = string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length));
                }
            }
            return text;
        }
    }

    // The paper names its methods subsystem/method…; '/' is one of the characters the XML-RPC spec allows in a method
    // name, so the names stay. The line break before </methodName> is layout: the decoder trims whitespace around a
    // method name (which cannot contain any).
    public static readonly PaperCall[] XmlRpcCalls =
    [
        new("subsystem/method",
            """
            <methodCall>
            <methodName>subsystem/method
            </methodName>
            <parmams><param>
            <array><value><string>first</string>
            </value>
            <value/><string>second</string>
            </value>
            <value/><string>last</string>
            </value>
            </array>
            <param>
            </params>
            </methodCall>
            """,
            [
                ("<parmams> is a misspelling of <params>", [("<parmams>", "<params>")]),
                // The spec puts a param's value in <value> and an array's values in <data>; the paper's third example does both.
                ("the array lacks its <value> wrapper and its <data> element", [("<param>\n<array>", "<param>\n<value><array><data>"), ("</array>\n", "</data></array></value>\n")]),
                ("<value/> (an empty value) where <value> opens the second value", [("<value/><string>second", "<value><string>second")]),
                ("<value/> (an empty value) where <value> opens the last value", [("<value/><string>last", "<value><string>last")]),
                ("<param> where </param> closes the parameter", [("\n<param>\n</params>", "\n</param>\n</params>")]),
            ],
            List("first", "second", "last")),
        new("subsystem/method2",
            """
            <methodCall>
            <methodName>subsystem/method2
            </methodName>
            <parmams><param><struct>
            <member><name>linux-ha</name>
            <value><string>linux-ha.org/</string></value></member>
            <member><name>failsafe</name>
            <value><string>oss.sgi.com/projects/failsafe</string></value></member>
            <member><name>kimberlite"</name>>
            <value><string>oss.mclinux.com/projects/kimberlite/</string></value>
            </member>
            </struct>
            </param>
            </params>
            </methodcall>
            """,
            [
                ("<parmams> is a misspelling of <params>", [("<parmams>", "<params>")]),
                ("the struct lacks its <value> wrapper", [("<param><struct>", "<param><value><struct>"), ("</struct>\n</param>", "</struct></value>\n</param>")]),
                ("a stray quote in the name 'kimberlite' and a stray '>' after </name>", [("kimberlite\"</name>>", "kimberlite</name>")]),
                ("</methodcall> does not close <methodCall> (XML names are case-sensitive)", [("</methodcall>", "</methodCall>")]),
            ],
            Projects),
        new("subsystem/method3",
            """
            <methodCall>
            <methodName>subsystem/method3
            </methodName>
            <params><param><struct>
            <member><name>tty</name>
            <value><string>/dev/ttyS1</string>
            <member><name>ports</name>
            <value>
            <array>
            <data>
            <value><string>node1</string></value>
            <value><string>node2</string></value>
            </data>
            </array>
            </struct>
            </param>
            </params>
            </methodCall>
            """,
            [
                ("the struct lacks its <value> wrapper", [("<param><struct>", "<param><value><struct>"), ("</struct>\n</param>", "</struct></value>\n</param>")]),
                ("the tty member's </value></member> are missing", [("/dev/ttyS1</string>\n", "/dev/ttyS1</string></value></member>\n")]),
                ("the ports member's </value></member> are missing", [("</array>\n</struct>", "</array>\n</value></member>\n</struct>")]),
            ],
            Serial),
    ];

    public static TheoryData<int> XmlRpcExamples => new(Enumerable.Range(0, XmlRpcCalls.Length));

    [Theory]
    [MemberData(nameof(XmlRpcExamples))]
    public void XmlRpc_paper_examples_decode_to_the_intended_values(int example)
    {
        var paper = XmlRpcCalls[example];
        string doc = paper.Fixed();
        var call = Assert.IsType<XmlRpcMethodCall>(XmlRpc.DecodeMessage(doc));
        Assert.Equal(paper.Method, call.MethodName);
        var param = Assert.Single(call.Params);
        AssertValueEqual(paper.Expected, param);
        // The paper writes every string typed, as <string>, and so do the fixed documents.
        Assert.Equal(Count(paper.Expected), Count(doc, "<string>"));

        foreach (bool indent in new[] { false, true })
        {
            var options = indent ? OcfEncoderOptions.Indented : OcfEncoderOptions.Default;
            byte[] again = XmlRpc.EncodeMessage(new XmlRpcMethodCall(paper.Method, [param]), options);
            var call2 = Assert.IsType<XmlRpcMethodCall>(XmlRpc.DecodeMessage(again));
            Assert.Equal(paper.Method, call2.MethodName);
            AssertValueEqual(paper.Expected, Assert.Single(call2.Params), Utf8.GetString(again));
        }

        // Through the value API a call is {methodName, params}.
        var asValue = Assert.IsType<OcfMap>(XmlRpc.Decode(Bytes(doc)));
        AssertValueEqual(Map(("methodName", paper.Method), ("params", List(paper.Expected))), asValue);
    }

    /// <summary>Only real typos are fixed: the paper's text is refused, and so is it with any one fix left out.</summary>
    [Theory]
    [MemberData(nameof(XmlRpcExamples))]
    public void Every_fix_of_a_paper_example_is_needed(int example)
    {
        var paper = XmlRpcCalls[example];
        Assert.Throws<OcfFormatException>(() => XmlRpc.DecodeMessage(paper.PaperText));
        for (int skip = 0; skip < paper.Fixes.Length; skip++)
        {
            string doc = paper.Fixed(skip);
            var ex = Record.Exception(() => XmlRpc.DecodeMessage(doc));
            Assert.True(ex is OcfFormatException, $"without the fix '{paper.Fixes[skip].Why}' the document should be refused:\n{doc}");
        }
    }

    private static int Count(OcfValue v) => v switch
    {
        OcfString => 1,
        OcfList l => l.Sum(Count),
        OcfMap m => m.Sum(e => Count(e.Value)),
        _ => 0,
    };

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;

    [Fact]
    public void XmlRpc_compact_encoding_of_the_first_example()
    {
        var bytes = XmlRpc.EncodeMessage(new XmlRpcMethodCall("subsystem/method", [List("first", "second", "last")]));
        Assert.Equal(
            "<?xml version=\"1.0\"?><methodCall><methodName>subsystem/method</methodName><params><param><value><array><data>" +
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
