using System.Text;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;
using Xunit;
using static Ocf.Tests.Encoding.CodecTestKit;

namespace Ocf.Tests.Encoding;

/// <summary>Hostile and malformed documents: each must raise OcfFormatException with a sensible position and message.</summary>
public class BadInputTests
{
    private const string O = OcfXmlCodec.CodecName;
    private const string R = XmlRpcCodec.CodecName;

    private static string Param(string valueXml) => $"<params><param><value>{valueXml}</value></param></params>";

    [Theory]
    [InlineData(O, "<L><LI>&e;</LI></L>")]
    [InlineData(R, "<params><param><value>&e;</value></param></params>")]
    public void External_entities_are_refused_at_the_doctype(string codec, string body)
    {
        string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n" + body;
        var ex = AssertRefused(codec, doc, 2, 1, "DTD");
        Assert.DoesNotContain("root:", ex.Message);
    }

    [Theory]
    [InlineData(O, "<L><LI>&lol9;</LI></L>")]
    [InlineData(R, "<params><param><value>&lol9;</value></param></params>")]
    public void Billion_laughs_is_refused_at_the_doctype(string codec, string body)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++)
            sb.Append($" <!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : (i - 1).ToString())};", 10))}\">\n");
        sb.Append("]>\n").Append(body);
        AssertRefused(codec, sb.ToString(), 2, 1, "DTD");
    }

    [Fact]
    public void A_doctype_inside_the_root_or_any_markup_declaration_is_refused()
    {
        AssertRefused(O, "<L>\n<!DOCTYPE x></L>", 2, 1, "DTD");
        AssertRefused(O, "<L><!ENTITY x \"y\"></L>", 1, 4, "markup declaration");
        AssertRefused(R, "<params><?php echo 1 ?></params>", 1, 9, "processing instruction");
    }

    [Fact]
    public void A_processing_instruction_named_xml_something_is_a_pi_not_a_misplaced_declaration()
    {
        AssertRefused(R, "<?xml-stylesheet href=\"x\"?><params/>", 1, 1, "processing instructions are not allowed");
        AssertRefused(O, "\n<?xml-model href=\"x\"?><L/>", 2, 1, "processing instructions are not allowed");
        AssertRefused(O, "\n<?xml version=\"1.0\"?><L/>", 2, 1, "only allowed at the very start");
    }

    [Theory]
    [InlineData(O)]
    [InlineData(R)]
    public void Hundred_thousand_deep_nesting_hits_the_depth_limit_without_overflowing_the_stack(string codec)
    {
        const int n = 100_000;
        var sb = new StringBuilder(n * 30);
        if (codec == O)
        {
            for (int i = 0; i < n; i++) sb.Append("<L><LI>");
            sb.Append('x');
            for (int i = 0; i < n; i++) sb.Append("</LI></L>");
        }
        else
        {
            sb.Append("<params><param>");
            for (int i = 0; i < n; i++) sb.Append("<value><array><data>");
            sb.Append("<value>x</value>");
            for (int i = 0; i < n; i++) sb.Append("</data></array></value>");
            sb.Append("</param></params>");
        }
        var ex = AssertRefused(codec, sb.ToString(), 1, null, "nested deeper than the limit of 64");
        // The 65th container is refused, not one far down the document.
        Assert.InRange(ex.ByteOffset, 64 * 7, 66 * 21 + 15);
    }

    [Theory]
    [InlineData(O)]
    [InlineData(R)]
    public void Deep_struct_nesting_hits_the_depth_limit(string codec)
    {
        const int n = 100_000;
        var sb = new StringBuilder();
        if (codec == O)
        {
            for (int i = 0; i < n; i++) sb.Append("<AL><LI key=\"k\">");
            for (int i = 0; i < n; i++) sb.Append("</LI></AL>");
        }
        else
        {
            sb.Append("<params><param>");
            for (int i = 0; i < n; i++) sb.Append("<value><struct><member><name>k</name>");
            for (int i = 0; i < n; i++) sb.Append("</member></struct></value>");
            sb.Append("</param></params>");
        }
        AssertRefused(codec, sb.ToString(), 1, null, "nested deeper than the limit of 64");
    }

    [Theory]
    [InlineData(O)]
    [InlineData(R)]
    public void Exactly_the_depth_limit_is_accepted_and_one_more_is_refused(string codec)
    {
        OcfValue v = "leaf";
        for (int i = 0; i < 64; i++) v = List(v);
        AssertValueEqual(v, RoundTrip(codec, v, indent: false));

        // 65 containers: the encoder refuses to write it ...
        var ex = Assert.Throws<OcfEncodeException>(() => RoundTrip(codec, List(v), indent: false));
        Assert.Contains("nested deeper than the limit of 64", ex.Message);
        // ... and the decoder refuses a hand-made one.
        byte[] doc = Bytes(codec == O ? "<L><LI>" + OcfXml.Text(v)[..^0] + "</LI></L>" : Param("<array><data>" + XmlRpc.Text(v)["<params><param>".Length..^"</param></params>".Length] + "</data></array>"));
        AssertRefused(codec, doc, 1, null, "nested deeper than the limit of 64");
        // With a higher limit it decodes.
        var limits = new OcfDecoderLimits { MaxDepth = 65 };
        AssertValueEqual(List(v), DecodeWith(codec, doc, limits));
    }

    public static readonly string OcfXmlSample =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- a sample with every construct -->
        <AL>
          <LI key="name">node-1 &amp; friends</LI>
          <LI key="port" type="integer">694</LI>
          <LI key="ok" type="boolean">true</LI>
          <LI key="load" type="double">0.25</LI>
          <LI key="when" type="datetime">2026-11-25T10:00:00Z</LI>
          <LI key="blob" type="binary">AAEC</LI>
          <LI key="none" type="nil"/>
          <LI key="empty"/>
          <LI key="utf8">Grüße 😀</LI>
          <LI key="list"><L><LI>a</LI><LI><![CDATA[<b>]]></LI></L></LI>
        </AL>
        """;

    public static readonly string XmlRpcSample =
        """
        <?xml version="1.0"?>
        <methodCall><methodName>node.set</methodName><params>
        <param><value><struct>
        <member><name>name</name><value>node-1 &amp; friends</value></member>
        <member><name>port</name><value><i4>694</i4></value></member>
        <member><name>ok</name><value><boolean>1</boolean></value></member>
        <member><name>load</name><value><double>0.25</double></value></member>
        <member><name>when</name><value><dateTime.iso8601>20261125T10:00:00</dateTime.iso8601></value></member>
        <member><name>blob</name><value><base64>AAEC</base64></value></member>
        <member><name>none</name><value><nil/></value></member>
        <member><name>u</name><value><string>Grüße 😀</string></value></member>
        <member><name>l</name><value><array><data><value>a</value><value><![CDATA[<b>]]></value></data></array></value></member>
        </struct></value></param>
        </params></methodCall>
        """;

    [Fact]
    public void Every_strict_prefix_of_a_valid_document_is_refused_with_a_format_exception()
    {
        foreach (var (codec, text) in new[] { (O, OcfXmlSample), (R, XmlRpcSample) })
        {
            byte[] full = Bytes(text);
            Assert.InRange(full.Length, 300, 1000);
            // The whole document is fine.
            if (codec == O) OcfXml.Decode(full);
            else Assert.IsType<XmlRpcMethodCall>(XmlRpc.DecodeMessage(full));

            for (int n = 0; n < full.Length; n++)
            {
                byte[] prefix = full[..n];
                try
                {
                    if (codec == O) OcfXml.Decode(prefix);
                    else XmlRpc.DecodeMessage(prefix);
                    Assert.Fail($"{codec}: the prefix of {n} bytes was accepted:\n{System.Text.Encoding.UTF8.GetString(prefix)}");
                }
                catch (OcfFormatException ex)
                {
                    Assert.InRange(ex.ByteOffset, 0, n);
                    var (line, column) = LineColumnOf(prefix, (int)ex.ByteOffset);
                    Assert.Equal((line, column), (ex.Line, ex.Column));
                }
            }
        }
    }

    [Fact]
    public void An_empty_or_whitespace_document_has_no_root()
    {
        AssertRefused(O, "", 1, 1, "no root element");
        AssertRefused(R, "  \n ", 2, 2, "no root element");
        AssertRefused(O, "<!-- only a comment -->", 1, 24, "no root element");
    }

    [Fact]
    public void Truncation_reports_the_unclosed_element_at_the_end()
    {
        AssertRefused(O, "<L>\n<LI>abc", 2, 8, "<LI> is not closed");
        AssertRefused(R, "<params><param>", 1, 16, "<param> is not closed");
        AssertRefused(O, "<L><LI key=\"a", 1, 12, "attribute value is not closed");
        AssertRefused(O, "<L><LI", 1, 4, "start tag <LI> is not closed");
        AssertRefused(O, "<L><!-- x", 1, 4, "comment is not closed");
        AssertRefused(O, "<L><LI><![CDATA[x", 1, 8, "CDATA section is not closed");
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 }, "lone lead byte")]
    [InlineData(new byte[] { 0x80 }, "stray continuation byte")]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "encoded surrogate")]
    [InlineData(new byte[] { 0xC0, 0xAF }, "overlong encoding")]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, "beyond U+10FFFF")]
    [InlineData(new byte[] { 0xFF }, "never valid")]
    [InlineData(new byte[] { 0xEF, 0xBF, 0xBE }, "U+FFFE")]
    public void Invalid_utf8_or_non_characters_in_text_are_refused(byte[] bad, string what)
    {
        _ = what;
        // After "<L><LI>a" (8 bytes) comes the bad sequence: line 1, column 9.
        byte[] ocf = [.. Bytes("<L><LI>a"), .. bad, .. Bytes("</LI></L>")];
        var ex = AssertRefused(O, ocf, 1);
        Assert.True(ex.ByteOffset is 7 or 8, $"offset {ex.ByteOffset}: {ex.Message}");
        Assert.Matches("UTF-8|U\\+FFFE", ex.Message);

        byte[] rpc = [.. Bytes("<params><param><value><string>a"), .. bad, .. Bytes("</string></value></param></params>")];
        var ex2 = AssertRefused(R, rpc, 1);
        Assert.InRange(ex2.ByteOffset, 30, 31);

        // In an attribute value (a map key) too.
        byte[] key = [.. Bytes("<AL><LI key=\"a"), .. bad, .. Bytes("\">x</LI></AL>")];
        AssertRefused(O, key, 1);
    }

    [Fact]
    public void A_utf16_document_or_another_declared_encoding_is_refused()
    {
        AssertRefused(O, System.Text.Encoding.Unicode.GetPreamble().Concat(System.Text.Encoding.Unicode.GetBytes("<L/>")).ToArray(), 1, 1, "UTF-16");
        AssertRefused(R, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><params/>", 1, 1, "ISO-8859-1");
    }

    /// <summary>End tags that do not match the open element.</summary>
    public static TheoryData<string, string, int, int, string> WrongClosingTags => new()
    {
        { O, "<L><LI>a</L>", 1, 9, "does not match the open element <LI>" },
        { O, "<L>\n  <LI>a</li>\n</L>", 2, 8, "</li>" },
        { R, "<params><param><value><int>1</i4></value></param></params>", 1, 29, "does not match the open element <int>" },
        { R, "<params><param><value><string>x</value></string></param></params>", 1, 32, "</value>" },
    };

    [Fact]
    public void Duplicate_map_keys_are_refused_where_they_appear()
    {
        AssertRefused(O, "<AL>\n  <LI key=\"a\">1</LI>\n  <LI key=\"b\">2</LI>\n  <LI key=\"a\">3</LI>\n</AL>", 4, 3, "duplicate key 'a'");
        // A key that only differs after entity decoding is still the same key.
        AssertRefused(O, "<AL><LI key=\"&lt;\">1</LI><LI key=\"&#60;\">2</LI></AL>", 1, 26, "duplicate key '<'");

        AssertRefused(R, Param("<struct>\n<member><name>a</name><value>1</value></member>\n<member><name>a</name><value>2</value></member></struct>"),
            3, 1, "duplicate member name 'a'");
        // Many members (the decoder switches to a hash set past eight).
        var sb = new StringBuilder("<struct>");
        for (int i = 0; i < 20; i++) sb.Append($"<member><name>m{i}</name><value>{i}</value></member>");
        sb.Append("<member><name>m13</name><value>x</value></member></struct>");
        AssertRefused(R, Param(sb.ToString()), 1, null, "duplicate member name 'm13'");
    }

    /// <summary>Elements and attributes the grammar does not have, or has elsewhere.</summary>
    public static TheoryData<string, string, int, int, string> UnknownOrMisplacedElements => new()
    {
        { O, "<X/>", 1, 1, "unknown root element <X>" },
        { O, "<L><X>a</X></L>", 1, 4, "unknown element <X> in a list" },
        { O, "<AL><L/></AL>", 1, 5, "unknown element <L> in an associative array" },
        { O, "<L><LI><X/></LI></L>", 1, 8, "unknown element <X> in an item" },
        { O, "<L><LI bogus=\"1\">a</LI></L>", 1, 4, "unknown attribute 'bogus'" },
        { O, "<L><LI key=\"k\">a</LI></L>", 1, 4, "key attribute is only allowed" },
        { O, "<AL><LI>a</LI></AL>", 1, 5, "needs a key attribute" },
        { O, "<L><LI type=\"float\">1</LI></L>", 1, 4, "unknown type \"float\"" },
        { R, "<methodCall><methodName>x</methodName><params><param><value><float>1</float></value></param></params></methodCall>", 1, 61, "unknown value type <float>" },
        { R, "<params><param><value><biginteger>1</biginteger></value></param></params>", 1, 23, "unknown value type <biginteger>" },
        { R, "<methodCall><params/></methodCall>", 1, 13, "expected <methodName>" },
        { R, "<params><value>1</value></params>", 1, 9, "expected <param>" },
        { R, "<params><param><value><struct><name>a</name></struct></value></param></params>", 1, 31, "expected <member>" },
        { R, "<params><param><value><array><value>1</value></array></value></param></params>", 1, 30, "expected <data>" },
        { R, "<params><param><value><array/></value></param></params>", 1, 23, "holds a <data> element" },
        { R, "<params><param><value><int a=\"1\">1</int></value></param></params>", 1, 23, "no attributes" },
        { R, "<params><param><value>1</value><value>2</value></param></params>", 1, 32, "expected an end tag" },
        { R, "<methodResponse><params><param><value>1</value></param><param><value>2</value></param></params></methodResponse>", 1, 17, "exactly one <param>" },
        { R, "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member></struct></value></fault></methodResponse>", 1, 17, "faultString" },
        { R, "<methodCall><methodName>bad name!</methodName></methodCall>", 1, 13, "method name" },
        { R, "<methodCall><methodName></methodName></methodCall>", 1, 13, "empty" },
    };

    /// <summary>Character data where an element is expected, or next to one.</summary>
    public static TheoryData<string, string, int, int, string> TextWhereAValueIsExpected => new()
    {
        { O, "<L>text</L>", 1, 4, "text where an <LI> item of a list is expected" },
        { O, "<AL>\n  text</AL>", 1, 5, "text where an <LI> item of an associative array is expected" },
        { O, "<L><LI>text<L/></LI></L>", 1, 12, "either text or one nested" },
        { O, "<L><LI><L/><L/></LI></L>", 1, 12, "only one nested value" },
        { O, "<L><LI type=\"integer\"><X/></LI></L>", 1, 23, "holds text only" },
        { O, "<V><L/></V>", 1, 4, "<V> holds a scalar" },
        { O, "stray<L/>", 1, 1, "text outside the root element" },
        { O, "<L/>trailing", 1, 5, "content after the end of the root element" },
        { O, "<L/><L/>", 1, 5, "content after the end of the root element" },
        { R, "<params>text</params>", 1, 9, "text where <param> is expected" },
        { R, "<params><param><value><array><data>text</data></array></value></param></params>", 1, 36, "text where <value> is expected" },
        { R, "<params><param><value>text<int>1</int></value></param></params>", 1, 23, "either text or one typed element" },
        { R, "<params><param>text</param></params>", 1, 16, "text where <value> is expected" },
    };

    /// <summary>Entity and character references XML does not define, and characters it forbids.</summary>
    public static TheoryData<string, string, int, int, string> BadReferencesAndForbiddenCharacters => new()
    {
        { O, "<L><LI>&nbsp;</LI></L>", 1, 8, "undefined entity '&nbsp;'" },
        { R, "<params><param><value>a &copy; b</value></param></params>", 1, 25, "undefined entity '&copy;'" },
        { O, "<AL><LI key=\"&bogus;\">x</LI></AL>", 1, 14, "undefined entity" },
        { O, "<L><LI>a & b</LI></L>", 1, 10, "'&' must start" },
        { O, "<L><LI>&#1;</LI></L>", 1, 8, "U+0001" },
        { O, "<L><LI>&#x0;</LI></L>", 1, 8, "not a character XML allows" },
        { O, "<L><LI>&#xD800;</LI></L>", 1, 8, "not a character XML allows" },
        { O, "<L><LI>&#xFFFE;</LI></L>", 1, 8, "not a character XML allows" },
        { O, "<L><LI>&#x110000;</LI></L>", 1, 8, "not a character XML allows" },
        { R, "<params><param><value>&#27;</value></param></params>", 1, 23, "U+001B" },
        { O, "<L><LI>&#xZZ;</LI></L>", 1, 8, "malformed character reference" },
        { O, "<L><LI>&#;</LI></L>", 1, 8, "'&#;'" },
        { O, "<L><LI>&#X41;</LI></L>", 1, 8, "malformed character reference" },
        { O, "<L>\n<LI>a\u0001b</LI></L>", 2, 6, "control character U+0001" },
        { O, "<AL><LI key=\"a\u0008\">x</LI></AL>", 1, 15, "control character U+0008" },
        { R, "<params><param><value><string><![CDATA[a\u001Fb]]></string></value></param></params>", 1, 41, "control character U+001F" },
        { O, "<L><LI>\u0000</LI></L>", 1, 8, "control character U+0000" },
    };

    [Fact]
    public void Allowed_references_decode()
    {
        AssertValueEqual(List("<>&\"'", "A\u00e9\U0001F600\t\n\r"), OcfXml.Decode("<L><LI>&lt;&gt;&amp;&quot;&apos;</LI><LI>&#65;&#xe9;&#x1F600;&#9;&#10;&#13;</LI></L>"));
    }

    [Fact]
    public void Fifty_megabyte_string_is_refused_by_the_document_size_limit()
    {
        const int size = 50 * 1024 * 1024;
        byte[] ocf = MakeBigDocument("<V>", size, "</V>");
        var ex = AssertRefused(O, ocf, 1, 1, "larger than the limit of 16777216 bytes");
        Assert.Equal(0, ex.ByteOffset);
        // Through the string and stream entry points as well.
        Assert.Throws<OcfFormatException>(() => OcfXml.Decode(new MemoryStream(ocf)));
        Assert.Throws<OcfFormatException>(() => OcfXml.Decode(new string('a', size)));

        // With the document limit raised, the string-length limit (8 Mi characters) applies instead.
        var limits = new OcfDecoderLimits { MaxDocumentBytes = 64 * 1024 * 1024 };
        var ex2 = AssertRefused(O, ocf, 1, 4, "a string is longer than the limit of 8388608 characters", limits);
        Assert.Equal(3, ex2.ByteOffset);

        byte[] rpc = MakeBigDocument("<params><param><value><string>", size, "</string></value></param></params>");
        AssertRefused(R, rpc, 1, 1, "larger than the limit");
        AssertRefused(R, rpc, 1, 31, "a string is longer than the limit", limits);
    }

    private static byte[] MakeBigDocument(string head, int fill, string tail)
    {
        byte[] h = Bytes(head), t = Bytes(tail);
        var doc = new byte[h.Length + fill + t.Length];
        h.CopyTo(doc, 0);
        doc.AsSpan(h.Length, fill).Fill((byte)'a');
        t.CopyTo(doc, h.Length + fill);
        return doc;
    }

    [Fact]
    public void String_length_limit_counts_decoded_characters()
    {
        var limits = new OcfDecoderLimits { MaxStringLength = 10 };
        Assert.Equal(new OcfString("0123456789"), OcfXml.Decode(Bytes("<V>0123456789</V>"), limits));
        AssertRefused(O, "<V>0123456789A</V>", 1, 4, "longer than the limit of 10", limits);
        // Ten characters written with references are fine; eleven are not.
        Assert.Equal(new OcfString("<<<<<<<<<<"), OcfXml.Decode(Bytes("<V>" + string.Concat(Enumerable.Repeat("&lt;", 10)) + "</V>"), limits));
        AssertRefused(O, "<V>" + string.Concat(Enumerable.Repeat("&lt;", 11)) + "</V>", 1, 4, "longer than the limit", limits);
        // Map keys and XML-RPC member names are strings too.
        AssertRefused(O, "<AL><LI key=\"0123456789A\">x</LI></AL>", 1, 14, "longer than the limit", limits);
        AssertRefused(R, Param("<struct><member><name>0123456789A</name><value>x</value></member></struct>"), 1, 45, "longer than the limit", limits);
        // Text split by a comment is counted as a whole.
        AssertRefused(O, "<L><LI>012345<!-- -->6789A</LI></L>", 1, null, "longer than the limit", limits);
        AssertRefused(R, Param("<string>012345<!-- -->6789A</string>"), 1, null, "longer than the limit", limits);
    }

    [Fact]
    public void Element_count_limit()
    {
        var limits = new OcfDecoderLimits { MaxElements = 10 };
        // 1 <L> + 9 <LI> = 10 elements: fine.
        string nine = "<L>" + string.Concat(Enumerable.Repeat("<LI>x</LI>", 9)) + "</L>";
        Assert.Equal(9, Assert.IsType<OcfList>(OcfXml.Decode(Bytes(nine), limits)).Count);
        string ten = "<L>" + string.Concat(Enumerable.Repeat("<LI>x</LI>", 10)) + "</L>";
        AssertRefused(O, ten, 1, 94, "more than the limit of 10 elements", limits);
        AssertRefused(R, "<params>" + string.Concat(Enumerable.Repeat("<param><value/></param>", 5)) + "</params>", 1, null, "more than the limit of 10 elements", limits);
    }

    [Fact]
    public void Document_size_limit_applies_to_streams_while_reading()
    {
        var limits = new OcfDecoderLimits { MaxDocumentBytes = 100 };
        var ok = OcfXml.Decode(new MemoryStream(Bytes("<L><LI>x</LI></L>")), limits);
        Assert.Equal(List("x"), ok);
        var doc = Bytes("<L>" + new string(' ', 200) + "</L>");
        var ex = Assert.Throws<OcfFormatException>(() => OcfXml.Decode(new MemoryStream(doc), limits));
        Assert.Contains("larger than the limit of 100 bytes", ex.Message);
        Assert.Throws<OcfFormatException>(() => XmlRpc.DecodeMessage(System.Text.Encoding.UTF8.GetString(doc), limits));
    }

    [Fact]
    public void A_lone_surrogate_in_a_string_document_is_a_format_error()
    {
        var ex = Assert.Throws<OcfFormatException>(() => OcfXml.Decode("<V>a\uD800</V>"));
        Assert.Contains("surrogate", ex.Message);
        Assert.Equal(1, ex.Line);
        Assert.Equal(5, ex.Column);
    }

    /// <summary>Scalar text that is not in its type's lexical form.</summary>
    public static TheoryData<string, string, int, int, string> MalformedScalars => new()
    {
        { O, "<L><LI type=\"integer\">12a</LI></L>", 1, 4, "'12a' is not an integer" },
        { O, "<L><LI type=\"integer\"> 5</LI></L>", 1, 4, "not an integer" },
        { O, "<L><LI type=\"integer\"/></L>", 1, 4, "not an integer" },
        { O, "<L><LI type=\"integer\">9223372036854775808</LI></L>", 1, 4, "not an integer" },
        { O, "<L><LI type=\"boolean\">True</LI></L>", 1, 4, "not a boolean" },
        { O, "<L><LI type=\"double\">1e5x</LI></L>", 1, 4, "not a double" },
        { O, "<L><LI type=\"double\">Infinity</LI></L>", 1, 4, "not a double" },
        { O, "<L><LI type=\"double\">1e999</LI></L>", 1, 4, "not a double" },
        { O, "<L><LI type=\"datetime\">2026-02-30T00:00:00</LI></L>", 1, 4, "not an ISO 8601" },
        { O, "<L><LI type=\"binary\">A===</LI></L>", 1, 4, "not base64" },
        { O, "<L><LI type=\"nil\">x</LI></L>", 1, 4, "must be empty" },
        { O, "<L><LI type=\"string\"><L/></LI></L>", 1, 4, "type=\"string\" cannot hold a nested element" },
        { R, "<params><param><value><base64>!!!!</base64></value></param></params>", 1, 23, "not valid base64" },
        { R, "<params><param><value><nil>x</nil></value></param></params>", 1, 23, "must be empty" },
        { R, "<params><param><value><double>1.5.2</double></value></param></params>", 1, 23, "not an XML-RPC double" },
        { R, "<params><param><value><double></double></value></param></params>", 1, 23, "not an XML-RPC double" },
        { R, "<params><param><value><int></int></value></param></params>", 1, 23, "not an integer" },
        { R, "<params><param><value><int>1.0</int></value></param></params>", 1, 23, "not an integer" },
        { R, "<params><param><value><int>0x10</int></value></param></params>", 1, 23, "not an integer" },
    };

    /// <summary>Each document is refused at the line and column given, with a message holding the given part.</summary>
    [Theory]
    [MemberData(nameof(WrongClosingTags))]
    [MemberData(nameof(UnknownOrMisplacedElements))]
    [MemberData(nameof(TextWhereAValueIsExpected))]
    [MemberData(nameof(BadReferencesAndForbiddenCharacters))]
    [MemberData(nameof(MalformedScalars))]
    public void Refused_at_the_problem_with_a_message_naming_it(string codec, string doc, int line, int column, string part) =>
        AssertRefused(codec, doc, line, column, part);

}

/// <summary>The message names the real problem, also when it is found inside a typed item or a comment.</summary>
public class BadInputMessageTests
{
    private const string O = OcfXmlCodec.CodecName;
    private const string R = XmlRpcCodec.CodecName;

    [Theory]
    [InlineData("<L><LI type=\"integer\">", 1, 23, "<LI> is not closed")]
    [InlineData("<L><LI type=\"integer\">\u0001</LI></L>", 1, 23, "control character U+0001")]
    [InlineData("<L><LI type=\"boolean\"></L>", 1, 23, "does not match the open element <LI>")]
    [InlineData("<L><LI type=\"double\"><!-- x", 1, 22, "comment is not closed")]
    [InlineData("<L><LI type=\"integer\"><X/></LI></L>", 1, 23, "holds text only")]
    [InlineData("<L><LI type=\"integer\">1<X/></LI></L>", 1, 24, "holds text only")]
    public void Typed_items_report_the_real_problem(string doc, int line, int column, string part) =>
        CodecTestKit.AssertRefused(O, doc, line, column, part);

    [Theory]
    [InlineData(O, "<L><!-- a -- b --><LI>x</LI></L>", 1, 4, "'--'")]
    [InlineData(O, "<!-- ends badly ---><L/>", 1, 1, "'--'")]
    [InlineData(O, "<L><!-- \u0001 --></L>", 1, 9, "control character U+0001")]
    [InlineData(R, "<!-- \u001B[31m --><params/>", 1, 6, "control character U+001B")]
    public void Comments_must_be_well_formed(string codec, string doc, int line, int column, string part) =>
        CodecTestKit.AssertRefused(codec, doc, line, column, part);

    [Fact]
    public void Invalid_utf8_in_a_comment_is_refused()
    {
        byte[] doc = [.. CodecTestKit.Bytes("<L>\n<!-- a"), 0xFF, .. CodecTestKit.Bytes(" --></L>")];
        CodecTestKit.AssertRefused(O, doc, 2, 7, "UTF-8");
        byte[] outside = [.. CodecTestKit.Bytes("<!-- "), 0xC3, 0x28, .. CodecTestKit.Bytes(" --><params/>")];
        CodecTestKit.AssertRefused(R, outside, 1, 6, "UTF-8");
        // Well-formed comments, including non-ASCII and an empty one, are fine anywhere.
        // (Text on both sides of a comment is one string.)
        Assert.Equal(new OcfList("x\n"), CodecTestKit.OcfXml.Decode(CodecTestKit.Bytes("<!----><L><!-- Grüße - 😀 --><LI>x<!---->\n</LI></L><!-- end -->")));
    }

    [Fact]
    public void Duplicate_attributes_are_refused()
    {
        CodecTestKit.AssertRefused(O, "<AL><LI key=\"a\" key=\"b\">x</LI></AL>", 1, 17, "the attribute 'key' appears twice");
        CodecTestKit.AssertRefused(O, "<L><LI type=\"integer\" type='integer'>1</LI></L>", 1, 23, "appears twice");
    }
}

/// <summary>Hostile documents must cost time linear in their size.</summary>
public class HostileCostTests
{
    [Theory]
    [InlineData(OcfXmlCodec.CodecName, "<L", "/>")]
    [InlineData(XmlRpcCodec.CodecName, "<params", "/>")]
    [InlineData(OcfXmlCodec.CodecName, "<AL><LI key=\"k\"", ">x</LI></AL>")]
    public void Many_attributes_on_one_element_are_refused_quickly(string codec, string head, string tail)
    {
        // ~1.5 MB of attributes: a pairwise duplicate check would take minutes.
        var sb = new System.Text.StringBuilder(head);
        for (int i = 0; i < 150_000; i++) sb.Append(" a").Append(i).Append("=\"\"");
        sb.Append(tail);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var ex = CodecTestKit.AssertRefused(codec, sb.ToString(), 1);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"took {sw.Elapsed}: {ex.Message}");
        Assert.Contains("attribute", ex.Message);
    }

    [Fact]
    public void Many_text_pieces_split_by_comments_are_linear()
    {
        var sb = new System.Text.StringBuilder("<L><LI>");
        for (int i = 0; i < 200_000; i++) sb.Append("ab<!---->");
        sb.Append("</LI></L>");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var v = Assert.IsType<OcfList>(CodecTestKit.OcfXml.Decode(CodecTestKit.Bytes(sb.ToString())));
        Assert.Equal(400_000, ((OcfString)v[0]).Value.Length);
        var rpc = "<params><param><value>" + sb.ToString()[7..^9] + "</value></param></params>";
        Assert.Equal(400_000, ((OcfString)CodecTestKit.DecodeWith(XmlRpcCodec.CodecName, CodecTestKit.Bytes(rpc))).Value.Length);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(3), $"took {sw.Elapsed}");
    }
}
