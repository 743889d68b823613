using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;
using Xunit;
using static Ocf.Tests.Encoding.CodecTestKit;

namespace Ocf.Tests.Encoding;

/// <summary>
/// Random value trees round-trip through both codecs, compact and indented. Every value must come back equal, except
/// datetimes, whose semantics differ by codec and kind and are spelled out in <see cref="SameDateTime"/>. The datetimes
/// generated include every <see cref="DateTimeKind"/> and values made from DateTimeOffsets with any offset, so the
/// properties depend on the machine's time zone only where the semantics say so; run them under a non-UTC TZ too
/// (e.g. TZ=Asia/Kolkata or TZ=America/New_York, which has DST gaps).
/// </summary>
public class PropertyTests
{
    /// <summary>A weighted generator (spelled out so overload resolution cannot pick CsCheck's value-frequency overload).</summary>
    private static (int, IGen<T>) W<T>(int weight, IGen<T> gen) => (weight, gen);

    /// <summary>Code points XML 1.0 allows, weighted towards the interesting ones (markup, whitespace, CR, non-BMP).</summary>
    private static readonly Gen<int> XmlCodePoint = Gen.Frequency(
        W(20, Gen.Int['a', 'z']),
        W(6, Gen.Int[0x20, 0x7E]),
        W(4, Gen.OneOf<int>('<', '>', '&', '"', '\'', ';', ']')),
        W(4, Gen.OneOf<int>(0x09, 0x0A, 0x0D, 0x20)),
        W(3, Gen.Int[0x7F, 0xD7FF]),
        W(2, Gen.Int[0xE000, 0xFFFD]),
        W(2, Gen.Int[0x10000, 0x10FFFF]));

    public static readonly Gen<string> XmlString = XmlCodePoint.Array[0, 12].Select(cps =>
    {
        var sb = new StringBuilder();
        foreach (int cp in cps) sb.Append(char.ConvertFromUtf32(cp));
        return sb.ToString();
    });

    private static readonly Gen<DateTimeKind> AnyKind = Gen.OneOf<DateTimeKind>(DateTimeKind.Utc, DateTimeKind.Local, DateTimeKind.Unspecified);

    /// <summary>Offsets DateTimeOffset allows (±14:00, whole minutes), often zero or a whole hour.</summary>
    public static readonly Gen<TimeSpan> AnyOffset = Gen.Frequency(
        W(3, Gen.Int[-14 * 60, 14 * 60]), W(2, Gen.Int[-14, 14].Select(h => h * 60)), W(1, Gen.Const(0))).Select(m => TimeSpan.FromMinutes(m));

    /// <summary>A DateTimeOffset as the data model takes it in: the UTC instant (OcfValueConverter normalises offsets).</summary>
    private static readonly Gen<DateTime> FromOffset = Gen.Select(
        Gen.Long[DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay], AnyOffset,
        (ticks, offset) => ((OcfDateTime)OcfValueConverter.FromObject(new DateTimeOffset(ticks, offset))).Value);

    private static readonly Gen<DateTime> AnyDateTime = Gen.Frequency(
        W(3, Gen.Select(Gen.Long[DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks], AnyKind, (ticks, kind) => new DateTime(ticks, kind))),
        W(1, FromOffset));

    /// <summary>XML-RPC carries whole seconds; the kind is anything (the codec must still behave as documented).</summary>
    private static readonly Gen<DateTime> WholeSecondDateTime = Gen.Frequency(
        W(3, Gen.Select(Gen.Long[0, DateTime.MaxValue.Ticks / TimeSpan.TicksPerSecond], AnyKind, (s, kind) => new DateTime(s * TimeSpan.TicksPerSecond, kind))),
        W(1, FromOffset.Select(t => new DateTime(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Kind))));

    /// <summary>
    /// What a datetime turns into through a codec (the documented semantics):
    /// ocf-xml keeps Utc and Unspecified exactly (ticks and kind); a Local time is written with this machine's offset and
    /// comes back Local as the same instant (its wall-clock ticks may differ only where the local time did not exist,
    /// in a DST gap). XML-RPC writes the wall-clock fields whatever the kind and has no zone, so every datetime comes
    /// back Unspecified with the same wall-clock ticks.
    /// </summary>
    public static bool SameDateTime(string codec, DateTime sent, DateTime back) => codec switch
    {
        XmlRpcCodec.CodecName => back.Kind == DateTimeKind.Unspecified && back.Ticks == sent.Ticks,
        _ when sent.Kind == DateTimeKind.Local => back.Kind == DateTimeKind.Local && back.ToUniversalTime() == sent.ToUniversalTime(),
        _ => back.Kind == sent.Kind && back.Ticks == sent.Ticks,
    };

    /// <summary>Value equality, with datetimes compared by <see cref="SameDateTime"/>.</summary>
    public static bool SameValue(string codec, OcfValue sent, OcfValue back) => (sent, back) switch
    {
        (OcfDateTime a, OcfDateTime b) => SameDateTime(codec, a.Value, b.Value),
        (OcfList a, OcfList b) => a.Count == b.Count && a.Zip(b).All(p => SameValue(codec, p.First, p.Second)),
        (OcfMap a, OcfMap b) => a.Count == b.Count && a.Zip(b).All(p => p.First.Key == p.Second.Key && SameValue(codec, p.First.Value, p.Second.Value)),
        _ => sent.Equals(back),
    };

    private static readonly Gen<double> SpecialDouble = Gen.OneOf<double>(double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon,
        -double.Epsilon, double.MaxValue, double.MinValue, 2.2250738585072014E-308 /* smallest normal */, 2.2250738585072009E-308 /* largest subnormal */);

    /// <summary>Doubles of every binary shape: any bit pattern, subnormals, exponents near both ends, and the special values.</summary>
    public static readonly Gen<double> EdgeDouble = Gen.Frequency(
        W(4, Gen.Long.Select(BitConverter.Int64BitsToDouble)),
        W(2, Gen.Select(Gen.Long[1, (1L << 52) - 1], Gen.Bool, (mantissa, negative) => BitConverter.Int64BitsToDouble(mantissa | (negative ? long.MinValue : 0)))),
        W(2, Gen.Select(Gen.Long[0, (1L << 52) - 1], Gen.Int[0x7C0, 0x7FE], Gen.Bool, (mantissa, exponent, negative) =>
            BitConverter.Int64BitsToDouble(mantissa | (long)exponent << 52 | (negative ? long.MinValue : 0)))),
        W(2, Gen.Select(Gen.Long[0, (1L << 52) - 1], Gen.Int[1, 0x40], Gen.Bool, (mantissa, exponent, negative) =>
            BitConverter.Int64BitsToDouble(mantissa | (long)exponent << 52 | (negative ? long.MinValue : 0)))),
        W(1, SpecialDouble));

    private static readonly Gen<long> AnyLong = Gen.Frequency(
        W(3, Gen.Long), W(3, Gen.Long[-1000, 1000]), W(1, Gen.Long[int.MinValue - 10L, int.MinValue + 10L]), W(1, Gen.Long[int.MaxValue - 10L, int.MaxValue + 10L]));

    /// <summary>A scalar of any kind; for XML-RPC only what the format can carry exactly.</summary>
    public static Gen<OcfValue> Scalar(bool xmlRpc) => Gen.Frequency(
        W(4, XmlString.Select(s => (OcfValue)new OcfString(s))),
        W(2, AnyLong.Select(l => (OcfValue)new OcfInteger(l))),
        W(1, Gen.Bool.Select(b => OcfValue.From(b))),
        W(2, (xmlRpc ? Gen.Double.Where(double.IsFinite) : Gen.Frequency(W(6, Gen.Double), W(2, EdgeDouble))).Select(d => (OcfValue)new OcfDouble(d))),
        W(1, (xmlRpc ? WholeSecondDateTime : AnyDateTime).Select(t => (OcfValue)new OcfDateTime(t))),
        W(1, Gen.Byte.Array[0, 24].Select(b => (OcfValue)new OcfBinary(b))),
        W(1, Gen.Const((OcfValue)OcfNil.Instance)));

    /// <summary>Value trees of depth at most 5 with every kind at every level.</summary>
    public static Gen<OcfValue> Tree(bool xmlRpc)
    {
        var scalar = Scalar(xmlRpc);
        return Gen.Recursive<OcfValue>((depth, self) =>
        {
            if (depth >= 5) return scalar;
            var list = self.Array[0, 4].Select(items => (OcfValue)new OcfList(items));
            var map = Gen.Select(XmlString, self).Array[0, 4].Select(pairs =>
                (OcfValue)new OcfMap(pairs.DistinctBy(p => p.Item1, StringComparer.Ordinal).Select(p => new KeyValuePair<string, OcfValue>(p.Item1, p.Item2))));
            return Gen.Frequency(W(3, scalar), W(1, list), W(1, map));
        });
    }

    private static int Depth(OcfValue v) => v switch
    {
        OcfList l => 1 + (l.Count == 0 ? 0 : l.Max(Depth)),
        OcfMap m => 1 + (m.Count == 0 ? 0 : m.Max(e => Depth(e.Value))),
        _ => 0,
    };

    private static void CheckRoundTrip(string codec, OcfValue value)
    {
        foreach (bool indent in new[] { false, true })
        {
            var back = RoundTrip(codec, value, indent);
            if (!SameValue(codec, value, back))
                throw new Exception($"{codec} (indent={indent}) changed the value\nin:  {Describe(value)}\nout: {Describe(back)}");
        }
    }

    [Fact]
    public void Random_trees_round_trip_through_ocf_xml() =>
        Tree(xmlRpc: false).Sample(v => CheckRoundTrip(OcfXmlCodec.CodecName, v), iter: 1000, print: Describe);

    [Fact]
    public void Random_trees_round_trip_through_xml_rpc() =>
        Tree(xmlRpc: true).Sample(v => CheckRoundTrip(XmlRpcCodec.CodecName, v), iter: 1000, print: Describe);

    [Fact]
    public void Random_calls_and_responses_round_trip_through_xml_rpc()
    {
        var tree = Tree(xmlRpc: true);
        Gen.Select(tree.Array[0, 3], tree, Gen.Bool).Sample(t =>
        {
            var (ps, result, indent) = t;
            var options = indent ? OcfEncoderOptions.Indented : OcfEncoderOptions.Default;
            var call = Assert.IsType<XmlRpcMethodCall>(XmlRpcCodec.Instance.DecodeMessage(XmlRpcCodec.Instance.EncodeMessage(new XmlRpcMethodCall("a.b", ps), options)));
            Assert.Equal("a.b", call.MethodName);
            Assert.True(SameValue(XmlRpcCodec.CodecName, new OcfList(ps), new OcfList(call.Params)), Describe(new OcfList(call.Params)));
            var response = Assert.IsType<XmlRpcMethodResponse>(XmlRpcCodec.Instance.DecodeMessage(XmlRpcCodec.Instance.EncodeMessage(new XmlRpcMethodResponse(result), options)));
            Assert.True(SameValue(XmlRpcCodec.CodecName, result, response.Value), Describe(response.Value));
        }, iter: 150);
    }

    [Fact]
    public void Random_trees_travel_from_one_codec_to_the_other()
    {
        // What XML-RPC carries, ocf-xml carries too.
        Tree(xmlRpc: true).Sample(v =>
        {
            var viaRpc = RoundTrip(XmlRpcCodec.CodecName, v, indent: false);
            var viaOcf = RoundTrip(OcfXmlCodec.CodecName, viaRpc, indent: true);
            // XML-RPC's (zone-less, Unspecified) datetimes, which ocf-xml then keeps exactly.
            if (!SameValue(XmlRpcCodec.CodecName, v, viaOcf)) throw new Exception($"changed: {Describe(v)} -> {Describe(viaOcf)}");
        }, iter: 200, print: Describe);
    }

    // The typed-scalar grammar of docs/ocf-xml.md, written out again as regular expressions.
    private static readonly Regex IntegerForm = new(@"^[+-]?[0-9]+$");
    private static readonly Regex DoubleForm = new(@"^([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN)$");
    private static readonly Regex DateTimeForm = new(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?(Z|[+-][0-9]{2}:[0-9]{2})?$");
    private static readonly Regex Base64Form = new(@"^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$");

    /// <summary>The text of a root scalar as the encoder writes it: &lt;V type="…"&gt;TEXT&lt;/V&gt;.</summary>
    private static string EncodedText(OcfValue value)
    {
        string doc = OcfXmlCodec.Instance.EncodeToString(value);
        int start = doc.IndexOf('>') + 1;
        return doc[start..doc.LastIndexOf("</V>", StringComparison.Ordinal)];
    }

    [Fact]
    public void The_encoder_writes_only_the_documented_scalar_forms()
    {
        var dateTime = Gen.Select(Gen.Long[DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks], Gen.Int[0, 2], (ticks, kind) => new DateTime(ticks, (DateTimeKind)kind));
        Gen.Select(EdgeDouble, AnyLong, dateTime, Gen.Byte.Array[0, 40]).Sample((d, l, t, bytes) =>
        {
            string text = EncodedText(new OcfDouble(d));
            Assert.Matches(DoubleForm, text);
            AssertValueEqual(new OcfDouble(d), OcfXmlCodec.Instance.Decode(Bytes($"<V type=\"double\">{text}</V>")), text);

            text = EncodedText(new OcfInteger(l));
            Assert.Matches(IntegerForm, text);

            text = EncodedText(new OcfDateTime(t));
            Assert.Matches(DateTimeForm, text);
            // A local time is written with its offset and read back as the same instant, in local time; the other kinds exactly.
            // (Local times within a day of 0001/9999 can name an instant outside the range, which the decoder refuses.)
            var back = (OcfDateTime)OcfXmlCodec.Instance.Decode(Bytes($"<V type=\"datetime\">{text}</V>"));
            if (t.Kind != DateTimeKind.Local) AssertValueEqual(new OcfDateTime(t), back, text);
            else if (t.Year is > 1 and < 9999) Assert.Equal(t.ToUniversalTime(), back.Value.ToUniversalTime());

            text = EncodedText(new OcfBinary(bytes));
            Assert.Matches(Base64Form, text);
        }, iter: 5000);
        Assert.Equal("true", EncodedText(OcfBoolean.True));
        Assert.Equal("false", EncodedText(OcfBoolean.False));
    }

    [Fact]
    public void Edge_doubles_cover_subnormals_large_exponents_and_negative_zero()
    {
        // The property above proves little if its generator stopped producing these.
        bool subnormal = false, large = false, tiny = false, negativeZero = false, nan = false, infinity = false;
        EdgeDouble.Sample(d =>
        {
            subnormal |= double.IsSubnormal(d);
            large |= double.IsFinite(d) && Math.Abs(d) > 1e300;
            tiny |= double.IsNormal(d) && Math.Abs(d) < 1e-300;
            negativeZero |= BitConverter.DoubleToInt64Bits(d) == long.MinValue;
            nan |= double.IsNaN(d);
            infinity |= double.IsInfinity(d);
        }, iter: 5000, threads: 1);
        Assert.True(subnormal && large && tiny && negativeZero && nan && infinity,
            $"subnormal={subnormal} large={large} tiny={tiny} -0={negativeZero} NaN={nan} inf={infinity}");
    }

    [Fact]
    public void Generator_covers_every_kind_and_depth_five()
    {
        // Guard against a generator that silently stopped producing some kinds (the properties would then prove little).
        var kinds = new HashSet<OcfValueKind>();
        var dateKinds = new HashSet<DateTimeKind>();
        int maxDepth = 0;
        bool nonBmp = false, cr = false, markup = false;
        void Walk(OcfValue v)
        {
            kinds.Add(v.Kind);
            switch (v)
            {
                case OcfList l: foreach (var i in l) Walk(i); break;
                case OcfMap m: foreach (var e in m) { Note(e.Key); Walk(e.Value); } break;
                case OcfString s: Note(s.Value); break;
                case OcfDateTime t: dateKinds.Add(t.Value.Kind); break;
            }
        }
        void Note(string s)
        {
            nonBmp |= s.Any(char.IsSurrogate);
            cr |= s.Contains('\r');
            markup |= s.AsSpan().IndexOfAny("<&") >= 0;
        }
        Tree(xmlRpc: false).Sample(v => { Walk(v); maxDepth = Math.Max(maxDepth, Depth(v)); }, iter: 3000, threads: 1);
        Assert.Equal(Enum.GetValues<OcfValueKind>().Length, kinds.Count);
        Assert.Equal(5, maxDepth);
        Assert.True(nonBmp && cr && markup, $"nonBmp={nonBmp} cr={cr} markup={markup}");
        Assert.Equal(3, dateKinds.Count);
    }

    /// <summary>
    /// Documents from peers may carry any offset. ocf-xml turns "…±hh:mm" into this machine's local time (Kind Local,
    /// the same instant) and "…Z" into Utc; XML-RPC turns either into the UTC instant (Kind Utc).
    /// </summary>
    [Fact]
    public void Datetimes_with_any_offset_decode_to_the_same_instant()
    {
        Gen.Select(Gen.Long[DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay], AnyOffset).Sample(t =>
        {
            var (ticks, offset) = t;
            var dto = new DateTimeOffset(ticks - ticks % TimeSpan.TicksPerSecond, offset);
            string zone = offset == TimeSpan.Zero ? "Z" : dto.ToString("zzz", CultureInfo.InvariantCulture);

            string ocf = $"<V type=\"datetime\">{dto.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture)}{zone}</V>";
            var o = Assert.IsType<OcfDateTime>(OcfXml.Decode(ocf)).Value;
            Assert.Equal(offset == TimeSpan.Zero ? DateTimeKind.Utc : DateTimeKind.Local, o.Kind);
            Assert.Equal(dto.UtcDateTime, o.ToUniversalTime());

            string rpc = $"<params><param><value><dateTime.iso8601>{dto.ToString("yyyyMMdd'T'HH:mm:ss", CultureInfo.InvariantCulture)}{zone}</dateTime.iso8601></value></param></params>";
            var r = Assert.IsType<OcfDateTime>(DecodeWith(XmlRpcCodec.CodecName, Bytes(rpc))).Value;
            Assert.Equal(DateTimeKind.Utc, r.Kind);
            Assert.Equal(dto.UtcDateTime, r);
        }, iter: 2000);
    }

    /// <summary>
    /// Local times where zones are awkward: the ends of the DateTime range (a UTC offset would push the instant past
    /// them), and the DST gap and overlap of zones that have them (America/New_York on 2026-03-08 and 2026-11-01).
    /// </summary>
    [Theory]
    [InlineData(0L)]
    [InlineData(long.MaxValue)]
    [InlineData(639_085_338_000_000_000L)] // 2026-03-08T02:30 (no such local time in New York)
    [InlineData(639_290_934_000_000_000L)] // 2026-11-01T01:30 (twice in New York)
    public void Local_times_at_awkward_points_keep_their_instant(long ticks)
    {
        var local = new DateTime(Math.Min(ticks, DateTime.MaxValue.Ticks), DateTimeKind.Local);
        foreach (var codec in new[] { OcfXmlCodec.CodecName, XmlRpcCodec.CodecName })
        {
            var sent = codec == XmlRpcCodec.CodecName ? local.AddTicks(-(local.Ticks % TimeSpan.TicksPerSecond)) : local;
            var back = Assert.IsType<OcfDateTime>(RoundTrip(codec, new OcfDateTime(sent), indent: false)).Value;
            Assert.True(SameDateTime(codec, sent, back), $"{codec} in {TimeZoneInfo.Local.Id}: {sent:o} ({sent.Kind}) came back {back:o} ({back.Kind})");
        }
    }

    /// <summary>The comparison itself: it must tell apart what the codecs must keep (guards against a vacuous SameDateTime).</summary>
    [Fact]
    public void SameDateTime_is_strict_where_the_semantics_are()
    {
        var t = new DateTime(2026, 6, 25, 10, 11, 12, DateTimeKind.Utc);
        Assert.False(SameDateTime(OcfXmlCodec.CodecName, t, DateTime.SpecifyKind(t, DateTimeKind.Unspecified)));
        Assert.False(SameDateTime(OcfXmlCodec.CodecName, t, t.AddTicks(1)));
        var local = t.ToLocalTime();
        Assert.True(SameDateTime(OcfXmlCodec.CodecName, local, local));
        Assert.False(SameDateTime(OcfXmlCodec.CodecName, local, t)); // same instant, but the kind must stay Local
        Assert.False(SameDateTime(OcfXmlCodec.CodecName, local, local.AddSeconds(1)));
        Assert.True(SameDateTime(XmlRpcCodec.CodecName, t, DateTime.SpecifyKind(t, DateTimeKind.Unspecified)));
        Assert.False(SameDateTime(XmlRpcCodec.CodecName, t, t));
        Assert.False(SameDateTime(XmlRpcCodec.CodecName, local, DateTime.SpecifyKind(t, DateTimeKind.Unspecified).AddTicks(local.Ticks - t.Ticks + 1)));
    }
}
