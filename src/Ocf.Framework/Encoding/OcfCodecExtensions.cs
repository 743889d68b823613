using System.Buffers;
using Ocf.Data;

namespace Ocf.Encoding;

/// <summary>String, byte-array and stream conveniences shared by every codec.</summary>
public static class OcfCodecExtensions
{
    private static readonly System.Text.UTF8Encoding Utf8 = new(false, false);

    public static byte[] EncodeToBytes(this IOcfCodec codec, OcfValue value, OcfEncoderOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        codec.Encode(value, buffer, options);
        return buffer.WrittenSpan.ToArray();
    }

    public static string EncodeToString(this IOcfCodec codec, OcfValue value, OcfEncoderOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        codec.Encode(value, buffer, options);
        return Utf8.GetString(buffer.WrittenSpan);
    }

    public static void Encode(this IOcfCodec codec, OcfValue value, Stream stream, OcfEncoderOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        codec.Encode(value, buffer, options);
        stream.Write(buffer.WrittenSpan);
    }

    public static OcfValue Decode(this IOcfCodec codec, string text, OcfDecoderLimits? limits = null) =>
        codec.Decode(Utf8Input.FromString(codec.Name, text, limits ?? OcfDecoderLimits.Default), limits);

    public static OcfValue Decode(this IOcfCodec codec, Stream stream, OcfDecoderLimits? limits = null) =>
        codec.Decode(Utf8Input.ReadStream(codec.Name, stream, limits ?? OcfDecoderLimits.Default), limits);
}

/// <summary>Getting bytes to decode, with the document-size limit enforced before any parsing.</summary>
public static class Utf8Input
{
    public static byte[] FromString(string codec, string text, OcfDecoderLimits limits)
    {
        // A string longer than the byte limit can never fit; refuse before transcoding it.
        if (text.Length > limits.MaxDocumentBytes) throw TooLarge(codec, limits);
        byte[] bytes;
        try { bytes = Strict.GetBytes(text); }
        catch (System.Text.EncoderFallbackException e)
        {
            throw new OcfFormatException(codec, "the text contains an unpaired surrogate character", 1, e.Index + 1, 0, e);
        }
        if (bytes.Length > limits.MaxDocumentBytes) throw TooLarge(codec, limits);
        return bytes;
    }

    public static byte[] ReadStream(string codec, Stream stream, OcfDecoderLimits limits)
    {
        var ms = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (ms.Length + n > limits.MaxDocumentBytes) throw TooLarge(codec, limits);
            ms.Write(chunk, 0, n);
        }
        return ms.ToArray();
    }

    internal static void CheckSize(string codec, ReadOnlySpan<byte> utf8, OcfDecoderLimits limits)
    {
        if (utf8.Length > limits.MaxDocumentBytes) throw TooLarge(codec, limits);
    }

    private static OcfFormatException TooLarge(string codec, OcfDecoderLimits limits) =>
        new(codec, $"the document is larger than the limit of {limits.MaxDocumentBytes} bytes", 1, 1, 0, OcfDecoderLimits.Names.MaxDocumentBytes);

    private static readonly System.Text.UTF8Encoding Strict = new(false, true);
}
