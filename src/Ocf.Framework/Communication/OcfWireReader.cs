using System.Buffers.Binary;

namespace Ocf.Communication;

/// <summary>Little-endian reader over a packet body; running out of bytes is <see cref="OcfDropReason.Malformed"/>.</summary>
internal ref struct OcfWireReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Remaining => _data.Length - _position;

    public byte ReadByte() => Take(1)[0];
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>A non-negative 64-bit value (stream sequences).</summary>
    public long ReadSequence()
    {
        ulong value = ReadUInt64();
        if (value > long.MaxValue) throw new OcfPacketException(OcfDropReason.Malformed, "sequence number out of range");
        return (long)value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    public ReadOnlySpan<byte> ReadRest() => Take(Remaining);

    /// <summary>Fails unless every byte was consumed.</summary>
    public readonly void EnsureEnd(string what)
    {
        if (Remaining != 0) throw new OcfPacketException(OcfDropReason.Malformed, $"{Remaining} trailing byte(s) after {what}");
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining) throw new OcfPacketException(OcfDropReason.Malformed, "packet body ends early");
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
