using System.Diagnostics;
using CsCheck;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;
using Xunit;
using Xunit.Abstractions;
using static Ocf.Tests.Encoding.CodecTestKit;

namespace Ocf.Tests.Encoding;

/// <summary>
/// Corrupted documents: whatever the damage, a decoder either returns a value or raises OcfFormatException, never
/// anything else (no IndexOutOfRange, no ArgumentException, no stack overflow, no XmlRpcFaultException). Both entry
/// points are fuzzed: the codec-specific one (XML-RPC's message API) and the generic <see cref="IOcfCodec.Decode"/>
/// every caller of a registered codec uses; they must accept the same documents and agree on the value. A document a
/// decoder accepts must also survive encode → decode unchanged, so an accepted value is always one the codec can carry.
/// </summary>
public class MutationTests(ITestOutputHelper output)
{
    private static readonly byte[][] Snippets =
    [
        "<"u8.ToArray(), ">"u8.ToArray(), "&"u8.ToArray(), "\""u8.ToArray(), "'"u8.ToArray(), "/"u8.ToArray(), ";"u8.ToArray(),
        "</"u8.ToArray(), "/>"u8.ToArray(), "<L>"u8.ToArray(), "<LI>"u8.ToArray(), "</LI>"u8.ToArray(), "<AL>"u8.ToArray(),
        "<value>"u8.ToArray(), "</value>"u8.ToArray(), "<struct>"u8.ToArray(), "<array><data>"u8.ToArray(), "<member><name>"u8.ToArray(),
        "&amp;"u8.ToArray(), "&#1;"u8.ToArray(), "&#x10FFFF;"u8.ToArray(), "&#xD800;"u8.ToArray(), "&#"u8.ToArray(), "<!--"u8.ToArray(), "-->"u8.ToArray(),
        "<![CDATA["u8.ToArray(), "]]>"u8.ToArray(), "<?xml version=\"1.0\"?>"u8.ToArray(), "<!DOCTYPE x>"u8.ToArray(),
        " key=\"k\""u8.ToArray(), " type=\"integer\""u8.ToArray(), " type=\"nil\""u8.ToArray(),
        "\r"u8.ToArray(), "\r\n"u8.ToArray(), "\t"u8.ToArray(), new byte[] { 0 }, new byte[] { 0xC3 }, new byte[] { 0xF0, 0x9F }, new byte[] { 0xEF, 0xBB, 0xBF },
    ];

    private static byte[] Mutate(byte[] doc, Random rng, out string what)
    {
        var d = new List<byte>(doc);
        int pos = d.Count == 0 ? 0 : rng.Next(d.Count);
        switch (rng.Next(8))
        {
            case 0:
                if (d.Count > 0) d[pos] = (byte)rng.Next(256);
                what = $"set byte {pos}";
                break;
            case 1:
                if (d.Count > 0) d[pos] ^= (byte)(1 << rng.Next(8));
                what = $"flip a bit of byte {pos}";
                break;
            case 2:
                {
                    int n = Math.Min(rng.Next(1, 9), d.Count - pos);
                    d.RemoveRange(pos, Math.Max(0, n));
                    what = $"delete {n} at {pos}";
                    break;
                }
            case 3:
                {
                    var s = Snippets[rng.Next(Snippets.Length)];
                    d.InsertRange(rng.Next(d.Count + 1), s);
                    what = $"insert snippet {Utf8Escape(s)}";
                    break;
                }
            case 4:
                d.Insert(rng.Next(d.Count + 1), (byte)rng.Next(256));
                what = "insert a random byte";
                break;
            case 5:
                {
                    int n = rng.Next(d.Count + 1);
                    d.RemoveRange(n, d.Count - n);
                    what = $"truncate to {n}";
                    break;
                }
            case 6:
                {
                    int start = rng.Next(d.Count + 1), len = rng.Next(0, Math.Min(64, d.Count - start) + 1);
                    var slice = d.GetRange(start, len);
                    d.InsertRange(rng.Next(d.Count + 1), slice);
                    what = $"duplicate {len} bytes from {start}";
                    break;
                }
            default:
                {
                    // Swap two slices: moves tags around while keeping every byte.
                    int a = rng.Next(d.Count + 1), b = rng.Next(d.Count + 1);
                    if (a > b) (a, b) = (b, a);
                    int len = Math.Min(rng.Next(1, 16), d.Count - b);
                    var slice = d.GetRange(b, Math.Max(0, len));
                    d.RemoveRange(b, slice.Count);
                    d.InsertRange(a, slice);
                    what = $"move {slice.Count} bytes from {b} to {a}";
                    break;
                }
        }
        return d.ToArray();
    }

    private static string Utf8Escape(byte[] b) => Escape(System.Text.Encoding.UTF8.GetString(b));

    /// <summary>
    /// Decodes with the codec's own API (XML-RPC: the message API, its message then shaped as the value API documents
    /// it); returns the value, null on OcfFormatException, and lets anything else escape.
    /// </summary>
    private static OcfValue? TryDecode(string codec, byte[] doc) => Refused(doc, () =>
        codec == OcfXmlCodec.CodecName ? OcfXml.Decode(doc) : XmlRpc.DecodeMessage(doc) switch
        {
            XmlRpcParams { Params.Count: 1 } p => p.Params[0],
            XmlRpcParams p => new OcfList(p.Params),
            XmlRpcMethodCall c => Map(("methodName", c.MethodName), ("params", new OcfList(c.Params))),
            XmlRpcMethodResponse r => r.Value,
            XmlRpcFault f => Map(("fault", f.Detail)),
            var other => throw new InvalidOperationException($"unexpected message type {other.GetType()}"),
        });

    /// <summary>Decodes through the registry's <see cref="IOcfCodec"/>: the span method and the stream overload must agree.</summary>
    private static OcfValue? TryDecodeGeneric(string codec, byte[] doc)
    {
        IOcfCodec c = OcfCodecRegistry.Default.Get(codec);
        var fromSpan = Refused(doc, () => c.Decode(doc.AsSpan()));
        var fromStream = Refused(doc, () => c.Decode(new MemoryStream(doc)));
        if (!Equals(fromSpan, fromStream))
            throw new InvalidOperationException($"span and stream decoding disagree: {Show(fromSpan)} vs {Show(fromStream)}");
        return fromSpan;
    }

    private static string Show(OcfValue? v) => v is null ? "refused" : Describe(v);

    /// <summary>Runs a decode; OcfFormatException (with a consistent position) becomes null, anything else escapes.</summary>
    private static OcfValue? Refused(byte[] doc, Func<OcfValue> decode)
    {
        try { return decode(); }
        catch (OcfFormatException ex)
        {
            // The position must be inside the document and consistent.
            if (ex.ByteOffset < 0 || ex.ByteOffset > doc.Length || ex.Line < 1 || ex.Column < 1)
                throw new InvalidOperationException($"bad position in: {ex.Message} (offset {ex.ByteOffset} of {doc.Length})");
            return null;
        }
    }

    /// <summary>Both entry points of one codec on one document: the same verdict and the same value, or an exception escapes.</summary>
    private static OcfValue? DecodeBothWays(string codec, byte[] doc)
    {
        var own = TryDecode(codec, doc);
        var generic = TryDecodeGeneric(codec, doc);
        if (!Equals(own, generic))
            throw new InvalidOperationException($"IOcfCodec.Decode disagrees with the codec's own API: {Show(generic)} vs {Show(own)}");
        return own;
    }

    private static IEnumerable<(string Codec, byte[] Doc)> Seeds()
    {
        var values = new List<OcfValue>(RoundTripTests.CommonValues.Take(40))
        {
            PaperExampleTests.Serial,
            PaperExampleTests.Projects,
            Map(("s", " a\r\nb <&> 😀 "), ("k e y", List(1L, -2.5, true, OcfValue.Nil, Bin(1, 2, 3), RoundTripTests.SomeTime, OcfMap.Empty))),
        };
        foreach (var v in values)
            foreach (var options in new[] { OcfEncoderOptions.Default, OcfEncoderOptions.Indented })
            {
                yield return (OcfXmlCodec.CodecName, OcfXml.EncodeToBytes(v, options));
                yield return (XmlRpcCodec.CodecName, XmlRpc.EncodeToBytes(v, options));
            }
        yield return (OcfXmlCodec.CodecName, Bytes(BadInputTests.OcfXmlSample));
        yield return (XmlRpcCodec.CodecName, Bytes(BadInputTests.XmlRpcSample));
        yield return (XmlRpcCodec.CodecName, XmlRpc.EncodeMessage(new XmlRpcFault(3, "fault <&>")));
        yield return (XmlRpcCodec.CodecName, XmlRpc.EncodeMessage(new XmlRpcMethodResponse(PaperExampleTests.Serial), OcfEncoderOptions.Indented));
    }

    /// <summary>
    /// An accepted value must survive encode → decode. XML-RPC writes datetimes as whole-second, zone-less wall clock
    /// (a peer may have sent fractions or a zone), so for it the expectation is the value with datetimes reduced so.
    /// </summary>
    private static void CheckReencode(string codec, OcfValue decoded, string context)
    {
        OcfValue again, expected;
        if (codec == OcfXmlCodec.CodecName)
        {
            again = OcfXml.Decode(OcfXml.EncodeToBytes(decoded));
            expected = decoded;
        }
        else
        {
            again = SingleParam(XmlRpc.DecodeMessage(XmlRpc.EncodeToBytes(decoded)));
            expected = WholeSeconds(decoded);
        }
        if (!expected.Equals(again))
            throw new InvalidOperationException($"accepted document does not survive re-encoding: {context}\n{Describe(expected)}\n{Describe(again)}");
    }

    private static OcfValue WholeSeconds(OcfValue v) => v switch
    {
        OcfDateTime t => new OcfDateTime(new DateTime(t.Value.Ticks - t.Value.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Unspecified)),
        OcfList l => new OcfList(l.Select(WholeSeconds)),
        OcfMap m => new OcfMap(m.Select(e => new KeyValuePair<string, OcfValue>(e.Key, WholeSeconds(e.Value)))),
        _ => v,
    };

    [Fact]
    public void Random_corruptions_raise_only_format_exceptions()
    {
        const int seed = 20261125;
        var rng = new Random(seed);
        var seeds = Seeds().ToList();
        var sw = Stopwatch.StartNew();
        int total = 0, accepted = 0;
        foreach (var (codec, doc) in seeds)
        {
            Assert.NotNull(DecodeBothWays(codec, doc)); // the unmutated document is valid
            for (int i = 0; i < 40; i++)
            {
                byte[] mutant = doc;
                var steps = new List<string>();
                int rounds = 1 + rng.Next(3);
                for (int r = 0; r < rounds; r++) { mutant = Mutate(mutant, rng, out var what); steps.Add(what); }
                foreach (var target in new[] { OcfXmlCodec.CodecName, XmlRpcCodec.CodecName })
                {
                    total++;
                    string context = $"{target} decoding a mutant of a {codec} document ({string.Join("; ", steps)}):\n{Utf8Escape(mutant)}";
                    OcfValue? value;
                    try { value = DecodeBothWays(target, mutant); }
                    catch (Exception ex) { throw new Xunit.Sdk.XunitException($"{ex.GetType().Name} escaped from {context}\n{ex}"); }
                    if (value is null) continue;
                    accepted++;
                    if (target == codec) CheckReencode(target, value, context);
                }
            }
        }
        output.WriteLine($"{total} decodes of {seeds.Count} seed documents ({accepted} accepted) in {sw.ElapsedMilliseconds} ms");
        Assert.True(total >= 5000, $"only {total} mutants");
        // Each entry point saw accepted and refused mutants (a decoder that refused everything would pass vacuously).
        Assert.InRange(accepted, 1, total - 1);
    }

    [Fact]
    public void Random_bytes_raise_only_format_exceptions()
    {
        // Shrinking pinpoints the smallest failing input if one ever appears.
        var gen = Gen.Frequency(
            (3, (IGen<byte[]>)Gen.Byte.Array[0, 64]),
            (3, (IGen<byte[]>)Gen.Int[0, Snippets.Length - 1].Array[1, 12].Select(ix => ix.SelectMany(i => Snippets[i]).ToArray())));
        gen.Sample(doc =>
        {
            foreach (var codec in new[] { OcfXmlCodec.CodecName, XmlRpcCodec.CodecName })
            {
                var v = DecodeBothWays(codec, doc);
                if (v is not null) CheckReencode(codec, v, Utf8Escape(doc));
            }
        }, iter: 3000, print: Utf8Escape);
    }
}
