using System.Collections.Specialized;
using System.Management.Automation;
using Ocf.Encoding;
using Xunit;

namespace Ocf.Tests.PowerShell;

public class ConversionCmdletTests
{
    [Fact]
    public void HashtableRoundTripKeepsTypes()
    {
        var (output, errors) = CmdletHost.Run(
            "[ordered]@{ n = 5; big = [long]::MaxValue; d = 2.5; b = $false; s = 'x'; l = @(1,'a') } | ConvertTo-OcfXml | ConvertFrom-OcfXml -AsHashtable");
        Assert.Empty(errors);
        var h = Assert.IsType<OrderedDictionary>(Assert.Single(output).BaseObject);
        // Integers are Int64 (the model's integer, as ConvertFrom-Json returns them), also when they fit 32 bits.
        Assert.Equal(5L, Assert.IsType<long>(h["n"]));
        Assert.Equal(long.MaxValue, h["big"]);
        Assert.Equal(2.5, h["d"]);
        Assert.Equal(false, h["b"]);
        Assert.Equal("x", h["s"]);
        Assert.Equal(new object[] { 1L, "a" }, (object[])h["l"]!);
    }

    [Fact]
    public void PSCustomObjectPropertiesBecomeAnOrderedMap()
    {
        var (output, errors) = CmdletHost.Run("[pscustomobject]@{ z = 1; a = [pscustomobject]@{ inner = 'v' } } | ConvertTo-OcfXml -Compress");
        Assert.Empty(errors);
        Assert.Equal("<AL><LI key=\"z\" type=\"integer\">1</LI><LI key=\"a\"><AL><LI key=\"inner\">v</LI></AL></LI></AL>", output.Single().BaseObject);
    }

    [Fact]
    public void MalformedInputIsANonTerminatingInvalidDataError()
    {
        var (output, errors) = CmdletHost.Run("'<AL><LI>no key</LI></AL>' | ConvertFrom-OcfXml; 'after'");
        Assert.Equal("after", Assert.Single(output).BaseObject);
        var e = Assert.Single(errors);
        Assert.Equal("InvalidOcfXml,Ocf.PowerShell.Commands.ConvertFromOcfXmlCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
        var fe = Assert.IsType<OcfFormatException>(e.Exception);
        Assert.Equal(1, fe.Line);
        Assert.Equal(5, fe.Column);
        Assert.Contains("needs a key", fe.Message);
    }

    [Fact]
    public void OverLimitInputNamesTheLimitInItsErrorId()
    {
        var (output, errors) = CmdletHost.Run("'<L><LI>x</LI><LI>y</LI></L>' | ConvertFrom-OcfXml -MaxElements 2 -NoEnumerate; 'after'");
        Assert.Equal("after", Assert.Single(output).BaseObject);
        var e = Assert.Single(errors);
        Assert.Equal("MaxElementsExceeded,Ocf.PowerShell.Commands.ConvertFromOcfXmlCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
        Assert.Equal(OcfDecoderLimits.Names.MaxElements, Assert.IsType<OcfFormatException>(e.Exception).Limit);
        Assert.Contains("-MaxElements", e.ErrorDetails.RecommendedAction);

        (output, errors) = CmdletHost.Run("'<L><LI>x</LI><LI>y</LI></L>' | ConvertFrom-OcfXml -MaxElements 3 -NoEnumerate");
        Assert.Empty(errors);
        Assert.Equal(new object[] { "x", "y" }, (object[])Assert.Single(output).BaseObject);
    }

    [Fact]
    public void DetectionLooksPastAnyAmountOfLeadingComments()
    {
        string comment = "<!-- " + new string('c', 10_000) + " -->";
        var (output, errors) = CmdletHost.Run($"'{comment}<V type=\"integer\">9</V>' | ConvertFrom-OcfXml");
        Assert.Empty(errors);
        Assert.Equal(9L, Assert.Single(output).BaseObject);
    }

    [Fact]
    public void ConvertToDepthRaisesTheEncoderLimit()
    {
        // 80 nested lists: beyond the encoders' default 64, within -Depth 100.
        var (output, errors) = CmdletHost.Run("$v = 'leaf'; for ($i = 0; $i -lt 79; $i++) { $v = ,$v }; ConvertTo-OcfXml -InputObject (,$v) -Depth 100 -Compress -Encoding XmlRpc");
        Assert.Empty(errors);
        Assert.Equal(80, System.Text.RegularExpressions.Regex.Matches((string)Assert.Single(output).BaseObject, "<array>").Count);
    }

    [Fact]
    public void UnknownEncodingIsTerminating()
    {
        using var ps = CmdletHost.Create();
        ps.AddCommand("ConvertTo-OcfXml").AddParameter("InputObject", 1).AddParameter("Encoding", "nope");
        var ex = Assert.ThrowsAny<RuntimeException>(() => ps.Invoke());
        Assert.Equal("UnknownEncoding,Ocf.PowerShell.Commands.ConvertToOcfXmlCommand", ex.ErrorRecord.FullyQualifiedErrorId);
        Assert.Contains("xml-rpc", ex.Message);
    }

    [Fact]
    public void SecureStringIsRefusedWithoutAsPlainText()
    {
        var (output, errors) = CmdletHost.Run("@{ p = (ConvertTo-SecureString 'pw123' -AsPlainText -Force) } | ConvertTo-OcfXml");
        Assert.Empty(output);
        var e = Assert.Single(errors);
        Assert.Equal("SecureStringNotConverted,Ocf.PowerShell.Commands.ConvertToOcfXmlCommand", e.FullyQualifiedErrorId);
        Assert.DoesNotContain("pw123", e.ToString());
    }

    [Fact]
    public void XmlRpcCallDecodesToMethodNameAndParams()
    {
        var (output, errors) = CmdletHost.Run(
            "'<?xml version=\"1.0\"?><methodCall><methodName>examples.getStateName</methodName><params><param><value><i4>41</i4></value></param></params></methodCall>' | ConvertFrom-OcfXml");
        Assert.Empty(errors);
        var call = Assert.IsType<Ocf.PowerShell.OcfXmlRpcCall>(Assert.Single(output).BaseObject);
        Assert.Equal("examples.getStateName", call.MethodName);
        Assert.Equal(41L, Assert.IsType<long>(Assert.Single(call.Params)));
    }
}
