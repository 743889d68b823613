namespace Ocf.Encoding;

/// <summary>
/// The one exception a decoder raises for malformed or over-limit input. It names the codec and the position
/// (1-based line and column, 0-based byte offset) of the problem, and for over-limit input the limit (<see cref="Limit"/>).
/// </summary>
public sealed class OcfFormatException : FormatException
{
    public OcfFormatException(string codec, string problem, int line, int column, long byteOffset, Exception? inner = null)
        : this(codec, problem, line, column, byteOffset, limit: null, inner) { }

    /// <param name="limit">The <see cref="OcfDecoderLimits"/> property the document exceeds (see <see cref="OcfDecoderLimits.Names"/>), or null.</param>
    public OcfFormatException(string codec, string problem, int line, int column, long byteOffset, string? limit, Exception? inner = null)
        : base($"{codec}: {problem} (line {line}, column {column})", inner)
    {
        Codec = codec;
        Problem = problem;
        Line = line;
        Column = column;
        ByteOffset = byteOffset;
        Limit = limit;
    }

    public string Codec { get; }
    public string Problem { get; }
    public int Line { get; }
    public int Column { get; }
    public long ByteOffset { get; }
    /// <summary>
    /// Null for malformed input; for a well-formed document refused by a limit, the name of the <see cref="OcfDecoderLimits"/>
    /// property (e.g. "MaxDocumentBytes"), so callers can tell "raise the limit" apart from "fix the document".
    /// </summary>
    public string? Limit { get; }
}

/// <summary>A value cannot be written by an encoder (e.g. a control character XML cannot carry, NaN in XML-RPC). <see cref="Path"/> says where.</summary>
public sealed class OcfEncodeException(string codec, string path, string problem)
    : InvalidOperationException($"{codec}: {problem} (at {path})")
{
    public string Codec { get; } = codec;
    public string Path { get; } = path;
    public string Problem { get; } = problem;
}
