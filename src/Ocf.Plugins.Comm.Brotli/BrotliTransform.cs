using System.Buffers;
using System.IO.Compression;
using Ocf.Communication;

namespace Ocf.Plugins.Comm.Brotli;

/// <summary>
/// Brotli on whole messages at least <see cref="Threshold"/> bytes long, kept only when it saves space. Decoding is
/// bounded by the maximum message size, so a small packet cannot inflate into a memory bomb.
/// </summary>
public sealed class BrotliTransform : IOcfPacketTransform
{
    public const string TransformName = "brotli";
    public const int DefaultThreshold = 2048;
    public const int DefaultQuality = 4; // Brotli's own scale 0-11: 4 keeps the CPU cost near deflate's "fastest"
    private const int Window = 22;       // 4 MiB, more than the largest message

    public BrotliTransform(int threshold = DefaultThreshold, int quality = DefaultQuality)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 11);
        Threshold = threshold;
        Quality = quality;
    }

    public int Threshold { get; }
    public int Quality { get; }
    public string Name => TransformName;
    public OcfTransformStage Stage => OcfTransformStage.Message;
    public OcfPacketFlags Flag => OcfPacketFlags.Compressed;
    public int Overhead => 0;
    public byte? PreferredKeyId => null;

    public bool TryEncode(in OcfTransformContext context, ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        if (input.Length < Threshold) return false;
        // Worth sending only if smaller: give the encoder one byte less room than the input and let it fail otherwise.
        var span = output.GetSpan(input.Length);
        if (!BrotliEncoder.TryCompress(input, span[..(input.Length - 1)], out int written, Quality, Window)) return false;
        output.Advance(written);
        return true;
    }

    public void Decode(in OcfTransformContext context, ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        int max = context.MaxOutputLength;
        using var decoder = new BrotliDecoder();
        int total = 0;
        while (true)
        {
            var span = output.GetSpan(8192);
            var room = span[..Math.Min(span.Length, max + 1 - total)];
            var status = decoder.Decompress(input, room, out int consumed, out int written);
            input = input[consumed..];
            total += written;
            if (total > max) throw new OcfPacketException(OcfDropReason.DecompressFailed, $"the message inflates beyond {max} bytes");
            output.Advance(written);
            switch (status)
            {
                case OperationStatus.Done:
                    if (!input.IsEmpty) throw new OcfPacketException(OcfDropReason.DecompressFailed, "bytes follow the end of the compressed message");
                    return;
                case OperationStatus.DestinationTooSmall:
                    continue;
                case OperationStatus.NeedMoreData:
                    throw new OcfPacketException(OcfDropReason.DecompressFailed, "the compressed message is truncated");
                default:
                    throw new OcfPacketException(OcfDropReason.DecompressFailed, "the compressed message is corrupt");
            }
        }
    }
}
