using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;
using Xunit;
using static Ocf.Tests.Encoding.CodecTestKit;

namespace Ocf.Tests.Encoding;

/// <summary>Every kind of value through both codecs, compact and indented.</summary>
public class RoundTripTests
{
    public static readonly string[] TrickyStrings =
    [
        "",
        " ",
        "   ",
        "plain",
        "  leading",
        "trailing  ",
        "\tlead tab and trailing newline\n",
        "\n",
        "\r",
        "\r\n",
        "a\rb",
        "a\r\nb",
        "a\n\rb",
        "line1\nline2\r\nline3\rline4",
        "tab\there",
        "<>&\"'",
        "&amp; is not decoded twice &lt;",
        "]]> and <![CDATA[ are just text",
        "<!-- not a comment -->",
        "<L><LI>not markup</LI></L>",
        "Grüße, 日本語, Ελληνικά, עברית",
        "non-BMP: \U0001F600 \U0001D11E \U00010000 \U0010FFFD",
        "\u007F\u0080\u0085\u009F\u00A0\u2028\u2029\uFEFF\uFFFD",
        "\uE000 private use \uF8FF",
        new string('x', 70_000),
    ];

    public static TheoryData<string, bool, string> StringCases()
    {
        var data = new TheoryData<string, bool, string>();
        foreach (var codec in new[] { OcfXmlCodec.CodecName, XmlRpcCodec.CodecName })
            foreach (bool indent in new[] { false, true })
                foreach (var s in TrickyStrings)
                    data.Add(codec, indent, s);
        return data;
    }

    [Theory]
    [MemberData(nameof(StringCases))]
    public void Strings_round_trip_exactly(string codec, bool indent, string s)
    {
        // Alone, as a list item, as a map value and as a map key.
        AssertValueEqual(new OcfString(s), RoundTrip(codec, new OcfString(s), indent), Escape(s));
        var nested = Map(("k", s), (s, List(s, s)), ("z", Map((s, s))));
        AssertValueEqual(nested, RoundTrip(codec, nested, indent), Escape(s));
    }

    public static readonly DateTime SomeTime = new(2026, 11, 25, 10, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Values both codecs carry exactly.</summary>
    public static readonly OcfValue[] CommonValues =
    [
        OcfValue.Nil,
        new OcfString("text"),
        new OcfInteger(0), new OcfInteger(1), new OcfInteger(-1),
        new OcfInteger(int.MaxValue), new OcfInteger(int.MinValue),
        new OcfInteger((long)int.MaxValue + 1), new OcfInteger((long)int.MinValue - 1),
        new OcfInteger(long.MaxValue), new OcfInteger(long.MinValue),
        OcfBoolean.True, OcfBoolean.False,
        new OcfDouble(0.0), new OcfDouble(-0.0), new OcfDouble(0.1), new OcfDouble(-2.5), new OcfDouble(1.0 / 3),
        new OcfDouble(1e300), new OcfDouble(-1e300), new OcfDouble(5e-324), new OcfDouble(-5e-324), new OcfDouble(1e-300),
        new OcfDouble(double.MaxValue), new OcfDouble(double.MinValue), new OcfDouble(2.2250738585072014E-308),
        new OcfDouble(123456789012345680000.0), new OcfDouble(1.5e-5), new OcfDouble(9007199254740993.0),
        new OcfDateTime(SomeTime),
        new OcfDateTime(new DateTime(1, 1, 1, 0, 0, 0)),
        new OcfDateTime(new DateTime(9999, 12, 31, 23, 59, 59)),
        new OcfBinary([]), new OcfBinary([0]), new OcfBinary([0, 1, 2, 253, 254, 255]),
        new OcfBinary(Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray()),
        OcfList.Empty, OcfMap.Empty,
        List(OcfList.Empty), List(OcfMap.Empty), Map(("empty", OcfList.Empty), ("e2", OcfMap.Empty)),
        List("a", 1L, 2.5, true, OcfValue.Nil, Bin(9), SomeTime, List(), Map()),
        Map(("", "empty key"), (" ", "space key"), ("k\te\ny\rs", "control keys"), ("\"'<>&", "markup key"), ("\U0001F600", "emoji key")),
        Map(("nested", List(Map(("deep", List(List(List(1L, "x"))))))), ("after", "value")),
    ];

    public static TheoryData<string, bool, int> CommonCases()
    {
        var data = new TheoryData<string, bool, int>();
        foreach (var codec in new[] { OcfXmlCodec.CodecName, XmlRpcCodec.CodecName })
            foreach (bool indent in new[] { false, true })
                for (int i = 0; i < CommonValues.Length; i++)
                    data.Add(codec, indent, i);
        return data;
    }

    [Theory]
    [MemberData(nameof(CommonCases))]
    public void Every_value_kind_round_trips(string codec, bool indent, int index)
    {
        var value = CommonValues[index];
        AssertValueEqual(value, RoundTrip(codec, value, indent));
        // Also inside containers, where a scalar is written differently from at the root.
        var wrapped = Map(("v", value), ("l", List(value, value)));
        AssertValueEqual(wrapped, RoundTrip(codec, wrapped, indent));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Everything_at_once_through_both_codecs(bool indent)
    {
        var all = new OcfList(CommonValues.Concat(TrickyStrings.Select(s => (OcfValue)s)));
        AssertValueEqual(all, RoundTrip(OcfXmlCodec.CodecName, all, indent));
        AssertValueEqual(all, RoundTrip(XmlRpcCodec.CodecName, all, indent));
    }

    /// <summary>ocf-xml writes the round-trip "o" format, so every DateTime (ticks and kind) survives.</summary>
    [Theory]
    [InlineData(DateTimeKind.Unspecified)]
    [InlineData(DateTimeKind.Utc)]
    [InlineData(DateTimeKind.Local)]
    public void OcfXml_keeps_datetime_ticks_and_kind(DateTimeKind kind)
    {
        var t = new DateTime(2026, 6, 25, 10, 11, 12, kind).AddTicks(1234567);
        foreach (bool indent in new[] { false, true })
        {
            var back = Assert.IsType<OcfDateTime>(RoundTrip(OcfXmlCodec.CodecName, new OcfDateTime(t), indent));
            Assert.Equal(kind, back.Value.Kind);
            if (kind == DateTimeKind.Local) Assert.Equal(t.ToUniversalTime(), back.Value.ToUniversalTime());
            else Assert.Equal(t.Ticks, back.Value.Ticks);
        }
    }

    /// <summary>ocf-xml carries NaN and the infinities (XML-RPC refuses them: see the encoder-refusal tests).</summary>
    [Fact]
    public void OcfXml_carries_nan_and_infinities()
    {
        foreach (var d in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            AssertValueEqual(new OcfDouble(d), RoundTrip(OcfXmlCodec.CodecName, new OcfDouble(d), indent: false));
        Assert.Equal("<L><LI type=\"double\">NaN</LI><LI type=\"double\">INF</LI><LI type=\"double\">-INF</LI></L>",
            OcfXml.Text(List(double.NaN, double.PositiveInfinity, double.NegativeInfinity)));
    }

    /// <summary>
    /// XML-RPC's dateTime.iso8601 is "yyyyMMddTHH:mm:ss": whole seconds and no zone. What we assert: the encoder writes
    /// that form from the wall-clock fields (whatever the Kind), sub-second ticks are dropped, and the decoder gives
    /// DateTimeKind.Unspecified. A zone suffix from other peers (Z or ±hh:mm) decodes to the UTC instant with Kind Utc.
    /// </summary>
    [Fact]
    public void XmlRpc_datetime_is_whole_second_and_zoneless()
    {
        var t = new DateTime(2026, 11, 25, 10, 0, 7, DateTimeKind.Utc).AddTicks(7_654_321);
        string xml = XmlRpc.Text(new OcfDateTime(t));
        Assert.Contains("<dateTime.iso8601>20261125T10:00:07</dateTime.iso8601>", xml);
        var back = Assert.IsType<OcfDateTime>(DecodeWith(XmlRpcCodec.CodecName, Bytes(xml)));
        Assert.Equal(new DateTime(2026, 11, 25, 10, 0, 7), back.Value);
        Assert.Equal(DateTimeKind.Unspecified, back.Value.Kind);

        string Doc(string text) => $"<params><param><value><dateTime.iso8601>{text}</dateTime.iso8601></value></param></params>";
        Assert.Equal(new OcfDateTime(new DateTime(2026, 11, 25, 10, 0, 7)), DecodeWith(XmlRpcCodec.CodecName, Bytes(Doc("2026-11-25T10:00:07"))));
        Assert.Equal(new OcfDateTime(new DateTime(2026, 11, 25, 10, 0, 7)), DecodeWith(XmlRpcCodec.CodecName, Bytes(Doc(" 20261125T100007 "))));
        Assert.Equal(new OcfDateTime(new DateTime(2026, 11, 25, 8, 0, 7, DateTimeKind.Utc)), DecodeWith(XmlRpcCodec.CodecName, Bytes(Doc("20261125T10:00:07+02:00"))));
        Assert.Equal(new OcfDateTime(new DateTime(2026, 11, 25, 10, 0, 7, DateTimeKind.Utc)), DecodeWith(XmlRpcCodec.CodecName, Bytes(Doc("20261125T10:00:07Z"))));
        AssertRefused(XmlRpcCodec.CodecName, Doc("2026-13-25T10:00:07"), 1, 23, "dateTime.iso8601");
        AssertRefused(XmlRpcCodec.CodecName, Doc("yesterday"), 1, 23, "dateTime.iso8601");
    }

    [Fact]
    public void Indented_output_only_adds_whitespace_between_elements()
    {
        var v = Map(("s", "  text with spaces  "), ("l", List(1L, List("x"))), ("m", Map(("k", "v"))));
        foreach (IOcfCodec codec in new IOcfCodec[] { OcfXml, XmlRpc })
        {
            string compact = codec.Text(v);
            string indented = codec.Text(v, indent: true);
            Assert.DoesNotContain("\n", compact);
            Assert.Contains("\n", indented);
            Assert.Contains(">  text with spaces  <", indented);
            // Removing the whitespace between tags gives back the compact form.
            string squeezed = System.Text.RegularExpressions.Regex.Replace(indented, @">\s+<", "><").Trim();
            Assert.Equal(compact, squeezed);
        }
    }

    [Fact]
    public void Carriage_returns_are_written_as_references_so_xml_line_end_normalisation_cannot_eat_them()
    {
        Assert.Equal("<V>a&#13;b&#13;\nc</V>", OcfXml.Text("a\rb\r\nc"));
        Assert.Equal("<AL><LI key=\"a&#13;&#10;&#9;b\">x</LI></AL>", OcfXml.Text(Map(("a\r\n\tb", "x"))));
        Assert.Contains("<string>a&#13;b</string>", XmlRpc.Text("a\rb"));
    }

    [Fact]
    public void Scalars_at_the_root_of_an_ocf_xml_document_use_V()
    {
        Assert.Equal("<V>text</V>", OcfXml.Text("text"));
        Assert.Equal("<V/>", OcfXml.Text(""));
        Assert.Equal("<V type=\"integer\">-42</V>", OcfXml.Text(-42L));
        Assert.Equal("<V type=\"boolean\">true</V>", OcfXml.Text(true));
        Assert.Equal("<V type=\"nil\"/>", OcfXml.Text(OcfValue.Nil));
        Assert.Equal("<V type=\"binary\">AAH/</V>", OcfXml.Text(Bin(0, 1, 255)));
        Assert.Equal("<V type=\"datetime\">2026-11-25T10:00:00.0000000Z</V>", OcfXml.Text(new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("<V type=\"double\">0.1</V>", OcfXml.Text(0.1));
        Assert.Equal("<L/>", OcfXml.Text(OcfList.Empty));
        Assert.Equal("<AL/>", OcfXml.Text(OcfMap.Empty));
    }

    [Fact]
    public void Stream_and_string_entry_points_agree()
    {
        var v = PaperExampleTests.Serial;
        foreach (IOcfCodec codec in new IOcfCodec[] { OcfXml, XmlRpc })
        {
            var ms = new MemoryStream();
            codec.Encode(v, ms);
            ms.Position = 0;
            AssertValueEqual(v, codec.Decode(ms));
            AssertValueEqual(v, codec.Decode(codec.EncodeToString(v)));
            AssertValueEqual(v, codec.Decode(codec.EncodeToBytes(v)));
        }
    }

    [Fact]
    public void A_byte_order_mark_is_accepted()
    {
        byte[] doc = [0xEF, 0xBB, 0xBF, .. Bytes("<L><LI>x</LI></L>")];
        AssertValueEqual(List("x"), OcfXml.Decode(doc));
    }
}
