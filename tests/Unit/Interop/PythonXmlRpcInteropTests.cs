using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.XmlRpc;
using Xunit;

namespace Ocf.Tests.Interop;

/// <summary>
/// Our XML-RPC against Python's xmlrpc.client, in both directions: Python-made documents decode with ours to the
/// values Python meant, and our documents decode in Python to the values we meant. Values are compared through the
/// peer's canonical tagged JSON (doubles by their IEEE bits, so no decimal formatting can hide a difference).
/// </summary>
public class PythonXmlRpcInteropTests
{
    private static readonly XmlRpcCodec Rpc = XmlRpcCodec.Instance;
    private static readonly Lazy<JsonNode> Dump = new(() => PythonPeer.RunJson("dump", null));

    private static OcfMap M(params (string K, OcfValue V)[] e) => new(e.Select(x => new KeyValuePair<string, OcfValue>(x.K, x.V)));
    private static OcfList L(params OcfValue[] items) => new(items);

    /// <summary>What each of the peer's named values must decode to with our decoder (written independently of Python).</summary>
    private static readonly Dictionary<string, OcfValue> ExpectedFromPython = new()
    {
        ["int_zero"] = 0L,
        ["int_positive"] = 42L,
        ["int_negative"] = -17L,
        ["int_max32"] = (long)int.MaxValue,
        ["int_min32"] = (long)int.MinValue,
        ["bool_true"] = true,
        ["bool_false"] = false,
        ["str_empty"] = "",
        ["str_ascii"] = "This one is first",
        ["str_markup"] = "<tag attr=\"v\"> & 'q' </tag>",
        ["str_unicode"] = "Grüße 日本語 Ελληνικά",
        ["str_non_bmp"] = "emoji \U0001F600 clef \U0001D11E",
        ["str_whitespace"] = "  leading and trailing\t\n",
        ["str_lines"] = "line1\nline2\n",
        ["double_zero"] = 0.0,
        ["double_negative_zero"] = -0.0,
        ["double_tenth"] = 0.1,
        ["double_big"] = 1e300,
        ["double_tiny"] = 5e-324,
        ["double_negative"] = -2.5,
        ["datetime"] = new DateTime(2026, 11, 25, 10, 0, 0),
        ["datetime_early"] = new DateTime(1999, 1, 2, 3, 4, 5),
        // Python writes b"\r\n" inside base64, so it is binary data, not text subject to line-end normalisation.
        ["bytes"] = new OcfBinary([0, 1, 2, 0xFE, 0xFF, .. " binary \r\n"u8]),
        ["bytes_empty"] = new OcfBinary([]),
        ["bytes_long"] = new OcfBinary(Enumerable.Range(0, 512).Select(i => (byte)i).ToArray()),
        ["nil"] = OcfValue.Nil,
        ["list_empty"] = OcfList.Empty,
        ["dict_empty"] = OcfMap.Empty,
        ["list_mixed"] = L(1L, "two", 3.5, true, OcfValue.Nil, new OcfBinary([7])),
        ["nested"] = M(("tty", "/dev/ttyS1"), ("ports", L("node1", "node2")), ("deep", L(L(M(("a", L(1L, OcfMap.Empty)))), OcfList.Empty))),
        ["dict_keys"] = M(("", "empty key"), ("a b", 1L), ("<&>", 2L), ("é", 3L)),
    };

    [PythonFact]
    public void Python_made_values_decode_with_ours_to_the_expected_values()
    {
        var values = Dump.Value["values"]!.AsObject();
        Assert.Equal(ExpectedFromPython.Keys.Order(), values.Select(kv => kv.Key).Order());
        foreach (var (name, entry) in values)
        {
            string xml = entry!["xml"]!.GetValue<string>();
            var message = Assert.IsType<XmlRpcParams>(Rpc.DecodeMessage(xml));
            var value = Assert.Single(message.Params);
            Assert.True(ExpectedFromPython[name].Equals(value), $"{name}: expected {ExpectedFromPython[name]}, decoded {value}\n{xml}");
            // And the same as Python's own account of the value.
            PythonPeer.AssertSameJson(entry["expected"], PythonPeer.Canonical(value), $"{name}:\n{xml}");
            // Doubles keep their sign and every bit.
            if (value is OcfDouble d) Assert.Equal(BitConverter.DoubleToInt64Bits(((OcfDouble)ExpectedFromPython[name]).Value), BitConverter.DoubleToInt64Bits(d.Value));
        }
    }

    [PythonFact]
    public void Python_made_calls_responses_and_faults_decode_with_ours()
    {
        var messages = Dump.Value["messages"]!.AsObject();
        foreach (var (name, entry) in messages)
        {
            string xml = entry!["xml"]!.GetValue<string>();
            var expected = entry["expected"]!.AsArray();
            var method = entry["method"]?.GetValue<string>();
            var decoded = Rpc.DecodeMessage(xml);
            IReadOnlyList<OcfValue> ps;
            if (method is not null)
            {
                var call = Assert.IsType<XmlRpcMethodCall>(decoded);
                Assert.Equal(method, call.MethodName);
                ps = call.Params;
            }
            else
            {
                ps = [Assert.IsType<XmlRpcMethodResponse>(decoded).Value];
            }
            PythonPeer.AssertSameJson(expected, new JsonArray(ps.Select(PythonPeer.Canonical).ToArray()), $"{name}:\n{xml}");
        }

        var noParams = Assert.IsType<XmlRpcMethodCall>(Rpc.DecodeMessage(messages["call_no_params"]!["xml"]!.GetValue<string>()));
        Assert.Equal("system.listMethods", noParams.MethodName);
        Assert.Empty(noParams.Params);
        var array = Assert.IsType<XmlRpcMethodCall>(Rpc.DecodeMessage(messages["call_array"]!["xml"]!.GetValue<string>()));
        Assert.Equal(L("first", "second", "last"), Assert.Single(array.Params));

        var fault = Dump.Value["fault"]!;
        var f = Assert.IsType<XmlRpcFault>(Rpc.DecodeMessage(fault["xml"]!.GetValue<string>()));
        Assert.Equal(fault["code"]!.GetValue<int>(), f.FaultCode);
        Assert.Equal(fault["string"]!.GetValue<string>(), f.FaultString);
        Assert.Equal("Too many parameters <&>", f.FaultString);
    }

    [PythonFact]
    public void Python_output_that_xml_or_xml_rpc_cannot_carry_is_refused_by_our_decoder()
    {
        var refused = Dump.Value["refused"]!;
        // Python writes U+0001 raw, which XML 1.0 forbids: a format error at its line and column.
        string control = refused["control_char"]!.GetValue<string>();
        var ex = Assert.Throws<OcfFormatException>(() => Rpc.DecodeMessage(control));
        Assert.Contains("U+0001", ex.Message);
        int line = control[..control.IndexOf('\u0001')].Count(c => c == '\n') + 1;
        Assert.Equal(line, ex.Line);
        Assert.Equal(control.Split('\n')[line - 1].IndexOf('\u0001') + 1, ex.Column);

        // Python writes nan/inf for non-finite floats, which the XML-RPC spec has no form for.
        foreach (var name in new[] { "nan", "infinity" })
        {
            var e = Assert.Throws<OcfFormatException>(() => Rpc.DecodeMessage(refused[name]!.GetValue<string>()));
            Assert.Contains("not an XML-RPC double", e.Message);
        }
    }

    /// <summary>
    /// Integers beyond 32 bits. Python's dumps refuses them outright (OverflowError: it has no i8 writer), so a lax peer
    /// is made from Python's own marshaller with its range check widened: it writes them in &lt;int&gt;, which the spec
    /// defines as 32-bit, so ours refuses each with its position, while Python's lenient loads takes any size. The same
    /// numbers in &lt;i8&gt; decode with ours as long as they fit 64 bits; beyond that ours refuses them too.
    /// </summary>
    [PythonFact]
    public void Python_refuses_to_write_wide_ints_and_ours_refuses_them_in_int_or_beyond_64_bits_in_i8()
    {
        var errors = Dump.Value["dumps_errors"]!.AsObject();
        Assert.NotEmpty(errors);
        foreach (var (name, e) in errors)
            Assert.True(e!["error"]?.GetValue<string>() == "OverflowError", $"{name}: Python's dumps gave {e["error"]} for {e["value"]}");

        var wide = Dump.Value["wide_ints"]!.AsObject();
        var docs = new List<string>();
        int refusedInt = 0, acceptedI8 = 0, refusedI8 = 0;
        foreach (var (name, entry) in wide)
        {
            string xml = entry!["xml"]!.GetValue<string>();
            var value = System.Numerics.BigInteger.Parse(entry["value"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            docs.Add(xml);
            bool i8 = name.StartsWith("i8_", StringComparison.Ordinal);
            Assert.Contains(i8 ? "<i8>" : "<int>", xml);
            // Where the number's element starts: our error points there.
            int at = xml.IndexOf(i8 ? "<i8>" : "<int>", StringComparison.Ordinal);
            int line = xml[..at].Count(c => c == '\n') + 1, column = at - xml.LastIndexOf('\n', at - 1);
            if (i8 && value >= long.MinValue && value <= long.MaxValue)
            {
                var decoded = Assert.IsType<XmlRpcParams>(Rpc.DecodeMessage(xml));
                Assert.Equal(new OcfInteger((long)value), Assert.Single(decoded.Params));
                acceptedI8++;
                continue;
            }
            var ex = Assert.Throws<OcfFormatException>(() => Rpc.DecodeMessage(xml));
            Assert.Contains(i8 ? "beyond the 64-bit range of <i8>" : "beyond the 32-bit range of <int>", ex.Message);
            Assert.Contains(entry["value"]!.GetValue<string>(), ex.Message);
            Assert.Equal((line, column), (ex.Line, ex.Column));
            if (i8) refusedI8++; else refusedInt++;
        }
        Assert.Equal((8, 5, 3), (refusedInt, acceptedI8, refusedI8));

        // Python's loads, by contrast, takes every one of them at full size.
        var results = PythonPeer.RunJson("loadmany", JsonSerializer.Serialize(docs)).AsArray();
        int i = 0;
        foreach (var (name, entry) in wide)
        {
            var r = results[i++]!;
            Assert.True(r["ok"] is not null, $"{name}: Python refused it with {r["error"]}");
            Assert.Equal(entry!["value"]!.GetValue<string>(), r["ok"]!["params"]![0]!["v"]!.GetValue<string>());
        }
    }

    /// <summary>Values we send to Python: every type, nested, empty, unicode, i8 integers, awkward doubles.</summary>
    private static readonly (string Name, OcfValue Value)[] OurValues =
    [
        ("nil", OcfValue.Nil),
        ("string", "plain"),
        ("string_empty", ""),
        ("string_markup", "<>&\"' ]]> <!-- x -->"),
        ("string_cr", "a\rb\r\nc\n"),
        ("string_whitespace", "  \t lead and trail \t  "),
        ("string_unicode", "Grüße 日本語 \u00A0\u2028\uFEFF\uFFFD"),
        ("string_non_bmp", "\U0001F600\U0001D11E\U0010FFFD"),
        ("int_small", 7L),
        ("int_neg", -7L),
        ("int_max32", (long)int.MaxValue),
        ("i8_above_32", (long)int.MaxValue + 1),
        ("i8_below_32", (long)int.MinValue - 1),
        ("i8_max", long.MaxValue),
        ("i8_min", long.MinValue),
        ("true", true),
        ("false", false),
        ("double_big", 1e300),
        ("double_max", double.MaxValue),
        ("double_tiny", 5e-324),
        ("double_neg_zero", -0.0),
        ("double_tenth", 0.1),
        ("double_third", 1.0 / 3),
        ("double_e16", 1e16),
        ("double_small", 1.5e-7),
        ("datetime", new DateTime(2026, 11, 25, 10, 0, 0)),
        ("datetime_min", new DateTime(1, 1, 1, 0, 0, 0)),
        ("binary", new OcfBinary([0, 1, 2, 253, 254, 255])),
        ("binary_empty", new OcfBinary([])),
        ("binary_long", new OcfBinary(Enumerable.Range(0, 300).Select(i => (byte)(i * 13)).ToArray())),
        ("list_empty", OcfList.Empty),
        ("map_empty", OcfMap.Empty),
        ("list_mixed", L(1L, "two", 3.5, false, OcfValue.Nil, new OcfBinary([9]), new DateTime(2000, 2, 29, 23, 59, 59))),
        ("map_keys", M(("", 1L), (" spaced ", 2L), ("<&>\"'", 3L), ("\U0001F600", 4L), ("tab\tkey", 5L))),
        ("nested", M(("tty", "/dev/ttyS1"), ("ports", L("node1", "node2")), ("deep", L(L(M(("a", L(OcfList.Empty, OcfMap.Empty, long.MaxValue)))))))),
    ];

    [PythonFact]
    public void Our_documents_decode_in_python_to_the_same_values()
    {
        var docs = new List<(string Name, string Xml, OcfValue[] Params, string? Method)>();
        foreach (var (name, value) in OurValues)
            foreach (var options in new[] { OcfEncoderOptions.Default, OcfEncoderOptions.Indented })
            {
                string suffix = options.Indent ? " (indented)" : "";
                docs.Add((name + suffix, Rpc.EncodeToString(value, options), [value], null));
                docs.Add((name + " as call" + suffix, System.Text.Encoding.UTF8.GetString(Rpc.EncodeMessage(new XmlRpcMethodCall("test.echo", [value, "second"]), options)), [value, "second"], "test.echo"));
                docs.Add((name + " as response" + suffix, System.Text.Encoding.UTF8.GetString(Rpc.EncodeMessage(new XmlRpcMethodResponse(value), options)), [value], null));
            }
        docs.Add(("everything", Rpc.EncodeToString(new OcfList(OurValues.Select(v => v.Value))), [new OcfList(OurValues.Select(v => v.Value))], null));
        docs.Add(("call without params", System.Text.Encoding.UTF8.GetString(Rpc.EncodeMessage(new XmlRpcMethodCall("system.listMethods", []))), [], "system.listMethods"));

        var results = PythonPeer.RunJson("loadmany", JsonSerializer.Serialize(docs.Select(d => d.Xml).ToArray())).AsArray();
        Assert.Equal(docs.Count, results.Count);
        for (int i = 0; i < docs.Count; i++)
        {
            var (name, xml, ps, method) = docs[i];
            var r = results[i]!;
            Assert.True(r["ok"] is not null, $"{name}: Python refused our document with {r["error"]}:\n{xml}");
            Assert.Equal(method, r["ok"]!["method"]?.GetValue<string>());
            PythonPeer.AssertSameJson(new JsonArray(ps.Select(PythonPeer.Canonical).ToArray()), r["ok"]!["params"], $"{name}:\n{xml}");
        }
    }

    [PythonFact]
    public void Our_fault_decodes_in_python_as_a_fault()
    {
        string xml = System.Text.Encoding.UTF8.GetString(Rpc.EncodeMessage(new XmlRpcFault(-32601, "no such method <x> & 😀")));
        var r = PythonPeer.RunJson("load", xml);
        Assert.Equal(-32601, r["fault"]!["code"]!.GetValue<int>());
        Assert.Equal("no such method <x> & 😀", r["fault"]!["string"]!.GetValue<string>());
    }

    [PythonFact]
    public void Our_doubles_are_plain_decimal_and_python_reads_them_exactly()
    {
        double[] ds = [1e300, -1e300, double.MaxValue, 5e-324, 2.2250738585072014E-308, -0.0, 0.1, 1e22, 1.7976931348623157e308 / 3, 123.456e-100];
        string xml = Rpc.EncodeToString(new OcfList(ds.Select(d => (OcfValue)d)));
        foreach (Match m in Regex.Matches(xml, "<double>(.*?)</double>"))
            Assert.Matches(@"^-?\d+\.\d+$", m.Groups[1].Value);
        Assert.Equal(ds.Length, Regex.Matches(xml, "<double>").Count);
        var r = PythonPeer.RunJson("load", xml);
        PythonPeer.AssertSameJson(new JsonArray(PythonPeer.Canonical(new OcfList(ds.Select(d => (OcfValue)d)))), r["params"], xml);
    }

    [PythonFact]
    public void Python_load_mode_reports_malformed_documents()
    {
        var (code, stdout, _) = PythonPeer.Run("load", "<params><param><value><i4>1</i4>");
        Assert.Equal(3, code);
        Assert.Equal("ExpatError", stdout.Trim());
    }

    [PythonFact]
    public void A_control_character_is_refused_by_our_encoder_though_python_would_write_it()
    {
        var ex = Assert.Throws<OcfEncodeException>(() => Rpc.EncodeToString(M(("s", "a\u0001b"))));
        Assert.Equal("params[0].s", ex.Path);
        Assert.Contains("U+0001", ex.Message);
        // Python's own decoder cannot read what Python's encoder writes for it: expat refuses the raw control character.
        var (code, stdout, _) = PythonPeer.Run("load", Dump.Value["refused"]!["control_char"]!.GetValue<string>());
        Assert.Equal(3, code);
        Assert.Equal("ExpatError", stdout.Trim());
    }

    [PythonFact]
    public void NaN_and_infinity_are_refused_by_our_encoder()
    {
        foreach (var d in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var ex = Assert.Throws<OcfEncodeException>(() => Rpc.EncodeToString(L(1.0, d)));
            Assert.Equal("params[0][1]", ex.Path);
        }
        // Python, by contrast, writes them (as nan / inf), which no spec-following peer accepts.
        Assert.Contains("<double>nan</double>", Dump.Value["refused"]!["nan"]!.GetValue<string>());
    }
}
