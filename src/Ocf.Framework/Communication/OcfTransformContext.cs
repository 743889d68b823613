namespace Ocf.Communication;

/// <summary>What a transform may bind its output to.</summary>
/// <param name="keyId">The key id of the packet (datagram stage; 0 at the message stage).</param>
/// <param name="associatedData">The serialized packet header (datagram stage), to be authenticated but not encrypted; empty at the message stage.</param>
/// <param name="maxOutputLength">Decoding must fail with <see cref="OcfPacketException"/> rather than produce more than this.</param>
public readonly ref struct OcfTransformContext(byte keyId, ReadOnlySpan<byte> associatedData, int maxOutputLength)
{
    public byte KeyId { get; } = keyId;
    public ReadOnlySpan<byte> AssociatedData { get; } = associatedData;
    public int MaxOutputLength { get; } = maxOutputLength;
}
