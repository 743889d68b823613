using System.Text;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.XmlRpc;
using Xunit;
using static Ocf.Tests.Encoding.CodecTestKit;

namespace Ocf.Tests.Encoding;

/// <summary>
/// The XML-RPC decoder matches scalar members and array values written without attributes, comments, CR or references
/// as bytes, and keeps per-thread scratch stacks and a cache of short names and strings between documents. None of that
/// may change what a document decodes to, what it is refused for, or where the error is reported.
/// </summary>
public class XmlRpcDecoderFastPathTests
{
    private const string R = XmlRpcCodec.CodecName;

    private static string Param(string valueXml) => $"<params><param><value>{valueXml}</value></param></params>";

    /// <summary>The same document with a comment after every &lt;value&gt;, which the fast path never matches.</summary>
    private static string ThroughTokenizer(string doc) => doc.Replace("<value>", "<value><!---->");

    private static readonly (string Xml, OcfValue Value)[] Scalars =
    [
        ("plain", "plain"),
        ("", ""),
        ("  ", "  "),
        ("<string>s</string>", "s"),
        ("<string/>", ""),
        ("<string></string>", ""),
        ("<int>-2147483648</int>", (long)int.MinValue),
        ("<i4>2147483647</i4>", (long)int.MaxValue),
        ("<int> +7 </int>", 7L),
        ("<int>-999999999</int>", -999999999L), // the longest the array fast path for int takes
        ("<int>0000000012</int>", 12L),
        ("<int>-0</int>", 0L),
        ("<i8>-9223372036854775808</i8>", long.MinValue),
        ("<ex:i8>9223372036854775807</ex:i8>", long.MaxValue),
        ("<boolean>1</boolean>", true),
        ("<boolean> 0 </boolean>", false),
        ("<double>-0.5</double>", -0.5),
        ("<double>1e+300</double>", 1e300),
        ("<dateTime.iso8601>20250601T12:34:56</dateTime.iso8601>", new DateTime(2025, 6, 1, 12, 34, 56, DateTimeKind.Unspecified)),
        ("<dateTime.iso8601>2024-02-29T00:00:00</dateTime.iso8601>", new DateTime(2024, 2, 29, 0, 0, 0, DateTimeKind.Unspecified)),
        ("<dateTime.iso8601>20250601T12:00:00Z</dateTime.iso8601>", new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc)),
        ("<dateTime.iso8601>2025-06-01T12:00:00.25</dateTime.iso8601>", new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Unspecified).AddMilliseconds(250)),
        ("<dateTime.iso8601>20250601T123456</dateTime.iso8601>", new DateTime(2025, 6, 1, 12, 34, 56, DateTimeKind.Unspecified)),
        ("<nil/>", OcfNil.Instance),
        ("<ex:nil/>", OcfNil.Instance),
        ("<nil></nil>", OcfNil.Instance),
        ("<base64>AQID</base64>", Bin(1, 2, 3)),
        ("\n  <int>5</int>\n", 5L),
        ("<struct></struct>", OcfMap.Empty),
        ("<array><data/></array>", OcfList.Empty),
    ];

    [Fact]
    public void Every_scalar_form_decodes_the_same_with_and_without_the_fast_path()
    {
        var members = new StringBuilder("<struct>");
        var items = new StringBuilder("<array><data>");
        var expectedMembers = new List<(string, OcfValue)>();
        for (int i = 0; i < Scalars.Length; i++)
        {
            members.Append($"\n <member><name>m{i}</name><value>{Scalars[i].Xml}</value></member>");
            items.Append($"<value>{Scalars[i].Xml}</value>\n");
            expectedMembers.Add(($"m{i}", Scalars[i].Value));
        }
        members.Append("</struct>");
        items.Append("</data></array>");
        var expected = List(Map(expectedMembers.ToArray()), List(Scalars.Select(s => s.Value).ToArray()));
        string doc = Param($"<array><data><value>{members}</value><value>{items}</value></data></array>");
        for (int round = 0; round < 2; round++) // the second round finds names and strings in the cache
        {
            AssertValueEqual(expected, DecodeWith(R, Bytes(doc)));
            AssertValueEqual(expected, DecodeWith(R, Bytes(ThroughTokenizer(doc))));
        }
    }

    /// <summary>Values in the literal shape that break a rule: refused at the typed element, as through the tokenizer.</summary>
    public static TheoryData<string, string> BadLiterals => new()
    {
        { "<int>2147483648</int>", "beyond the 32-bit range of <int>" },
        { "<i4>-2147483649</i4>", "beyond the 32-bit range of <i4>" },
        { "<int>1.5</int>", "is not an integer" },
        { "<int>-</int>", "is not an integer" },
        { "<int></int>", "is not an integer" },
        { "<int>99999999999</int>", "beyond the 32-bit range of <int>" },
        { "<i8>9223372036854775808</i8>", "beyond the 64-bit range of <i8>" },
        { "<boolean>2</boolean>", "not an XML-RPC boolean" },
        { "<boolean>true</boolean>", "not an XML-RPC boolean" },
        { "<double>NaN</double>", "not an XML-RPC double" },
        { "<double>1e400</double>", "not an XML-RPC double" },
        { "<dateTime.iso8601>20250230T12:00:00</dateTime.iso8601>", "not an XML-RPC dateTime.iso8601" },
        { "<dateTime.iso8601>20230229T12:00:00</dateTime.iso8601>", "not an XML-RPC dateTime.iso8601" },
        { "<dateTime.iso8601>00000101T00:00:00</dateTime.iso8601>", "not an XML-RPC dateTime.iso8601" },
        { "<dateTime.iso8601>20250601T24:00:00</dateTime.iso8601>", "not an XML-RPC dateTime.iso8601" },
        { "<dateTime.iso8601>2025-06-01T12:60:00</dateTime.iso8601>", "not an XML-RPC dateTime.iso8601" },
        { "<dateTime.iso8601>2025-0601T12:00:00</dateTime.iso8601>", "not an XML-RPC dateTime.iso8601" },
        { "<nil>x</nil>", "<nil/> must be empty" },
        { "<base64>AQI</base64>", "not valid base64" },
        { "<float>1</float>", "unknown value type <float>" },
    };

    [Theory]
    [MemberData(nameof(BadLiterals))]
    public void Literal_values_that_break_a_rule_are_refused_at_their_element(string typed, string message)
    {
        foreach (string doc in new[]
        {
            Param($"<struct><member><name>a</name><value><int>1</int></value></member><member><name>b</name><value>{typed}</value></member></struct>"),
            Param($"<array><data><value><int>1</int></value><value>{typed}</value></data></array>"),
        })
        {
            var ex = AssertRefused(R, doc, 1, null, message);
            Assert.Equal(doc.IndexOf(typed, StringComparison.Ordinal), (int)ex.ByteOffset);
            var slow = AssertRefused(R, ThroughTokenizer(doc), 1, null, message);
            Assert.Equal(ThroughTokenizer(doc).IndexOf(typed, StringComparison.Ordinal), (int)slow.ByteOffset);
        }
    }

    [Fact]
    public void Names_and_strings_that_share_a_cache_slot_are_kept_apart()
    {
        // Same length, first, middle and last byte: the cache's hash cannot tell these apart, only the comparison can.
        string doc = Param("<struct><member><name>abcXe</name><value>abcXe</value></member>"
            + "<member><name>abcYe</name><value><string>abcYe</string></value></member>"
            + "<member><name>abcXe2</name><value><array><data><value>abcYe</value><value><string>abcXe</string></value></data></array></value></member></struct>");
        var expected = Map(("abcXe", "abcXe"), ("abcYe", "abcYe"), ("abcXe2", List("abcYe", "abcXe")));
        for (int i = 0; i < 3; i++) AssertValueEqual(expected, DecodeWith(R, Bytes(doc)));
    }

    [Fact]
    public void Non_ascii_and_escaped_text_is_never_taken_from_the_cache()
    {
        AssertValueEqual(Map(("ab", "cd")), DecodeWith(R, Bytes(Param("<struct><member><name>ab</name><value>cd</value></member></struct>"))));
        // Equal characters written differently, and different characters of the same byte length.
        AssertValueEqual(Map(("ab", "cd")), DecodeWith(R, Bytes(Param("<struct><member><name>a&#98;</name><value>c&#100;</value></member></struct>"))));
        AssertValueEqual(Map(("é", "ü")), DecodeWith(R, Bytes(Param("<struct><member><name>é</name><value>ü</value></member></struct>"))));
        AssertValueEqual(Map(("ab", "cd")), DecodeWith(R, Bytes(Param("<struct><member><name>ab</name><value>cd</value></member></struct>"))));
    }

    [Fact]
    public void Cached_names_and_strings_still_obey_the_string_length_limit()
    {
        string doc = Param("<struct><member><name>0123456789A</name><value>0123456789B</value></member></struct>");
        AssertValueEqual(Map(("0123456789A", "0123456789B")), DecodeWith(R, Bytes(doc))); // now both are cached
        var limits = new OcfDecoderLimits { MaxStringLength = 10 };
        var ex = AssertRefused(R, doc, 1, null, "longer than the limit of 10", limits);
        Assert.Equal(doc.IndexOf("0123456789A", StringComparison.Ordinal), (int)ex.ByteOffset);
        string value = Param("<struct><member><name>k</name><value><string>0123456789B</string></value></member></struct>");
        ex = AssertRefused(R, value, 1, null, "longer than the limit of 10", limits);
        Assert.Equal(value.IndexOf("0123456789B", StringComparison.Ordinal), (int)ex.ByteOffset);
    }

    [Fact]
    public void Method_names_from_the_cache_are_checked_and_trimmed_as_before()
    {
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal("cluster.heartbeat", Assert.IsType<XmlRpcMethodCall>(XmlRpc.DecodeMessage(Bytes("<methodCall><methodName>cluster.heartbeat</methodName></methodCall>"))).MethodName);
            Assert.Equal("cluster.heartbeax", Assert.IsType<XmlRpcMethodCall>(XmlRpc.DecodeMessage(Bytes("<methodCall><methodName> cluster.heartbeax\n</methodName></methodCall>"))).MethodName);
        }
        var ex = Assert.Throws<OcfFormatException>(() => XmlRpc.DecodeMessage(Bytes("<methodCall><methodName>a b</methodName></methodCall>")));
        Assert.Contains("has the character ' '", ex.Message);
        Assert.Equal(12, (int)ex.ByteOffset);
    }

    [Fact]
    public void A_document_refused_halfway_leaves_nothing_behind_for_the_next()
    {
        // The refused document fills the scratch stacks (an array in a struct in an array) before the error.
        AssertRefused(R, Param("<array><data><value>a</value><value><struct><member><name>k</name><value><array><data><value>x</value>"
            + "<value><int>y</int></value></data></array></value></member></struct></value></data></array>"), 1, null, "is not an integer");
        AssertValueEqual(List("b", Map(("k", List("z")))), DecodeWith(R, Bytes(Param(
            "<array><data><value>b</value><value><struct><member><name>k</name><value><array><data><value>z</value></data></array></value></member></struct></value></data></array>"))));
        AssertValueEqual(OcfList.Empty, DecodeWith(R, Bytes(Param("<array><data/></array>"))));
    }

    [Fact]
    public void Structs_past_the_index_threshold_find_duplicates_and_their_names()
    {
        var entries = Enumerable.Range(0, 20).Select(i => ($"k{i}", (OcfValue)(long)i)).ToArray();
        string Member(string name, string value) => $"<member><name>{name}</name><value>{value}</value></member>";
        string doc = Param("<struct>" + string.Concat(entries.Select(e => Member(e.Item1, $"<int>{((OcfInteger)e.Item2).Value}</int>"))) + "</struct>");
        var map = Assert.IsType<OcfMap>(DecodeWith(R, Bytes(doc)));
        AssertValueEqual(Map(entries), map);
        foreach (var (key, value) in entries) Assert.Equal(value, map[key]);
        Assert.False(map.ContainsKey("k20"));
        foreach (int duplicateAt in new[] { 3, 8, 9, 15 })
            foreach (string second in new[] { "y", "<!---->y", "<int>99999999999</int>" })
            {
                // Reported at the second <member>, whether its value takes the fast path, the tokenizer, or is itself bad.
                string dup = Param("<struct>" + string.Concat(entries.Take(duplicateAt).Select(e => Member(e.Item1, "x"))) + Member("k1", second) + "</struct>");
                var ex = AssertRefused(R, dup, 1, null, "duplicate member name 'k1'");
                Assert.Equal(dup.LastIndexOf("<member>", StringComparison.Ordinal), (int)ex.ByteOffset);
            }
    }

    [Fact]
    public void A_member_the_fast_path_hands_back_is_not_taken_for_a_duplicate()
    {
        // Zoned dates and base64 match the literal shape but are read by the tokenizer path; their names were already
        // recorded by the fast path's duplicate check, around and past the index threshold.
        foreach (int count in new[] { 3, 8, 9, 12 })
        {
            var members = new StringBuilder("<struct>");
            var expected = new List<(string, OcfValue)>();
            for (int i = 0; i < count; i++)
            {
                members.Append($"<member><name>k{i}</name><value><int>{i}</int></value></member>");
                expected.Add(($"k{i}", (long)i));
            }
            members.Append("<member><name>zoned</name><value><dateTime.iso8601>20250601T12:00:00Z</dateTime.iso8601></value></member>");
            members.Append("<member><name>bytes</name><value><base64>AQID</base64></value></member>");
            members.Append("<member><name>after</name><value>x</value></member></struct>");
            expected.Add(("zoned", new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc)));
            expected.Add(("bytes", Bin(1, 2, 3)));
            expected.Add(("after", "x"));
            var map = Assert.IsType<OcfMap>(DecodeWith(R, Bytes(Param(members.ToString()))));
            AssertValueEqual(Map(expected.ToArray()), map);
            Assert.Equal("x", ((OcfString)map["after"]).Value);
        }
    }

    [Fact]
    public void The_element_limit_counts_literal_members_and_values()
    {
        // params, param, value, struct, member, name, value, int: eight elements.
        string doc = Param("<struct><member><name>a</name><value><int>1</int></value></member></struct>");
        AssertValueEqual(Map(("a", 1L)), DecodeWith(R, Bytes(doc), new OcfDecoderLimits { MaxElements = 8 }));
        var ex = AssertRefused(R, doc, 1, null, "more than the limit of 7 elements", new OcfDecoderLimits { MaxElements = 7 });
        Assert.Equal(doc.IndexOf("<int>", StringComparison.Ordinal), (int)ex.ByteOffset);
        // params, param, value, array, data, value, value, i4: eight.
        string array = Param("<array><data><value>a</value><value><i4>2</i4></value></data></array>");
        AssertValueEqual(List("a", 2L), DecodeWith(R, Bytes(array), new OcfDecoderLimits { MaxElements = 8 }));
        ex = AssertRefused(R, array, 1, null, "more than the limit of 7 elements", new OcfDecoderLimits { MaxElements = 7 });
        Assert.Equal(array.IndexOf("<i4>", StringComparison.Ordinal), (int)ex.ByteOffset);
    }
}
