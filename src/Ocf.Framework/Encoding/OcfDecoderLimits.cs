namespace Ocf.Encoding;

/// <summary>Bounds on what a decoder accepts, so hostile input costs bounded time and memory.</summary>
public sealed record OcfDecoderLimits
{
    public static readonly OcfDecoderLimits Default = new();

    /// <summary>Value nesting (a list in a map in a list is depth 3).</summary>
    public int MaxDepth { get; init; } = 64;
    /// <summary>Bytes of one document, checked before parsing (and while reading a stream).</summary>
    public long MaxDocumentBytes { get; init; } = 16 * 1024 * 1024;
    /// <summary>UTF-16 characters of one string, map key or binary value's text.</summary>
    public int MaxStringLength { get; init; } = 8 * 1024 * 1024;
    /// <summary>XML elements in one document.</summary>
    public int MaxElements { get; init; } = 2_000_000;

    /// <summary>The limit names <see cref="OcfFormatException.Limit"/> reports (the property names above).</summary>
    public static class Names
    {
        public const string MaxDepth = nameof(OcfDecoderLimits.MaxDepth);
        public const string MaxDocumentBytes = nameof(OcfDecoderLimits.MaxDocumentBytes);
        public const string MaxStringLength = nameof(OcfDecoderLimits.MaxStringLength);
        public const string MaxElements = nameof(OcfDecoderLimits.MaxElements);
    }
}

/// <summary>Options for encoders.</summary>
public sealed record OcfEncoderOptions
{
    public static readonly OcfEncoderOptions Default = new();
    public static readonly OcfEncoderOptions Indented = new() { Indent = true };

    /// <summary>Line breaks and two-space indentation between elements (never inside text, where whitespace is data).</summary>
    public bool Indent { get; init; }
    /// <summary>Refuse to write values nested deeper than this (matches the decoders' default limit).</summary>
    public int MaxDepth { get; init; } = 64;
}
