using System.Buffers;
using CsCheck;
using Ocf.Communication;
using Xunit;

namespace Ocf.Tests.Communication;

/// <summary>The packet header and pipeline (compress → encrypt → sign) on their own: round trips and bad input.</summary>
public class PacketCodecTests
{
    private static readonly OcfKeyStore Keys = new(new OcfKeyRing(1, OcfKeyRing.GenerateKey()));
    private static readonly uint Cluster = OcfPacketHeader.ComputeClusterHash("test");

    private static readonly Gen<OcfPacketHeader> AnyHeader =
        Gen.Select(Gen.Int[1, 7], Gen.Int[0, 3], Gen.Byte, Gen.UInt, Gen.UInt[1, uint.MaxValue], Gen.UInt, Gen.ULong[1, ulong.MaxValue], Gen.ULong)
           .Select(Gen.ULong[1, ulong.MaxValue], Gen.UShort[1, ushort.MaxValue], (t, sequence, count) => new OcfPacketHeader
           {
               Type = (OcfPacketType)t.Item1,
               Flags = t.Item1 == 1 ? (OcfPacketFlags)t.Item2 : (OcfPacketFlags)(t.Item2 & 2),
               KeyId = t.Item3,
               ClusterHash = t.Item4,
               Sender = t.Item5,
               Destination = t.Item6,
               SenderIncarnation = t.Item7,
               DestinationIncarnation = t.Item8,
               Sequence = sequence,
               FragmentCount = t.Item1 == 1 ? count : (ushort)1,
               FragmentIndex = t.Item1 == 1 ? (ushort)(sequence % count) : (ushort)0,
           });

    [Fact]
    public void Headers_round_trip() =>
        AnyHeader.Sample(header =>
        {
            var buffer = new byte[OcfPacketHeader.Size];
            header.Write(buffer);
            Assert.Equal(header, OcfPacketHeader.Read(buffer));
        }, iter: 2000);

    [Theory]
    [InlineData(0, 0x00, OcfDropReason.Malformed)]     // magic
    [InlineData(2, 0x02, OcfDropReason.UnsupportedVersion)]
    [InlineData(3, 0x00, OcfDropReason.Malformed)]     // type 0
    [InlineData(3, 0x63, OcfDropReason.Malformed)]     // type 99
    [InlineData(4, 0x80, OcfDropReason.Malformed)]     // unknown flag
    [InlineData(12, 0x00, OcfDropReason.Malformed)]    // sender 0 (low byte of 1)
    [InlineData(44, 0x05, OcfDropReason.Malformed)]    // fragment index 5 of 1
    public void Bad_headers_are_refused_for_their_reason(int offset, byte value, OcfDropReason reason)
    {
        var buffer = new byte[OcfPacketHeader.Size];
        new OcfPacketHeader { Type = OcfPacketType.Heartbeat, Sender = 1, SenderIncarnation = 1, Sequence = 1 }.Write(buffer);
        buffer[offset] = value;
        Assert.Equal(reason, Assert.Throws<OcfPacketException>(() => OcfPacketHeader.Read(buffer)).Reason);
        Assert.False(OcfPacketHeader.TryRead(buffer, out _, out var r));
        Assert.Equal(reason, r);
        Assert.Equal(OcfDropReason.Truncated, Assert.Throws<OcfPacketException>(() => OcfPacketHeader.Read(buffer.AsSpan(0, 47))).Reason);
    }

    private static byte[] Seal(OcfPacketPipeline pipeline, ReadOnlySpan<byte> body, OcfPacketType type = OcfPacketType.Membership)
    {
        var buffer = new byte[body.Length + pipeline.DatagramOverhead];
        int n = pipeline.Seal(new OcfPacketHeader { Type = type, ClusterHash = Cluster, Sender = 2, Destination = 1, SenderIncarnation = 5, DestinationIncarnation = 6, Sequence = 9 }, body, buffer);
        Assert.Equal(buffer.Length, n);
        return buffer;
    }

    public static TheoryData<string> Pipelines => new() { "none", "hmac", "hmac+aes", "aes" };

    private static OcfPacketPipeline Create(string kind) => kind switch
    {
        "none" => new OcfPacketPipeline(),
        "hmac" => new OcfPacketPipeline(new OcfHmacAuthenticator(Keys)),
        "aes" => new OcfPacketPipeline(encryption: new OcfAesGcmTransform(Keys)),
        _ => OcfPacketPipeline.CreateDefault(Keys),
    };

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Datagrams_round_trip_through_every_pipeline(string kind)
    {
        var pipeline = Create(kind);
        var plain = new ArrayBufferWriter<byte>();
        Gen.Byte.Array[0, 1300].Sample(body =>
        {
            var datagram = Seal(pipeline, body);
            var header = pipeline.Open(datagram, Cluster, 2000, plain);
            Assert.Equal((2u, 1u, 5UL, 6UL, 9UL), (header.Sender, header.Destination, header.SenderIncarnation, header.DestinationIncarnation, header.Sequence));
            Assert.True(plain.WrittenSpan.SequenceEqual(body));
        }, iter: 300, threads: 1);
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Decoding_random_bytes_throws_only_packet_exceptions(string kind)
    {
        var pipeline = Create(kind);
        var plain = new ArrayBufferWriter<byte>();
        var valid = Seal(pipeline, new byte[100]);
        var mutated = Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, Gen.Int[0, valid.Length], (at, b, cut) =>
        {
            var copy = (byte[])valid.Clone();
            copy[at] = b;
            return cut % 3 == 0 ? copy[..cut] : copy;
        });
        var garbage = Gen.Byte.Array[0, 1500].Select(bytes =>
        {
            if (bytes.Length >= 3) { bytes[0] = (byte)'O'; bytes[1] = (byte)'C'; bytes[2] = 1; }
            return bytes;
        });
        Gen.OneOf(mutated, garbage, Gen.Byte.Array[0, 100]).Sample(bytes =>
        {
            try { pipeline.Open(bytes, Cluster, 1400, plain); }
            catch (OcfPacketException) { }
        }, iter: 5000, threads: 1);
        if (kind != "none")
        {
            // With authentication or encryption, no single-byte change or truncation of a valid datagram survives.
            mutated.Where(m => !m.AsSpan().SequenceEqual(valid)).Sample(bytes => { Assert.Throws<OcfPacketException>(() => pipeline.Open(bytes, Cluster, 1400, plain)); }, iter: 2000, threads: 1);
        }
    }

    [Fact]
    public void Compression_applies_above_the_threshold_and_only_when_it_pays()
    {
        var pipeline = OcfPacketPipeline.CreateDefault(Keys, compressionThreshold: 1000);
        var text = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("membership view ", 500)));
        var encoded = pipeline.EncodeMessage(text, out var flags);
        Assert.Equal(OcfPacketFlags.Compressed, flags);
        Assert.True(encoded.Length < text.Length / 10);
        Assert.Equal(text, pipeline.DecodeMessage(encoded.Span, flags, text.Length));

        pipeline.EncodeMessage(text.AsSpan(0, 999), out flags);
        Assert.Equal(OcfPacketFlags.None, flags);
        var noise = new byte[5000];
        new Random(3).NextBytes(noise);
        pipeline.EncodeMessage(noise, out flags);
        Assert.Equal(OcfPacketFlags.None, flags);
    }

    [Fact]
    public void A_decompression_bomb_or_corrupt_deflate_data_is_refused()
    {
        var pipeline = OcfPacketPipeline.CreateDefault(Keys);
        var zeros = new byte[4 * 1024 * 1024];
        var bomb = pipeline.EncodeMessage(zeros, out var flags);
        Assert.True(bomb.Length < 64 * 1024, $"{bomb.Length} bytes");
        Assert.Equal(OcfDropReason.DecompressFailed, Assert.Throws<OcfPacketException>(() => pipeline.DecodeMessage(bomb.Span, flags, 256 * 1024)).Reason);
        var corrupt = bomb.ToArray();
        corrupt[0] ^= 0xFF;
        corrupt[1] ^= 0xFF;
        Assert.Equal(OcfDropReason.DecompressFailed, Assert.Throws<OcfPacketException>(() => pipeline.DecodeMessage(corrupt, flags, 256 * 1024)).Reason);
    }

    [Fact]
    public void The_pipeline_refuses_stages_in_the_wrong_slot()
    {
        Assert.Throws<ArgumentException>(() => new OcfPacketPipeline(compression: new OcfAesGcmTransform(Keys)));
        Assert.Throws<ArgumentException>(() => new OcfPacketPipeline(encryption: new OcfDeflateTransform()));
    }
}
