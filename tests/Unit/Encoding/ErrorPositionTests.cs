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
