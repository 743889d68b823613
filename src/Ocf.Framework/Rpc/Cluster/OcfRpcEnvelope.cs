using System.Buffers.Binary;

namespace Ocf.Rpc.Cluster;

/// <summary>What a cluster RPC message carries.</summary>
public enum OcfRpcMessageKind : byte
{
    /// <summary>A methodCall that wants a methodResponse back.</summary>
    Request = 1,
    /// <summary>The methodResponse (or fault) to a request.</summary>
    Response = 2,
    /// <summary>A methodCall that wants no answer (leader election, notifications).</summary>
    OneWay = 3,
}

/// <summary>
/// The binary header in front of every cluster RPC message's XML-RPC document (little-endian, 22 bytes):
/// version (1), kind (1), destination node id (4; 0 = every member), caller incarnation (8), request id (8).
/// For a response, the destination and incarnation are the caller's, so a restarted caller never takes an answer
/// meant for its previous incarnation.
/// </summary>
public readonly record struct OcfRpcEnvelope(OcfRpcMessageKind Kind, uint Destination, ulong CallerIncarnation, ulong RequestId)
{
    public const byte Version = 1;
    public const int HeaderSize = 22;
    /// <summary>The destination that means "every member".</summary>
    public const uint AllNodes = 0;

    /// <summary>Header and document in one message.</summary>
    public byte[] Encode(ReadOnlySpan<byte> document)
    {
        var bytes = new byte[HeaderSize + document.Length];
        bytes[0] = Version;
        bytes[1] = (byte)Kind;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(2), Destination);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(6), CallerIncarnation);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(14), RequestId);
        document.CopyTo(bytes.AsSpan(HeaderSize));
        return bytes;
    }

    /// <summary>Reads a header; false for a message too short, of another version or of an unknown kind (dropped, never fatal).</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> message, out OcfRpcEnvelope envelope, out ReadOnlyMemory<byte> document)
    {
        envelope = default;
        document = default;
        var span = message.Span;
        if (span.Length < HeaderSize || span[0] != Version) return false;
        var kind = (OcfRpcMessageKind)span[1];
        if (kind is not (OcfRpcMessageKind.Request or OcfRpcMessageKind.Response or OcfRpcMessageKind.OneWay)) return false;
        envelope = new OcfRpcEnvelope(kind, BinaryPrimitives.ReadUInt32LittleEndian(span[2..]),
            BinaryPrimitives.ReadUInt64LittleEndian(span[6..]), BinaryPrimitives.ReadUInt64LittleEndian(span[14..]));
        document = message[HeaderSize..];
        return true;
    }
}
