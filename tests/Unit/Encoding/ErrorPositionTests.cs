using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;
using Xunit;
using static Ocf.Tests.Encoding.CodecTestKit;

namespace Ocf.Tests.Encoding;

/// <summary>Error positions count lines the way XML does (§2.11): LF, CRLF and a lone CR each end a line.</summary>
public class ErrorPositionTests
{
    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Every_XML_line_end_counts_as_one_line(string eol)
    {
        AssertRefused(OcfXmlCodec.CodecName, $"<L>{eol}<LI>a</LI>{eol}<LX/></L>", line: 3, column: 1, messagePart: "LX");
        AssertRefused(XmlRpcCodec.CodecName, $"<params>{eol}<param>{eol}  <value><bogus/></value></param></params>", line: 3, column: 10);
    }

    [Fact]
    public void Columns_count_characters_not_bytes_after_a_lone_CR()
    {
        // "é" is two UTF-8 bytes but one column.
        AssertRefused(OcfXmlCodec.CodecName, "<L>\r<LI>é</LI><LX/></L>", line: 2, column: 11);
    }
}

/// <summary>Character references of any length (XML allows leading zeros); the value, not the length, is bounded.</summary>
public class CharacterReferenceLengthTests
{
    [Theory]
    [InlineData("&#0000000065;")]
    [InlineData("&#x000000041;")]
    [InlineData("&#00000000000000000000000000000000000000000065;")]
    public void Leading_zeros_are_allowed(string reference)
    {
        Assert.Equal(new Ocf.Data.OcfString("A"), OcfXml.Decode(Bytes($"<V>{reference}</V>")));
        Assert.Equal(new Ocf.Data.OcfString("A"), DecodeWith(XmlRpcCodec.CodecName, Bytes($"<params><param><value>{reference}</value></param></params>")));
    }

    [Theory]
    [InlineData("&#1114112;", "not a character XML allows")]          // U+110000
    [InlineData("&#99999999999999999999;", "not a character XML allows")]
    [InlineData("&#x;", "malformed character reference")]
    [InlineData("&#65", "ending with ';'")]
    public void Out_of_range_or_unterminated_references_are_refused(string reference, string part) =>
        AssertRefused(OcfXmlCodec.CodecName, $"<V>{reference}</V>", line: 1, column: 4, messagePart: part);
}
