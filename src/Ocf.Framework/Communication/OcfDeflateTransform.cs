using System.Buffers;
using System.IO.Compression;

namespace Ocf.Communication;

/// <summary>
/// Raw DEFLATE (System.IO.Compression) on whole messages at least <see cref="Threshold"/> bytes long, kept only when
/// it saves space. Inflation is bounded by the maximum message size (no decompression bombs).
/// </summary>
public sealed class OcfDeflateTransform(int threshold = OcfDeflateTransform.DefaultThreshold, CompressionLevel level = CompressionLevel.Fastest) : IOcfPacketTransform
{
    public const string TransformName = "deflate";
    public const int DefaultThreshold = 2048;

    public int Threshold { get; } = threshold >= 0 ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold));
    public string Name => TransformName;
    public OcfTransformStage Stage => OcfTransformStage.Message;
    public OcfPacketFlags Flag => OcfPacketFlags.Compressed;
    public int Overhead => 0;
    public byte? PreferredKeyId => null;

    public bool TryEncode(in OcfTransformContext context, ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        if (input.Length < Threshold) return false;
        var buffer = new MemoryStream(input.Length / 2 + 64);
        using (var deflate = new DeflateStream(buffer, level, leaveOpen: true)) deflate.Write(input);
        if (buffer.Length >= input.Length) return false;
        output.Write(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        return true;
    }

    public void Decode(in OcfTransformContext context, ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        int max = context.MaxOutputLength;
        try
        {
            using var deflate = new DeflateStream(new MemoryStream(input.ToArray(), writable: false), CompressionMode.Decompress);
            int total = 0;
            while (true)
            {
                var span = output.GetSpan(8192);
                int room = Math.Min(span.Length, max + 1 - total);
                int read = deflate.Read(span[..Math.Max(room, 1)]);
                if (read == 0) break;
                total += read;
                if (total > max) throw new OcfPacketException(OcfDropReason.DecompressFailed, $"the message inflates beyond {max} bytes");
                output.Advance(read);
            }
        }
        catch (InvalidDataException e)
        {
            throw new OcfPacketException(OcfDropReason.DecompressFailed, "the compressed message is corrupt", e);
        }
    }
}
