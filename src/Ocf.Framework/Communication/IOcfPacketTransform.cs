using System.Buffers;

namespace Ocf.Communication;

/// <summary>
/// A packet encoding stage (plugin type "packet-transform"): compression at the <see cref="OcfTransformStage.Message"/>
/// stage, encryption at the <see cref="OcfTransformStage.Datagram"/> stage. An instance serves one engine (one thread at a time).
/// </summary>
public interface IOcfPacketTransform
{
    string Name { get; }
    OcfTransformStage Stage { get; }
    /// <summary>The header flag marking packets this transform was applied to.</summary>
    OcfPacketFlags Flag { get; }
    /// <summary>Bytes the transform may add to its input (datagram stage: a fixed overhead used to size fragments).</summary>
    int Overhead { get; }
    /// <summary>The key id a keyed transform wants packets sealed with, when there is no authenticator to choose it; null if unkeyed.</summary>
    byte? PreferredKeyId { get; }

    /// <summary>Writes the transformed input and returns true, or returns false (writing nothing) when not worth applying.</summary>
    bool TryEncode(in OcfTransformContext context, ReadOnlySpan<byte> input, IBufferWriter<byte> output);

    /// <summary>Reverses <see cref="TryEncode"/>. Bad input fails with <see cref="OcfPacketException"/> only.</summary>
    void Decode(in OcfTransformContext context, ReadOnlySpan<byte> input, IBufferWriter<byte> output);
}
