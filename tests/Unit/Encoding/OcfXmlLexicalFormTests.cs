using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;
using Xunit;
using static Ocf.Tests.Encoding.CodecTestKit;

namespace Ocf.Tests.Encoding;

/// <summary>
/// The typed-scalar forms and the XML declaration of docs/ocf-xml.md, case by case: each documented form is accepted
/// with the value it stands for, and each near miss is refused with its position and the problem named.
/// </summary>
public class OcfXmlLexicalFormTests
{
    private const string O = OcfXmlCodec.CodecName;

    private static OcfValue Typed(string type, string text) => OcfXml.Decode(Bytes($"<V type=\"{type}\">{text}</V>"));

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-0", 0L)]
    [InlineData("+5", 5L)]
    [InlineData("007", 7L)]
    [InlineData("-42", -42L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("+0009223372036854775807", long.MaxValue)]
    public void Integers_in_the_grammar_are_accepted(string text, long expected) =>
        AssertValueEqual(new OcfInteger(expected), Typed("integer", text), text);

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public void Booleans_in_the_grammar_are_accepted(string text, bool expected) =>
        AssertValueEqual(OcfValue.From(expected), Typed("boolean", text), text);

    public static TheoryData<string, double> DoubleForms() => new()
    {
        { "0.1", 0.1 }, { ".5", 0.5 }, { "5.", 5.0 }, { "-.5e-3", -0.0005 }, { "1e5", 1e5 }, { "1E+300", 1e300 },
        { "+1.5", 1.5 }, { "-0", -0.0 }, { "0", 0.0 }, { "-0.0e0", -0.0 }, { "00012.50", 12.5 },
        { "4.9E-324", double.Epsilon }, { "2.2250738585072009E-308", 2.2250738585072009E-308 }, // subnormals
        { "1e-400", 0.0 }, { "-1e-400", -0.0 }, // below the smallest subnormal: rounds to a zero of the same sign
        { "1.7976931348623157E+308", double.MaxValue }, { "-1.7976931348623157E+308", double.MinValue },
        { "NaN", double.NaN }, { "INF", double.PositiveInfinity }, { "+INF", double.PositiveInfinity }, { "-INF", double.NegativeInfinity },
    };

    [Theory]
    [MemberData(nameof(DoubleForms))]
    public void Doubles_in_the_grammar_are_accepted(string text, double expected) =>
        AssertValueEqual(new OcfDouble(expected), Typed("double", text), text); // OcfDouble equality is bitwise: -0 is not 0

    [Fact]
    public void Datetimes_in_the_grammar_are_accepted()
    {
        AssertValueEqual(new OcfDateTime(new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Unspecified)), Typed("datetime", "2026-11-25T10:00:00"));
        AssertValueEqual(new OcfDateTime(new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc)), Typed("datetime", "2026-11-25T10:00:00Z"));
        AssertValueEqual(new OcfDateTime(new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc).AddTicks(5_000_000)), Typed("datetime", "2026-11-25T10:00:00.5Z"));
        AssertValueEqual(new OcfDateTime(new DateTime(2026, 11, 25, 10, 0, 0).AddTicks(1_234_567)), Typed("datetime", "2026-11-25T10:00:00.1234567"));
        AssertValueEqual(new OcfDateTime(new DateTime(2024, 2, 29, 23, 59, 59)), Typed("datetime", "2024-02-29T23:59:59"));
        AssertValueEqual(new OcfDateTime(DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)), Typed("datetime", "0001-01-01T00:00:00Z"));
        AssertValueEqual(new OcfDateTime(DateTime.MaxValue), Typed("datetime", "9999-12-31T23:59:59.9999999"));
        // An offset names an instant; it is read as that instant in local time (the model keeps no offset).
        var instant = new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);
        foreach (var (text, utc) in new[]
        {
            ("2026-11-25T11:00:00+01:00", instant), ("2026-11-25T05:30:00-04:30", instant), ("2026-11-25T10:00:00-00:00", instant),
            ("2026-11-26T00:00:00+14:00", instant), ("2026-11-24T20:00:00-14:00", instant),
        })
        {
            var t = Assert.IsType<OcfDateTime>(Typed("datetime", text)).Value;
            Assert.Equal(DateTimeKind.Local, t.Kind);
            Assert.Equal(utc, t.ToUniversalTime());
        }
    }

    [Theory]
    [InlineData("", new byte[0])]
    [InlineData("AQID", new byte[] { 1, 2, 3 })]
    [InlineData("AQ==", new byte[] { 1 })]
    [InlineData("AQI=", new byte[] { 1, 2 })]
    [InlineData("+/8=", new byte[] { 0xFB, 0xFF })]
    [InlineData(" A Q\nI D\t", new byte[] { 1, 2, 3 })]
    [InlineData("AQ = =", new byte[] { 1 })]
    [InlineData("AQID&#13;&#10;BAUG", new byte[] { 1, 2, 3, 4, 5, 6 })]
    public void Base64_in_the_grammar_is_accepted(string text, byte[] expected) =>
        AssertValueEqual(new OcfBinary(expected), Typed("binary", text), text);

    [Fact]
    public void Typed_text_is_read_after_references_and_CDATA_are_resolved() =>
        AssertValueEqual(List(5L, true, 0.5), OcfXml.Decode(Bytes(
            "<L><LI type=\"integer\">&#x35;</LI><LI type=\"boolean\"><![CDATA[true]]></LI><LI type=\"double\">.<!-- c -->5</LI></L>")));

    [Theory]
    // integer
    [InlineData("integer", "", "expected digits")]
    [InlineData("integer", "+", "expected digits")]
    [InlineData("integer", "-", "expected digits")]
    [InlineData("integer", "1.0", "only digits")]
    [InlineData("integer", "1e3", "only digits")]
    [InlineData("integer", "5 ", "only digits")]
    [InlineData("integer", "0x10", "only digits")]
    [InlineData("integer", "+-5", "only digits")]
    [InlineData("integer", "\u0661", "only digits")] // ARABIC-INDIC DIGIT ONE
    [InlineData("integer", "9223372036854775808", "64-bit range")]
    [InlineData("integer", "-9223372036854775809", "64-bit range")]
    [InlineData("integer", "99999999999999999999999", "64-bit range")]
    // boolean
    [InlineData("boolean", "TRUE", "expected true, false, 1 or 0")]
    [InlineData("boolean", "yes", "expected true, false, 1 or 0")]
    [InlineData("boolean", "", "expected true, false, 1 or 0")]
    [InlineData("boolean", " true", "expected true, false, 1 or 0")]
    [InlineData("boolean", "01", "expected true, false, 1 or 0")]
    // double
    [InlineData("double", "", "expected digits")]
    [InlineData("double", ".", "expected digits")]
    [InlineData("double", "-.", "expected digits")]
    [InlineData("double", "e5", "expected digits")]
    [InlineData("double", "+NaN", "expected digits")]
    [InlineData("double", "-NaN", "expected digits")]
    [InlineData("double", "nan", "expected digits")]
    [InlineData("double", "inf", "expected digits")]
    [InlineData("double", "-Infinity", "expected digits")]
    [InlineData("double", "1e", "digits in the exponent")]
    [InlineData("double", "1e+", "digits in the exponent")]
    [InlineData("double", "1.5.2", "unexpected '.'")]
    [InlineData("double", "1,5", "unexpected ','")]
    [InlineData("double", "1 ", "unexpected ' '")]
    [InlineData("double", " 1", "expected digits")]
    [InlineData("double", "1d", "unexpected 'd'")]
    [InlineData("double", "0x1p3", "unexpected 'x'")]
    [InlineData("double", "1e999", "beyond the range of a double")]
    [InlineData("double", "-1.8e308", "beyond the range of a double")]
    // datetime
    [InlineData("datetime", "2026-11-25", "expected yyyy-MM-ddTHH:mm:ss")]
    [InlineData("datetime", "2026-11-25T10:00", "expected yyyy-MM-ddTHH:mm:ss")]
    [InlineData("datetime", "2026-11-25 10:00:00", "expected yyyy-MM-ddTHH:mm:ss")]
    [InlineData("datetime", "2026-11-25t10:00:00", "expected yyyy-MM-ddTHH:mm:ss")]
    [InlineData("datetime", "26-11-25T10:00:00", "expected yyyy-MM-ddTHH:mm:ss")]
    [InlineData("datetime", "12026-11-25T10:00:00", "expected yyyy-MM-ddTHH:mm:ss")]
    [InlineData("datetime", "-2026-11-25T10:00:00", "expected yyyy-MM-ddTHH:mm:ss")]
    [InlineData("datetime", "2026-11-25T10:00:00+0100", "expected Z, +hh:mm or -hh:mm")]
    [InlineData("datetime", "2026-11-25T10:00:00+01", "expected Z, +hh:mm or -hh:mm")]
    [InlineData("datetime", "2026-11-25T10:00:00z", "expected Z, +hh:mm or -hh:mm")]
    [InlineData("datetime", "2026-11-25T10:00:00Z ", "expected Z, +hh:mm or -hh:mm")]
    [InlineData("datetime", "2026-11-25T10:00:00 ", "expected Z, +hh:mm or -hh:mm")]
    [InlineData("datetime", "2026-11-25T10:00:00.Z", "expected digits after '.'")]
    [InlineData("datetime", "2026-11-25T10:00:00.12345678", "more than 7 fractional digits")]
    [InlineData("datetime", "0000-01-01T00:00:00", "year 0000")]
    [InlineData("datetime", "2026-13-01T00:00:00", "month must be 01-12")]
    [InlineData("datetime", "2026-00-01T00:00:00", "month must be 01-12")]
    [InlineData("datetime", "2026-02-29T00:00:00", "day 29 does not exist in 2026-02")]
    [InlineData("datetime", "2026-04-31T00:00:00", "day 31 does not exist")]
    [InlineData("datetime", "2026-11-25T24:00:00", "hour must be 00-23")]
    [InlineData("datetime", "2026-11-25T10:60:00", "minute must be 00-59")]
    [InlineData("datetime", "2026-11-25T10:00:60", "second must be 00-59")]
    [InlineData("datetime", "2026-11-25T10:00:00+15:00", "within -14:00 and +14:00")]
    [InlineData("datetime", "2026-11-25T10:00:00+14:01", "within -14:00 and +14:00")]
    [InlineData("datetime", "2026-11-25T10:00:00+01:60", "within -14:00 and +14:00")]
    [InlineData("datetime", "0001-01-01T00:00:00+01:00", "out of range")]
    [InlineData("datetime", "9999-12-31T23:59:59-00:01", "out of range")]
    // binary
    [InlineData("binary", "A", "not a multiple of 4")]
    [InlineData("binary", "AQI", "not a multiple of 4")]
    [InlineData("binary", "AQ=", "not a multiple of 4")]
    [InlineData("binary", "A===", "more than two '='")]
    [InlineData("binary", "AQ==AQ==", "'=' may only end the data")]
    [InlineData("binary", "AQ=I", "'=' may only end the data")]
    [InlineData("binary", "AR==", "bits before the padding must be zero")]
    [InlineData("binary", "AQJ=", "bits before the padding must be zero")]
    [InlineData("binary", "AQ-_", "'-' is not a base64 character")]
    [InlineData("binary", "AQ\u00E9D", "a non-ASCII character is not base64")]
    public void Near_misses_are_refused_naming_the_problem(string type, string text, string problem)
    {
        var ex = AssertRefused(O, $"<L>\n  <LI type=\"{type}\">{text}</LI></L>", 2, 3, problem);
        Assert.Contains(text.Length > 0 ? $"'{text}' is not" : "'' is not", ex.Message);
    }

    [Fact]
    public void Invalid_utf8_in_a_typed_item_is_reported_as_such() =>
        AssertRefused(O, [.. Bytes("<L><LI type=\"integer\">1"), 0xFF, .. Bytes("</LI></L>")], 1, 24, "invalid UTF-8");

    // ---- the XML declaration ----

    [Theory]
    [InlineData("<?xml version=\"1.0\"?>")]
    [InlineData("<?xml version='1.0'?>")]
    [InlineData("<?xml version=\"1.0\" ?>")]
    [InlineData("<?xml\tversion = \"1.0\"\n encoding='utf-8'  standalone=\"yes\"\r\n?>")]
    [InlineData("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")]
    [InlineData("<?xml version=\"1.0\" standalone='no'?>")]
    [InlineData("\uFEFF<?xml version=\"1.0\"?>")]
    public void Xml_declarations_in_the_grammar_are_accepted(string decl) =>
        AssertValueEqual(List("x"), OcfXml.Decode(Bytes(decl + "\n<L><LI>x</LI></L>")), decl);

    [Theory]
    [InlineData("<?xml foo=\"bar\"?>", 6, "must begin with version=\"1.0\"")]
    [InlineData("<?xml?>", 6, "must begin with version=\"1.0\"")]
    [InlineData("<?xml encoding=\"UTF-8\" version=\"1.0\"?>", 6, "must begin with version=\"1.0\"")]
    [InlineData("<?xml version=\"1.1\"?>", 16, "XML version '1.1' is not supported")]
    [InlineData("<?xml version=\"1.0\" foo=\"bar\"?>", 21, "unexpected content in the XML declaration")]
    [InlineData("<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?>", 38, "unexpected content in the XML declaration")]
    [InlineData("<?xml version=\"1.0\"encoding=\"UTF-8\"?>", 20, "unexpected content in the XML declaration")]
    [InlineData("<?xml version=\"1.0\" encoding=\"UTF8\"?>", 1, "encoding 'UTF8' is not supported")]
    [InlineData("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", 1, "encoding 'ISO-8859-1' is not supported")]
    [InlineData("<?xml version=\"1.0\" standalone=\"maybe\"?>", 33, "standalone must be \"yes\" or \"no\"")]
    [InlineData("<?xml version=1.0?>", 15, "expected a quoted value")]
    [InlineData("<?xml version\"1.0\"?>", 14, "expected '='")]
    [InlineData("<?xml version=\"1.0\" encoding=\"UTF-8?>", 30, "is not closed")]
    [InlineData("<?xml version=\"1.0\"", 1, "the XML declaration is not closed")]
    public void Other_xml_declarations_are_refused(string decl, int column, string problem) =>
        AssertRefused(O, decl + "<L/>", 1, column, problem);

    [Fact]
    public void An_xml_declaration_is_only_allowed_at_the_start() =>
        AssertRefused(O, "\n<?xml version=\"1.0\"?><L/>", 2, 1, "only allowed at the very start");

    // ---- character data ----

    [Theory]
    [InlineData("<L><LI>a]]>b</LI></L>", 1, 9)]
    [InlineData("<L><LI>]]]></LI></L>", 1, 9)]
    [InlineData("<L><LI>a&amp;]]></LI></L>", 1, 14)]
    [InlineData("<L>\n]]></L>", 2, 1)]
    [InlineData("<L><LI type=\"integer\">1]]></LI></L>", 1, 24)]
    public void Cdata_end_in_character_data_is_refused(string doc, int line, int column) =>
        AssertRefused(O, doc, line, column, "']]>' is not allowed in character data");

    [Fact]
    public void Cdata_end_in_xml_rpc_character_data_is_refused_too() =>
        AssertRefused(XmlRpcCodec.CodecName, "<params><param><value><string>a]]>b</string></value></param></params>", 1, 32, "']]>'");

    [Fact]
    public void Brackets_that_do_not_end_a_CDATA_section_are_text() =>
        AssertValueEqual(List("a]]>b", "a]]b", "]>", "]", "]]>", "]]]"),
            OcfXml.Decode(Bytes("<L><LI>a]]&gt;b</LI><LI>a]]b</LI><LI>]></LI><LI>]</LI><LI><![CDATA[]]]]><![CDATA[>]]></LI><LI>]]]</LI></L>")));

    [Fact]
    public void Cdata_end_in_an_attribute_value_is_allowed() =>
        AssertValueEqual(Map(("a]]>b", "x")), OcfXml.Decode(Bytes("<AL><LI key=\"a]]>b\">x</LI></AL>")));

    [Fact]
    public void Non_characters_in_a_comment_are_refused()
    {
        AssertRefused(O, "<L><!-- \uFFFE --></L>", 1, 9, "U+FFFE");
        AssertRefused(O, "<!-- a\uFFFF --><L/>", 1, 7, "U+FFFF");
    }
}
