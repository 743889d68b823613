using Utf8 = System.Text.Encoding;
using Ocf.Membership;

namespace Ocf.Groups;

internal enum GroupMessageKind : byte
{
    /// <summary>A member node hands an operation to the view's sequencer.</summary>
    Submit = 1,
    /// <summary>The sequencer's ordered operation: its place in the view's total order.</summary>
    Ordered = 2,
    /// <summary>Flush round 1: "moving to view T from view V, having delivered d of V's operations".</summary>
    FlushState = 3,
    /// <summary>Flush: one old-view operation re-sent by the cohort member that delivered the most.</summary>
    FlushData = 4,
    /// <summary>Flush round 2: "done with the old view; these are my local group members".</summary>
    FlushDone = 5,
    /// <summary>"I delivered d operations of view V": lets everyone trim its retransmission log.</summary>
    Stable = 6,
}

internal enum GroupOpKind : byte { Join = 1, Leave = 2, Data = 3 }

/// <summary>One operation in a view's total order: (origin node, incarnation, seq) names it across views, for exactly-once.</summary>
internal sealed record GroupEntry(long Seq, uint OriginNode, ulong OriginIncarnation, long OriginSeq, GroupOpKind Kind, string Group, string Member, byte[] Payload);

/// <summary><see cref="Repeat"/>: sent again by a member still flushing, which asks the others to answer with theirs.</summary>
internal sealed record FlushState(OcfViewId Target, OcfViewId? Old, long Delivered, bool Repeat = false);

/// <summary>The encoding of the group protocol's messages (little-endian; strings UTF-8 with a 16-bit length).</summary>
internal static class GroupWire
{
    public const int MaxNameBytes = 255;

    public static byte[] Submit(OcfViewId view, long originSeq, GroupOpKind kind, string group, string member, ReadOnlySpan<byte> payload)
    {
        var (ms, w) = Start(GroupMessageKind.Submit);
        WriteViewId(w, view);
        w.Write(originSeq);
        w.Write((byte)kind);
        WriteString(w, group);
        WriteString(w, member);
        w.Write(payload.Length);
        w.Write(payload);
        return ms.ToArray();
    }

    public static byte[] Ordered(OcfViewId view, GroupEntry e) => Entry(GroupMessageKind.Ordered, view, null, e);

    public static byte[] FlushData(OcfViewId target, OcfViewId old, GroupEntry e) => Entry(GroupMessageKind.FlushData, target, old, e);

    private static byte[] Entry(GroupMessageKind kind, OcfViewId view, OcfViewId? old, GroupEntry e)
    {
        var (ms, w) = Start(kind);
        WriteViewId(w, view);
        if (old is { } o) WriteViewId(w, o);
        w.Write(e.Seq);
        w.Write(e.OriginNode);
        w.Write(e.OriginIncarnation);
        w.Write(e.OriginSeq);
        w.Write((byte)e.Kind);
        WriteString(w, e.Group);
        WriteString(w, e.Member);
        w.Write(e.Payload.Length);
        w.Write(e.Payload);
        return ms.ToArray();
    }

    public static byte[] State(FlushState s)
    {
        var (ms, w) = Start(GroupMessageKind.FlushState);
        WriteViewId(w, s.Target);
        w.Write(s.Old.HasValue);
        if (s.Old is { } o) WriteViewId(w, o);
        w.Write(s.Delivered);
        w.Write(s.Repeat);
        return ms.ToArray();
    }

    public static byte[] Done(OcfViewId target, IReadOnlyList<(string Group, string Member)> locals, bool repeat)
    {
        var (ms, w) = Start(GroupMessageKind.FlushDone);
        WriteViewId(w, target);
        w.Write(repeat);
        w.Write(locals.Count);
        foreach (var (g, m) in locals)
        {
            WriteString(w, g);
            WriteString(w, m);
        }
        return ms.ToArray();
    }

    public static byte[] Stable(OcfViewId view, long delivered)
    {
        var (ms, w) = Start(GroupMessageKind.Stable);
        WriteViewId(w, view);
        w.Write(delivered);
        return ms.ToArray();
    }

    /// <summary>A decoded message; malformed input throws (the caller drops it).</summary>
    public sealed class Reader(ReadOnlyMemory<byte> data)
    {
        private readonly BinaryReader _r = new(new MemoryStream(data.ToArray(), writable: false), Utf8.UTF8);

        public GroupMessageKind Kind() => (GroupMessageKind)_r.ReadByte();
        public OcfViewId ViewId() => new(_r.ReadInt64(), _r.ReadUInt32(), _r.ReadUInt64());
        public long Int64() => _r.ReadInt64();
        public bool Bool() => _r.ReadBoolean();
        public int Int32() => _r.ReadInt32();
        public byte Byte() => _r.ReadByte();

        public string String()
        {
            int n = _r.ReadUInt16();
            return Utf8.UTF8.GetString(Bytes(n));
        }

        public byte[] Bytes(int n)
        {
            if (n < 0) throw new InvalidDataException("negative length");
            var b = _r.ReadBytes(n);
            if (b.Length != n) throw new EndOfStreamException("group message ends early");
            return b;
        }

        public byte[] Blob() => Bytes(_r.ReadInt32());

        public GroupEntry Entry() =>
            new(_r.ReadInt64(), _r.ReadUInt32(), _r.ReadUInt64(), _r.ReadInt64(), (GroupOpKind)_r.ReadByte(), String(), String(), Blob());
    }

    private static (MemoryStream, BinaryWriter) Start(GroupMessageKind kind)
    {
        var ms = new MemoryStream();
        var w = new BinaryWriter(ms, Utf8.UTF8);
        w.Write((byte)kind);
        return (ms, w);
    }

    private static void WriteViewId(BinaryWriter w, OcfViewId id)
    {
        w.Write(id.Epoch);
        w.Write(id.Coordinator);
        w.Write(id.CoordinatorIncarnation);
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        var bytes = Utf8.UTF8.GetBytes(s);
        w.Write((ushort)bytes.Length);
        w.Write(bytes);
    }
}
