using Ocf.Data;
using Ocf.Encoding;
using Xunit;
using static Ocf.Tests.Encoding.CodecTestKit;

namespace Ocf.Tests.Encoding;

/// <summary>
/// The ocf-xml decoder keeps a per-thread cache of short keys and string values and per-thread scratch stacks
/// between documents. None of that may change what a document decodes to or what it is refused for.
/// </summary>
public class OcfXmlDecoderCacheTests
{
    [Fact]
    public void Keys_and_values_that_share_a_cache_slot_are_kept_apart()
    {
        // Same length, first, middle and last byte: the cache's hash cannot tell these apart, only the comparison can.
        var doc = "<AL><LI key=\"abcXe\">abcXe</LI><LI key=\"abcYe\">abcYe</LI><LI key=\"abcXe2\"><L><LI>abcYe</LI><LI>abcXe</LI></L></LI></AL>";
        var expected = Map(("abcXe", "abcXe"), ("abcYe", "abcYe"), ("abcXe2", List("abcYe", "abcXe")));
        for (int i = 0; i < 3; i++) AssertValueEqual(expected, OcfXml.Decode(Bytes(doc)));
    }

    [Fact]
    public void Cached_keys_and_values_still_obey_the_string_length_limit()
    {
        const string doc = "<AL><LI key=\"0123456789A\">0123456789B</LI></AL>";
        AssertValueEqual(Map(("0123456789A", "0123456789B")), OcfXml.Decode(Bytes(doc))); // now both are cached
        var limits = new OcfDecoderLimits { MaxStringLength = 10 };
        AssertRefused(OcfXmlCodecName, doc, 1, 14, "longer than the limit of 10", limits);
        AssertRefused(OcfXmlCodecName, "<AL><LI key=\"k\">0123456789B</LI></AL>", 1, 17, "longer than the limit of 10", limits);
    }

    [Fact]
    public void Non_ascii_and_escaped_text_is_never_taken_from_the_cache()
    {
        Assert.Equal(Map(("ab", "cd")), OcfXml.Decode(Bytes("<AL><LI key=\"ab\">cd</LI></AL>")));
        // Equal characters written differently, and different characters of the same byte length.
        AssertValueEqual(Map(("ab", "cd")), OcfXml.Decode(Bytes("<AL><LI key=\"a&#98;\">c&#100;</LI></AL>")));
        AssertValueEqual(Map(("é", "ü")), OcfXml.Decode(Bytes("<AL><LI key=\"é\">ü</LI></AL>")));
        AssertValueEqual(Map(("ab", "cd")), OcfXml.Decode(Bytes("<AL><LI key=\"ab\">cd</LI></AL>")));
    }

    [Fact]
    public void A_document_refused_halfway_leaves_nothing_behind_for_the_next()
    {
        // The refused document fills the scratch stacks (a list in a map in a list) before the error.
        AssertRefused(OcfXmlCodecName, "<L><LI>a</LI><LI><AL><LI key=\"k\"><L><LI>x</LI><LI type=\"integer\">y</LI></L></LI></AL></LI></L>", 1, null, "is not an integer");
        AssertValueEqual(List("b", Map(("k", List("z")))), OcfXml.Decode(Bytes("<L><LI>b</LI><LI><AL><LI key=\"k\"><L><LI>z</LI></L></LI></AL></LI></L>")));
        AssertValueEqual(OcfList.Empty, OcfXml.Decode(Bytes("<L/>")));
    }

    [Fact]
    public void Maps_past_the_index_threshold_find_duplicates_and_their_keys()
    {
        // The decoder checks small maps linearly and larger ones with the index it hands to the map.
        var entries = Enumerable.Range(0, 20).Select(i => ($"k{i}", (OcfValue)i)).ToArray();
        string doc = "<AL>" + string.Concat(entries.Select(e => $"<LI key=\"{e.Item1}\" type=\"integer\">{((OcfInteger)e.Item2).Value}</LI>")) + "</AL>";
        var map = Assert.IsType<OcfMap>(OcfXml.Decode(Bytes(doc)));
        AssertValueEqual(Map(entries), map);
        foreach (var (key, value) in entries) Assert.Equal(value, map[key]);
        Assert.False(map.ContainsKey("k20"));
        foreach (int duplicateAt in new[] { 3, 8, 9, 15 })
        {
            string dup = "<AL>" + string.Concat(entries.Take(duplicateAt).Select(e => $"<LI key=\"{e.Item1}\">x</LI>")) + "<LI key=\"k1\">y</LI></AL>";
            var ex = AssertRefused(OcfXmlCodecName, dup, 1, null, "duplicate key 'k1'");
            Assert.Equal(dup.LastIndexOf("<LI", StringComparison.Ordinal), (int)ex.ByteOffset);
        }
    }

    private const string OcfXmlCodecName = Ocf.Encoding.OcfXml.OcfXmlCodec.CodecName;
}
