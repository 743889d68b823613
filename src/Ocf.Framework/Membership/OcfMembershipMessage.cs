using System.Buffers.Binary;
using Ocf.Communication;

namespace Ocf.Membership;

/// <summary>
/// Wire form of membership messages (little-endian): kind (1), view id (epoch 8, coordinator 4, its incarnation 8),
/// then for Propose/Commit a member count (2) and (node id 4, incarnation 8) per member, for Reject the rejecting
/// node's installed view id (20). The heartbeat extension is the installed view id (20 bytes; empty before the first view).
/// </summary>
internal readonly record struct OcfMembershipMessage(OcfMembershipMessageKind Kind, OcfViewId Id, OcfView? View, OcfViewId Installed)
{
    public const int ViewIdSize = 20;

    public byte[] Encode()
    {
        int size = 1 + ViewIdSize + Kind switch
        {
            OcfMembershipMessageKind.Propose or OcfMembershipMessageKind.Commit => 2 + View!.Members.Length * 12,
            OcfMembershipMessageKind.Reject => ViewIdSize,
            _ => 0,
        };
        var buffer = new byte[size];
        buffer[0] = (byte)Kind;
        WriteId(buffer.AsSpan(1), Id);
        if (Kind is OcfMembershipMessageKind.Propose or OcfMembershipMessageKind.Commit)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(1 + ViewIdSize), (ushort)View!.Members.Length);
            int offset = 3 + ViewIdSize;
            foreach (var m in View.Members)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(offset), m.NodeId);
                BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(offset + 4), m.Incarnation);
                offset += 12;
            }
        }
        else if (Kind == OcfMembershipMessageKind.Reject) WriteId(buffer.AsSpan(1 + ViewIdSize), Installed);
        return buffer;
    }

    /// <summary>Parses a message; bad input fails with <see cref="OcfPacketException"/> (Malformed) only.</summary>
    public static OcfMembershipMessage Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 1 + ViewIdSize) throw new OcfPacketException(OcfDropReason.Malformed, "membership message too short");
        var kind = (OcfMembershipMessageKind)data[0];
        var id = ReadId(data[1..]);
        var rest = data[(1 + ViewIdSize)..];
        switch (kind)
        {
            case OcfMembershipMessageKind.Ack when rest.Length == 0:
                return new(kind, id, null, default);
            case OcfMembershipMessageKind.Reject when rest.Length == ViewIdSize:
                return new(kind, id, null, ReadId(rest));
            case OcfMembershipMessageKind.Propose or OcfMembershipMessageKind.Commit when rest.Length >= 2:
                int count = BinaryPrimitives.ReadUInt16LittleEndian(rest);
                if (count == 0 || rest.Length != 2 + count * 12) throw new OcfPacketException(OcfDropReason.Malformed, "membership view length mismatch");
                var members = new OcfMember[count];
                for (int i = 0; i < count; i++)
                    members[i] = new OcfMember(BinaryPrimitives.ReadUInt32LittleEndian(rest[(2 + i * 12)..]), BinaryPrimitives.ReadUInt64LittleEndian(rest[(6 + i * 12)..]));
                OcfView view;
                try { view = new OcfView(id, members); }
                catch (ArgumentException e) { throw new OcfPacketException(OcfDropReason.Malformed, e.Message); }
                if (id.Epoch <= 0 || !view.Contains(new OcfMember(id.Coordinator, id.CoordinatorIncarnation))) throw new OcfPacketException(OcfDropReason.Malformed, "membership view without its coordinator");
                return new(kind, id, view, default);
            default:
                throw new OcfPacketException(OcfDropReason.Malformed, $"membership message kind {data[0]} with {rest.Length} byte(s)");
        }
    }

    public static byte[] EncodeViewId(OcfViewId id)
    {
        var buffer = new byte[ViewIdSize];
        WriteId(buffer, id);
        return buffer;
    }

    public static OcfViewId DecodeViewId(ReadOnlySpan<byte> data) =>
        data.Length == ViewIdSize ? ReadId(data) : throw new OcfPacketException(OcfDropReason.Malformed, "heartbeat view id must be 20 bytes");

    private static void WriteId(Span<byte> destination, OcfViewId id)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, id.Epoch);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], id.Coordinator);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[12..], id.CoordinatorIncarnation);
    }

    private static OcfViewId ReadId(ReadOnlySpan<byte> source)
    {
        long epoch = BinaryPrimitives.ReadInt64LittleEndian(source);
        if (epoch < 0) throw new OcfPacketException(OcfDropReason.Malformed, "negative view epoch");
        return new OcfViewId(epoch, BinaryPrimitives.ReadUInt32LittleEndian(source[8..]), BinaryPrimitives.ReadUInt64LittleEndian(source[12..]));
    }
}
