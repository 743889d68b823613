using System.Buffers;

namespace Ocf.Communication;

/// <summary>
/// The fixed packet encoding order: compress (whole message) → fragment → encrypt (each datagram body, header as
/// associated data) → sign (header + body). Receiving runs it backwards: size and header checks, signature,
/// decryption, and (after reassembly) decompression. Every failure is an <see cref="OcfPacketException"/> with its
/// <see cref="OcfDropReason"/>; nothing else is thrown for bad input. Not thread-safe: one pipeline per engine.
/// </summary>
public sealed class OcfPacketPipeline
{
    private readonly ArrayBufferWriter<byte> _scratch = new(2048);

    public OcfPacketPipeline(IOcfPacketAuthenticator? authenticator = null, IOcfPacketTransform? compression = null, IOcfPacketTransform? encryption = null)
    {
        if (compression is { Stage: not OcfTransformStage.Message }) throw new ArgumentException($"'{compression.Name}' is not a message-stage transform", nameof(compression));
        if (encryption is { Stage: not OcfTransformStage.Datagram }) throw new ArgumentException($"'{encryption.Name}' is not a datagram-stage transform", nameof(encryption));
        if (compression is not null && encryption is not null && compression.Flag == encryption.Flag)
            throw new ArgumentException("the compression and encryption transforms use the same header flag");
        Authenticator = authenticator;
        Compression = compression;
        Encryption = encryption;
    }

    /// <summary>HMAC authentication, AES-GCM encryption, DEFLATE above the threshold, all keyed from <paramref name="keys"/>.</summary>
    public static OcfPacketPipeline CreateDefault(OcfKeyStore keys, int compressionThreshold = OcfDeflateTransform.DefaultThreshold, bool encrypt = true) =>
        new(new OcfHmacAuthenticator(keys), new OcfDeflateTransform(compressionThreshold), encrypt ? new OcfAesGcmTransform(keys) : null);

    public IOcfPacketAuthenticator? Authenticator { get; }
    public IOcfPacketTransform? Compression { get; }
    public IOcfPacketTransform? Encryption { get; }

    /// <summary>Bytes every datagram spends beyond its plain body: header, encryption overhead, tag.</summary>
    public int DatagramOverhead => OcfPacketHeader.Size + (Encryption?.Overhead ?? 0) + (Authenticator?.TagSize ?? 0);

    /// <summary>Message stage: the bytes to fragment and the flags to set on every fragment.</summary>
    public ReadOnlyMemory<byte> EncodeMessage(ReadOnlySpan<byte> message, out OcfPacketFlags flags)
    {
        flags = OcfPacketFlags.None;
        if (Compression is null) return message.ToArray();
        _scratch.Clear();
        if (!Compression.TryEncode(new OcfTransformContext(0, default, int.MaxValue), message, _scratch)) return message.ToArray();
        flags = Compression.Flag;
        return _scratch.WrittenSpan.ToArray();
    }

    /// <summary>Message stage, backwards: the message (at most <paramref name="maxLength"/> bytes) from reassembled fragments.</summary>
    public byte[] DecodeMessage(ReadOnlySpan<byte> data, OcfPacketFlags flags, int maxLength)
    {
        if ((flags & OcfPacketFlags.Compressed) == 0)
        {
            if (data.Length > maxLength) throw new OcfPacketException(OcfDropReason.Oversized, $"message of {data.Length} bytes exceeds {maxLength}");
            return data.ToArray();
        }
        if (Compression is null || (Compression.Flag & flags) == 0) throw new OcfPacketException(OcfDropReason.Malformed, "compressed message but no compression is configured");
        _scratch.Clear();
        Compression.Decode(new OcfTransformContext(0, default, maxLength), data, _scratch);
        return _scratch.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Datagram stage: writes header (with key id, flags and body length set here), the body encrypted if configured,
    /// and the tag into <paramref name="destination"/>; returns the datagram length.
    /// </summary>
    public int Seal(OcfPacketHeader header, ReadOnlySpan<byte> plainBody, Span<byte> destination)
    {
        byte keyId = Authenticator?.SigningKeyId ?? Encryption?.PreferredKeyId ?? 0;
        int bodyLength = plainBody.Length + (Encryption?.Overhead ?? 0);
        if (bodyLength > ushort.MaxValue) throw new ArgumentException($"a datagram body cannot exceed {ushort.MaxValue} bytes", nameof(plainBody));
        int tagSize = Authenticator?.TagSize ?? 0;
        int total = OcfPacketHeader.Size + bodyLength + tagSize;
        if (destination.Length < total) throw new ArgumentException($"the datagram needs {total} bytes", nameof(destination));
        header = header with
        {
            KeyId = keyId,
            BodyLength = (ushort)bodyLength,
            Flags = (header.Flags & ~OcfPacketFlags.Encrypted) | (Encryption is null ? OcfPacketFlags.None : OcfPacketFlags.Encrypted),
        };
        header.Write(destination);
        var body = destination.Slice(OcfPacketHeader.Size, bodyLength);
        if (Encryption is null) plainBody.CopyTo(body);
        else
        {
            _scratch.Clear();
            Encryption.TryEncode(new OcfTransformContext(keyId, destination[..OcfPacketHeader.Size], bodyLength), plainBody, _scratch);
            if (_scratch.WrittenCount != bodyLength) throw new InvalidOperationException($"'{Encryption.Name}' wrote {_scratch.WrittenCount} bytes, announced {bodyLength}");
            _scratch.WrittenSpan.CopyTo(body);
        }
        Authenticator?.Sign(keyId, destination[..(OcfPacketHeader.Size + bodyLength)], destination.Slice(OcfPacketHeader.Size + bodyLength, tagSize));
        return total;
    }

    /// <summary>
    /// Datagram stage, backwards: checks size, header, cluster, signature, decrypts, and writes the plain body into
    /// <paramref name="plainBody"/> (cleared first). Throws only <see cref="OcfPacketException"/>.
    /// </summary>
    public OcfPacketHeader Open(ReadOnlySpan<byte> datagram, uint clusterHash, int maxDatagramSize, ArrayBufferWriter<byte> plainBody)
    {
        plainBody.Clear();
        if (datagram.Length > maxDatagramSize) throw new OcfPacketException(OcfDropReason.Oversized, $"datagram of {datagram.Length} bytes exceeds the maximum of {maxDatagramSize}");
        var header = OcfPacketHeader.Read(datagram);
        int tagSize = Authenticator?.TagSize ?? 0;
        int expected = OcfPacketHeader.Size + header.BodyLength + tagSize;
        if (datagram.Length < expected) throw new OcfPacketException(OcfDropReason.Truncated, $"datagram of {datagram.Length} bytes, header announces {expected}");
        if (datagram.Length > expected) throw new OcfPacketException(OcfDropReason.Malformed, $"{datagram.Length - expected} trailing byte(s) after the datagram");
        if (header.ClusterHash != clusterHash) throw new OcfPacketException(OcfDropReason.WrongCluster, $"cluster hash {header.ClusterHash:x8} is not this cluster's ({clusterHash:x8})");
        int signedLength = OcfPacketHeader.Size + header.BodyLength;
        if (Authenticator is not null)
        {
            switch (Authenticator.Verify(header.KeyId, datagram[..signedLength], datagram[signedLength..]))
            {
                case OcfAuthenticationResult.UnknownKey: throw new OcfPacketException(OcfDropReason.UnknownKey, $"key id {header.KeyId} is not in the key ring");
                case OcfAuthenticationResult.BadSignature: throw new OcfPacketException(OcfDropReason.BadSignature, "the signature does not match");
            }
        }
        var body = datagram.Slice(OcfPacketHeader.Size, header.BodyLength);
        bool encrypted = (header.Flags & OcfPacketFlags.Encrypted) != 0;
        if (Encryption is not null && !encrypted) throw new OcfPacketException(OcfDropReason.PlaintextRefused, "encryption is required but the packet is plaintext");
        if (encrypted)
        {
            if (Encryption is null) throw new OcfPacketException(OcfDropReason.Malformed, "encrypted packet but no encryption is configured");
            Encryption.Decode(new OcfTransformContext(header.KeyId, datagram[..OcfPacketHeader.Size], ushort.MaxValue), body, plainBody);
        }
        else plainBody.Write(body);
        return header;
    }
}
