using System.Buffers.Binary;

namespace Ocf.Communication;

/// <summary>Little-endian writer into a buffer the caller sized (overrunning it is a bug, not bad input).</summary>
internal ref struct OcfWireWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;

    public int Position { get; private set; }

    public readonly ReadOnlySpan<byte> Written => _buffer[..Position];

    public void WriteByte(byte value) => Take(1)[0] = value;
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Take(2), value);
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Take(4), value);
    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Take(8), value);
    public void WriteBytes(ReadOnlySpan<byte> value) => value.CopyTo(Take(value.Length));

    private Span<byte> Take(int count)
    {
        var slice = _buffer.Slice(Position, count);
        Position += count;
        return slice;
    }
}
