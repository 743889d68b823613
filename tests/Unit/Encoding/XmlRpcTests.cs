using System.Globalization;
using System.Text.RegularExpressions;
using CsCheck;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.XmlRpc;
using Xunit;
using static Ocf.Tests.Encoding.CodecTestKit;

namespace Ocf.Tests.Encoding;

/// <summary>XML-RPC details: scalar forms, untyped strings, whitespace, doubles, big integers, calls, responses and faults.</summary>
public class XmlRpcTests
{
    private const string R = XmlRpcCodec.CodecName;
    private static string Param(string valueXml) => $"<params><param><value>{valueXml}</value></param></params>";
    private static OcfValue One(string valueXml) => DecodeWith(R, Bytes(Param(valueXml)));

    [Theory]
    [InlineData("<i4>42</i4>", 42L)]
    [InlineData("<int>-42</int>", -42L)]
    [InlineData("<int>+7</int>", 7L)]
    [InlineData("<int> 7 </int>", 7L)]
    [InlineData("<int>007</int>", 7L)]
    [InlineData("<int>-0</int>", 0L)]
    [InlineData("<i4>2147483647</i4>", 2147483647L)]
    [InlineData("<int>+2147483647</int>", 2147483647L)]
    [InlineData("<i4>-2147483648</i4>", -2147483648L)]
    [InlineData("<int>-0002147483648</int>", -2147483648L)]
    [InlineData("<i8>4294967296</i8>", 4294967296L)]
    [InlineData("<i8>9223372036854775807</i8>", long.MaxValue)]
    [InlineData("<i8>-9223372036854775808</i8>", long.MinValue)]
    [InlineData("<ex:i8>5</ex:i8>", 5L)]
    [InlineData("<ex:i8 xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">-9223372036854775808</ex:i8>", long.MinValue)]
    public void Integers(string xml, long expected) => Assert.Equal(new OcfInteger(expected), One(xml));

    /// <summary>The specification defines int and i4 as 32-bit signed; a wider number is an error there (it belongs in i8).</summary>
    [Theory]
    [InlineData("<i4>4294967296</i4>", "i4")]
    [InlineData("<int>2147483648</int>", "int")]
    [InlineData("<int>-2147483649</int>", "int")]
    [InlineData("<i4>+9223372036854775807</i4>", "i4")]
    [InlineData("<int>123456789012345678901234567890</int>", "int")]
    public void Int_and_i4_beyond_32_bits_are_refused(string xml, string element)
    {
        var ex = AssertRefused(R, Param(xml), 1, 23);
        Assert.Contains($"is beyond the 32-bit range of <{element}>", ex.Message);
        Assert.Contains("<i8>", ex.Message);
    }

    [Fact]
    public void Int_range_errors_are_reported_where_the_number_is_also_inside_containers()
    {
        // The scanner's fast path for "<value><int>…" must not let a wide number through either.
        AssertRefused(R, Param("<array><data><value><int>1</int></value><value><int>2147483648</int></value></data></array>"), 1, 70, "32-bit range of <int>");
        AssertRefused(R, Param("<struct><member><name>n</name><value><int>-2147483649</int></value></member></struct>"), 1, 60, "32-bit range of <int>");
        AssertRefused(R, "<params>\n  <param>\n    <value>\n      <i4>4294967296</i4>\n    </value>\n  </param>\n</params>", 4, 7, "32-bit range of <i4>");
        // The 32-bit edges themselves pass through the fast path.
        AssertValueEqual(List((long)int.MaxValue, (long)int.MinValue),
            One("<array><data><value><int>2147483647</int></value><value><int>-2147483648</int></value></data></array>"));
    }

    [Fact]
    public void Integers_are_written_as_int_when_they_fit_32_bits_else_i8()
    {
        Assert.Contains("<value><int>2147483647</int></value>", XmlRpc.Text(int.MaxValue));
        Assert.Contains("<value><int>-2147483648</int></value>", XmlRpc.Text(int.MinValue));
        Assert.Contains("<value><i8>2147483648</i8></value>", XmlRpc.Text(2147483648L));
        Assert.Contains("<value><i8>-9223372036854775808</i8></value>", XmlRpc.Text(long.MinValue));
    }

    [Theory]
    [InlineData("<i8>9223372036854775808</i8>")]
    [InlineData("<i8>-9223372036854775809</i8>")]
    [InlineData("<ex:i8>123456789012345678901234567890</ex:i8>")]
    [InlineData("<i8>+99999999999999999999</i8>")]
    public void Integers_beyond_64_bits_give_a_clear_error(string xml)
    {
        var ex = AssertRefused(R, Param(xml), 1, 23);
        Assert.Contains("beyond the 64-bit range of <i8>", ex.Message);
    }

    [Theory]
    [InlineData("<int>+-5</int>")]
    [InlineData("<i8>--5</i8>")]
    [InlineData("<i4>5 5</i4>")]
    public void Signs_and_spaces_inside_a_number_are_not_an_integer(string xml) =>
        AssertRefused(R, Param(xml), 1, 23, "is not an integer");

    private const string Ex = "http://ws.apache.org/xmlrpc/namespaces/extensions";

    /// <summary>Apache's extensions: "ex:" prefixed nil and i8, with the xmlns:ex declaration on them, on the root, or nowhere.</summary>
    [Fact]
    public void Apache_ex_nil_and_i8_with_or_without_the_namespace_declaration()
    {
        Assert.Same(OcfNil.Instance, One("<ex:nil/>"));
        Assert.Same(OcfNil.Instance, One($"<ex:nil xmlns:ex=\"{Ex}\"/>"));
        Assert.Same(OcfNil.Instance, One($"<ex:nil xmlns:ex='{Ex}'></ex:nil>"));
        Assert.Equal(new OcfInteger(5), One($"<ex:i8 xmlns:ex=\"{Ex}\">5</ex:i8>"));
        // What Apache XML-RPC writes: the declaration on the root element.
        string apache = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse xmlns:ex=\"{Ex}\"><params><param><value><struct>" +
                        "<member><name>none</name><value><ex:nil/></value></member><member><name>big</name><value><ex:i8>4294967296</ex:i8></value></member>" +
                        "</struct></value></param></params></methodResponse>";
        var response = Assert.IsType<XmlRpcMethodResponse>(XmlRpc.DecodeMessage(apache));
        AssertValueEqual(Map(("none", OcfValue.Nil), ("big", 4294967296L)), response.Value);
        Assert.IsType<XmlRpcMethodCall>(XmlRpc.DecodeMessage($"<methodCall xmlns:ex=\"{Ex}\"><methodName>m</methodName><params><param><value><ex:nil/></value></param></params></methodCall>"));
    }

    [Theory]
    [InlineData("<ex:nil xmlns:ex=\"http://example.com/other\"/>", "xmlns:ex must be \"http://ws.apache.org/xmlrpc/namespaces/extensions\", not \"http://example.com/other\"")]
    [InlineData("<ex:i8 xmlns:ex=\"\">5</ex:i8>", "xmlns:ex must be")]
    [InlineData("<ex:nil foo=\"1\"/>", "<ex:nil> has 'foo'")]
    [InlineData("<ex:nil xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\" foo=\"1\"/>", "<ex:nil> has 'foo'")]
    [InlineData("<nil xmlns=\"http://ws.apache.org/xmlrpc/namespaces/extensions\"/>", "<nil> has 'xmlns'")]
    [InlineData("<ex:nil xmlns:ext=\"http://ws.apache.org/xmlrpc/namespaces/extensions\"/>", "<ex:nil> has 'xmlns:ext'")]
    [InlineData("<i4 xmlns:ex=\"http://example.com/other\">1</i4>", "xmlns:ex must be")]
    public void Only_the_exact_ex_namespace_declaration_is_allowed(string valueXml, string part) =>
        AssertRefused(R, Param(valueXml), 1, 23, part);

    [Fact]
    public void Other_apache_extension_types_are_unknown()
    {
        AssertRefused(R, Param($"<ex:i2 xmlns:ex=\"{Ex}\">5</ex:i2>"), 1, 23, "unknown value type <ex:i2>");
        AssertRefused(R, Param($"<ex:serializable xmlns:ex=\"{Ex}\">rO0=</ex:serializable>"), 1, 23, "unknown value type <ex:serializable>");
        // A wrong URI on the root is refused there.
        AssertRefused(R, "<methodResponse xmlns:ex=\"urn:x\"><params><param><value><ex:nil/></value></param></params></methodResponse>", 1, 1, "xmlns:ex must be");
    }

    [Theory]
    [InlineData("<value>text</value>", "text")]
    [InlineData("<value>  spaced  </value>", "  spaced  ")]
    [InlineData("<value></value>", "")]
    [InlineData("<value/>", "")]
    [InlineData("<value><string/></value>", "")]
    [InlineData("<value>a&amp;b&lt;c&gt;</value>", "a&b<c>")]
    [InlineData("<value><![CDATA[<raw> & ]]></value>", "<raw> & ")]
    [InlineData("<value>a<!-- c -->b</value>", "ab")]
    [InlineData("<value>\n</value>", "\n")]
    public void Untyped_value_content_is_a_string(string valueElement, string expected)
    {
        var doc = $"<params><param>{valueElement}</param></params>";
        Assert.Equal(new OcfString(expected), DecodeWith(R, Bytes(doc)));
    }

    [Fact]
    public void Whitespace_and_comments_between_elements_are_ignored()
    {
        const string doc = "<?xml version=\"1.0\"?>\r\n<!-- c -->\r\n<methodCall>\r\n\t<methodName> a.b </methodName>\r\n\t<params>\r\n" +
                           "\t\t<param>\r\n\t\t\t<value>\r\n\t\t\t\t<struct>\r\n\t\t\t\t\t<member>\r\n\t\t\t\t\t\t<name>k</name>\r\n" +
                           "\t\t\t\t\t\t<!-- c --><value>\r\n\t\t\t\t\t\t\t<array>\r\n\t\t\t\t\t\t\t\t<data>\r\n" +
                           "\t\t\t\t\t\t\t\t\t<value> <int> 1 </int> </value>\r\n\t\t\t\t\t\t\t\t</data>\r\n\t\t\t\t\t\t\t</array>\r\n" +
                           "\t\t\t\t\t\t</value>\r\n\t\t\t\t\t</member>\r\n\t\t\t\t</struct>\r\n\t\t\t</value>\r\n\t\t</param>\r\n\t</params>\r\n</methodCall>\r\n";
        var call = Assert.IsType<XmlRpcMethodCall>(XmlRpc.DecodeMessage(doc));
        Assert.Equal("a.b", call.MethodName);
        AssertValueEqual(Map(("k", List(1L))), Assert.Single(call.Params));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData(" 1\n", true)]
    public void Booleans(string text, bool expected) => Assert.Equal(OcfValue.From(expected), One($"<boolean>{text}</boolean>"));

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("2")]
    [InlineData("01")]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData("yes")]
    public void Booleans_are_only_0_or_1(string text)
    {
        var ex = AssertRefused(R, Param($"<boolean>{text}</boolean>"), 1, 23);
        Assert.Contains("not an XML-RPC boolean (0 or 1)", ex.Message);
        Assert.Equal("<value><boolean>1</boolean></value>", Inner(XmlRpc.Text(true)));
        Assert.Equal("<value><boolean>0</boolean></value>", Inner(XmlRpc.Text(false)));
    }

    private static string Inner(string paramsDoc) => paramsDoc["<params><param>".Length..^"</param></params>".Length];

    private static readonly Regex PlainDecimal = new(@"^-?\d+\.\d+$");

    private static string DoubleText(double d)
    {
        var m = Regex.Match(XmlRpc.Text(d), "<double>(.*)</double>");
        Assert.True(m.Success);
        return m.Groups[1].Value;
    }

    // By index: xunit's theory-data serialisation would not keep -0.0 apart from 0.0.
    private static readonly double[] AwkwardDoubles =
    [
        1e300, -1e300, 5e-324, -5e-324, -0.0, 0.0, 0.1, 1.0, -2.5, 1e15, 1e16, 1.5e-5, 1e-7, 123456789.125,
        double.MaxValue, double.MinValue, 2.2250738585072014E-308, 2.2250738585072009E-308, 9007199254740993.0, 1.0 / 3,
    ];

    public static TheoryData<int> AwkwardDoubleIndexes => new(Enumerable.Range(0, AwkwardDoubles.Length));

    [Theory]
    [MemberData(nameof(AwkwardDoubleIndexes))]
    public void Doubles_are_written_in_plain_decimal_and_round_trip_exactly(int index)
    {
        double d = AwkwardDoubles[index];
        string text = DoubleText(d);
        Assert.Matches(PlainDecimal, text);
        Assert.DoesNotContain("e", text, StringComparison.OrdinalIgnoreCase);
        var back = Assert.IsType<OcfDouble>(One($"<double>{text}</double>"));
        Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(back.Value));
    }

    [Fact]
    public void Specific_double_texts()
    {
        Assert.Equal("1" + new string('0', 300) + ".0", DoubleText(1e300));
        Assert.Equal("0." + new string('0', 323) + "5", DoubleText(5e-324));
        Assert.Equal("-0.0", DoubleText(-0.0));
        Assert.Equal("0.1", DoubleText(0.1));
        Assert.Equal("0.000015", DoubleText(1.5e-5));
        Assert.Equal("100.0", DoubleText(100));
    }

    [Fact]
    public void Random_finite_doubles_are_plain_decimal_and_exact()
    {
        Gen.Double.Where(double.IsFinite).Sample(d =>
        {
            string text = DoubleText(d);
            Assert.Matches(PlainDecimal, text);
            Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(((OcfDouble)One($"<double>{text}</double>")).Value));
        }, iter: 3000);
        // Doubles made from random bit patterns cover every exponent.
        Gen.Long.Select(BitConverter.Int64BitsToDouble).Where(double.IsFinite).Sample(d =>
        {
            string text = DoubleText(d);
            Assert.Matches(PlainDecimal, text);
            Assert.Equal(d, double.Parse(text, CultureInfo.InvariantCulture));
        }, iter: 3000);
    }

    [Theory]
    [InlineData("1e+300", 1e300)] // what Python writes
    [InlineData("1E-5", 1e-5)]
    [InlineData(" 2.5 ", 2.5)]
    [InlineData("+1.5", 1.5)]
    [InlineData("-.5", -0.5)]
    [InlineData("7", 7.0)]
    public void Doubles_from_other_peers(string text, double expected) =>
        Assert.Equal(new OcfDouble(expected), One($"<double>{text}</double>"));

    [Theory]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("inf")]
    [InlineData("-Infinity")]
    [InlineData("1e400")]
    [InlineData("1e")]
    [InlineData("0x1p3")]
    public void NaN_infinity_and_malformed_doubles_are_refused(string text)
    {
        var ex = AssertRefused(R, Param($"<double>{text}</double>"), 1, 23);
        Assert.Contains("not an XML-RPC double", ex.Message);
    }

    [Fact]
    public void Base64_and_nil()
    {
        Assert.Equal(new OcfBinary([0, 1, 2]), One("<base64>AAEC</base64>"));
        Assert.Equal(new OcfBinary([0, 1, 2]), One("<base64>\nAA\r\nEC\n</base64>"));
        Assert.Equal(new OcfBinary([]), One("<base64></base64>"));
        Assert.Equal(new OcfBinary([]), One("<base64/>"));
        Assert.Same(OcfNil.Instance, One("<nil/>"));
        Assert.Same(OcfNil.Instance, One("<ex:nil/>"));
        Assert.Same(OcfNil.Instance, One("<nil></nil>"));
        Assert.Equal("<value><nil/></value>", Inner(XmlRpc.Text(OcfValue.Nil)));
    }

    [Fact]
    public void Empty_containers()
    {
        Assert.Equal(OcfMap.Empty, One("<struct/>"));
        Assert.Equal(OcfMap.Empty, One("<struct>\n</struct>"));
        Assert.Equal(OcfList.Empty, One("<array><data/></array>"));
        Assert.Equal(OcfList.Empty, One("<array><data>\n</data></array>"));
        Assert.Equal("<value><array><data/></array></value>", Inner(XmlRpc.Text(OcfList.Empty)));
        Assert.Equal("<value><struct/></value>", Inner(XmlRpc.Text(OcfMap.Empty)));
    }

    [Fact]
    public void Method_call_without_params()
    {
        var bare = Assert.IsType<XmlRpcMethodCall>(XmlRpc.DecodeMessage("<methodCall><methodName>system.listMethods</methodName></methodCall>"));
        Assert.Equal("system.listMethods", bare.MethodName);
        Assert.Empty(bare.Params);
        var empty = Assert.IsType<XmlRpcMethodCall>(XmlRpc.DecodeMessage("<methodCall><methodName>m</methodName><params/></methodCall>"));
        Assert.Empty(empty.Params);
        var spaced = Assert.IsType<XmlRpcMethodCall>(XmlRpc.DecodeMessage("<methodCall>\n<methodName>m</methodName>\n<params>\n</params>\n</methodCall>"));
        Assert.Empty(spaced.Params);

        byte[] encoded = XmlRpc.EncodeMessage(new XmlRpcMethodCall("system.listMethods", []));
        Assert.Equal("<?xml version=\"1.0\"?><methodCall><methodName>system.listMethods</methodName><params/></methodCall>", Utf8.GetString(encoded));
        var again = Assert.IsType<XmlRpcMethodCall>(XmlRpc.DecodeMessage(encoded));
        Assert.Equal("system.listMethods", again.MethodName);
        Assert.Empty(again.Params);
    }

    [Fact]
    public void Method_call_with_several_params_round_trips()
    {
        var call = new XmlRpcMethodCall("a.b", [1L, "two", List(3.5), Map(("k", OcfValue.Nil))]);
        foreach (var options in new[] { OcfEncoderOptions.Default, OcfEncoderOptions.Indented })
        {
            var back = Assert.IsType<XmlRpcMethodCall>(XmlRpc.DecodeMessage(XmlRpc.EncodeMessage(call, options)));
            Assert.Equal("a.b", back.MethodName);
            Assert.Equal(call.Params, back.Params);
        }
    }

    [Fact]
    public void Method_response_round_trips()
    {
        var value = Map(("status", "ok"), ("n", 3L));
        foreach (var options in new[] { OcfEncoderOptions.Default, OcfEncoderOptions.Indented })
        {
            byte[] bytes = XmlRpc.EncodeMessage(new XmlRpcMethodResponse(value), options);
            Assert.StartsWith("<?xml version=\"1.0\"?>", Utf8.GetString(bytes));
            var r = Assert.IsType<XmlRpcMethodResponse>(XmlRpc.DecodeMessage(bytes));
            AssertValueEqual(value, r.Value);
            AssertValueEqual(value, XmlRpc.Decode(bytes));
        }
    }

    private const string FaultDoc = """
        <?xml version="1.0"?>
        <methodResponse>
          <fault>
            <value>
              <struct>
                <member><name>faultCode</name><value><int>4</int></value></member>
                <member><name>faultString</name><value><string>Too many parameters.</string></value></member>
              </struct>
            </value>
          </fault>
        </methodResponse>
        """;

    [Fact]
    public void Method_response_with_a_fault()
    {
        var fault = Assert.IsType<XmlRpcFault>(XmlRpc.DecodeMessage(FaultDoc));
        Assert.Equal(4, fault.FaultCode);
        Assert.Equal("Too many parameters.", fault.FaultString);
        Assert.Equal(Map(("faultCode", 4L), ("faultString", "Too many parameters.")), fault.Detail);

        // The value API (IOcfCodec.Decode) raises only OcfFormatException: a fault is the value {fault: {faultCode, faultString}}.
        AssertValueEqual(Map((XmlRpcCodec.FaultKey, Map(("faultCode", 4L), ("faultString", "Too many parameters.")))), XmlRpc.Decode(Bytes(FaultDoc)));
        IOcfCodec generic = OcfCodecRegistry.Default.Get("xml-rpc");
        AssertValueEqual(XmlRpc.Decode(Bytes(FaultDoc)), generic.Decode(FaultDoc));

        foreach (var options in new[] { OcfEncoderOptions.Default, OcfEncoderOptions.Indented })
        {
            byte[] bytes = XmlRpc.EncodeMessage(new XmlRpcFault(-32601, "no such method <x>"), options);
            var back = Assert.IsType<XmlRpcFault>(XmlRpc.DecodeMessage(bytes));
            Assert.Equal(-32601, back.FaultCode);
            Assert.Equal("no such method <x>", back.FaultString);
        }
    }

    [Fact]
    public void Fault_extra_members_are_kept_and_bad_faults_refused()
    {
        const string extra = "<methodResponse><fault><value><struct><member><name>faultCode</name><value><i4>1</i4></value></member>" +
                             "<member><name>faultString</name><value>x</value></member><member><name>detail</name><value><int>9</int></value></member>" +
                             "</struct></value></fault></methodResponse>";
        var f = Assert.IsType<XmlRpcFault>(XmlRpc.DecodeMessage(extra));
        Assert.Equal(new OcfInteger(9), f.Detail["detail"]);

        AssertRefused(R, extra.Replace("<i4>1</i4>", "<string>1</string>"), 1, 17, "int faultCode");
        AssertRefused(R, extra.Replace("<i4>1</i4>", "<i8>4294967296</i8>"), 1, 17, "int faultCode");
        AssertRefused(R, "<methodResponse><fault><value><array><data/></array></value></fault></methodResponse>", 1, 17, "faultString");
        AssertRefused(R, "<methodResponse><fault></fault></methodResponse>", 1, 24, "expected <value>");
    }

    [Fact]
    public void Value_api_shapes()
    {
        Assert.Equal(new OcfString("x"), XmlRpc.Decode(Bytes(Param("x"))));
        Assert.Equal(List("a", "b"), XmlRpc.Decode(Bytes("<params><param><value>a</value></param><param><value>b</value></param></params>")));
        Assert.Equal(OcfList.Empty, XmlRpc.Decode(Bytes("<params/>")));
        Assert.Equal(Map(("methodName", "m"), ("params", List(1L))),
            XmlRpc.Decode(Bytes("<methodCall><methodName>m</methodName><params><param><value><int>1</int></value></param></params></methodCall>")));
    }

    [Fact]
    public void Plain_value_encoding_is_a_params_document_like_python_dumps()
    {
        Assert.Equal("<params><param><value><string>x</string></value></param></params>", XmlRpc.Text("x"));
        Assert.Equal("<params>\n  <param><value><string>x</string></value></param>\n</params>\n", XmlRpc.Text("x", indent: true));
    }

    [Fact]
    public void Member_name_may_hold_any_string()
    {
        var v = Map(("", 1L), ("a b", 2L), ("<&>", 3L), ("\t", 4L));
        AssertValueEqual(v, RoundTrip(R, v, indent: true));
        Assert.Contains("<member><name>&lt;&amp;&gt;</name>", XmlRpc.Text(v));
    }

    [Fact]
    public void Struct_member_must_name_before_value()
    {
        AssertRefused(R, Param("<struct><member><value>1</value><name>a</name></member></struct>"), 1, 39, "expected <name>");
        AssertRefused(R, Param("<struct><member><name>a</name></member></struct>"), 1, 53, "expected <value>");
    }
}
