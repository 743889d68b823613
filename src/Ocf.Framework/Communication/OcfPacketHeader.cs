using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Ocf.Communication;

/// <summary>
/// The fixed 48-byte header of every Ocf datagram (little-endian):
/// <code>
///  0  magic "OC"          2   version (1)          3  type
///  4  flags               5   key id               6  body length (u16)
///  8  cluster hash (u32) 12   sender node id       16 destination node id (0 = any)
/// 20  sender incarnation (u64)                     28 destination incarnation (u64, 0 = not known yet)
/// 36  packet sequence (u64, per sender and destination, from 1)
/// 44  fragment index (u16)                         46 fragment count (u16)
/// </code>
/// The datagram is header, body (<see cref="BodyLength"/> bytes, possibly encrypted), then the authenticator's tag.
/// </summary>
public readonly record struct OcfPacketHeader
{
    public const int Size = 48;
    public const byte CurrentVersion = 1;
    private const byte Magic0 = (byte)'O', Magic1 = (byte)'C';

    public byte Version { get; init; }
    public OcfPacketType Type { get; init; }
    public OcfPacketFlags Flags { get; init; }
    public byte KeyId { get; init; }
    public ushort BodyLength { get; init; }
    public uint ClusterHash { get; init; }
    public uint Sender { get; init; }
    public uint Destination { get; init; }
    public ulong SenderIncarnation { get; init; }
    public ulong DestinationIncarnation { get; init; }
    public ulong Sequence { get; init; }
    public ushort FragmentIndex { get; init; }
    public ushort FragmentCount { get; init; }

    public OcfPacketHeader()
    {
        Version = CurrentVersion;
        FragmentCount = 1;
    }

    /// <summary>The 32-bit cluster id carried by every packet: the first bytes of SHA-256 over the UTF-8 cluster name.</summary>
    public static uint ComputeClusterHash(string clusterName)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(clusterName), digest);
        return BinaryPrimitives.ReadUInt32LittleEndian(digest);
    }

    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size) throw new ArgumentException($"a packet header needs {Size} bytes", nameof(destination));
        destination[0] = Magic0;
        destination[1] = Magic1;
        destination[2] = Version;
        destination[3] = (byte)Type;
        destination[4] = (byte)Flags;
        destination[5] = KeyId;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], BodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], ClusterHash);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], Sender);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Destination);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[20..], SenderIncarnation);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[28..], DestinationIncarnation);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[36..], Sequence);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[44..], FragmentIndex);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[46..], FragmentCount);
    }

    /// <summary>Parses and checks a header. Throws <see cref="OcfPacketException"/> (and nothing else) for bad input.</summary>
    public static OcfPacketHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size) throw new OcfPacketException(OcfDropReason.Truncated, $"{source.Length} bytes is shorter than a packet header ({Size})");
        if (source[0] != Magic0 || source[1] != Magic1) throw new OcfPacketException(OcfDropReason.Malformed, "not an Ocf packet (bad magic)");
        if (source[2] != CurrentVersion) throw new OcfPacketException(OcfDropReason.UnsupportedVersion, $"packet version {source[2]} is not supported (this node speaks {CurrentVersion})");
        var type = (OcfPacketType)source[3];
        if (type is < OcfPacketType.Data or > OcfPacketType.Membership) throw new OcfPacketException(OcfDropReason.Malformed, $"unknown packet type {source[3]}");
        var flags = (OcfPacketFlags)source[4];
        if ((flags & ~OcfPacketFlags.All) != 0) throw new OcfPacketException(OcfDropReason.Malformed, $"unknown packet flags 0x{source[4]:x2}");
        var header = new OcfPacketHeader
        {
            Version = source[2],
            Type = type,
            Flags = flags,
            KeyId = source[5],
            BodyLength = BinaryPrimitives.ReadUInt16LittleEndian(source[6..]),
            ClusterHash = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
            Sender = BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            Destination = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
            SenderIncarnation = BinaryPrimitives.ReadUInt64LittleEndian(source[20..]),
            DestinationIncarnation = BinaryPrimitives.ReadUInt64LittleEndian(source[28..]),
            Sequence = BinaryPrimitives.ReadUInt64LittleEndian(source[36..]),
            FragmentIndex = BinaryPrimitives.ReadUInt16LittleEndian(source[44..]),
            FragmentCount = BinaryPrimitives.ReadUInt16LittleEndian(source[46..]),
        };
        if (header.Sender == 0) throw new OcfPacketException(OcfDropReason.Malformed, "sender node id 0");
        if (header.SenderIncarnation == 0) throw new OcfPacketException(OcfDropReason.Malformed, "sender incarnation 0");
        if (header.Sequence == 0) throw new OcfPacketException(OcfDropReason.Malformed, "packet sequence 0");
        if (header.FragmentCount == 0 || header.FragmentIndex >= header.FragmentCount)
            throw new OcfPacketException(OcfDropReason.Malformed, $"fragment {header.FragmentIndex} of {header.FragmentCount}");
        if (header.Type != OcfPacketType.Data && header.FragmentCount != 1)
            throw new OcfPacketException(OcfDropReason.Malformed, $"a {header.Type} packet cannot be fragmented");
        if (header.Type != OcfPacketType.Data && (flags & OcfPacketFlags.Compressed) != 0)
            throw new OcfPacketException(OcfDropReason.Malformed, $"a {header.Type} packet cannot be compressed");
        return header;
    }

    /// <summary>Like <see cref="Read"/> but reports the problem instead of throwing.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out OcfPacketHeader header, out OcfDropReason reason)
    {
        try
        {
            header = Read(source);
            reason = default;
            return true;
        }
        catch (OcfPacketException e)
        {
            header = default;
            reason = e.Reason;
            return false;
        }
    }
}
