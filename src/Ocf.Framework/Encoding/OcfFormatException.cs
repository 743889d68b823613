namespace Ocf.Encoding;

/// <summary>
/// The one exception a decoder raises for malformed or over-limit input. It names the codec and the position
/// (1-based line and column, 0-based byte offset) of the problem.
/// </summary>
public sealed class OcfFormatException : FormatException
{
    public OcfFormatException(string codec, string problem, int line, int column, long byteOffset, Exception? inner = null)
        : base($"{codec}: {problem} (line {line}, column {column})", inner)
    {
        Codec = codec;
        Problem = problem;
        Line = line;
        Column = column;
        ByteOffset = byteOffset;
    }

    public string Codec { get; }
    public string Problem { get; }
    public int Line { get; }
    public int Column { get; }
    public long ByteOffset { get; }
}

/// <summary>A value cannot be written by an encoder (e.g. a control character XML cannot carry, NaN in XML-RPC). <see cref="Path"/> says where.</summary>
public sealed class OcfEncodeException(string codec, string path, string problem)
    : InvalidOperationException($"{codec}: {problem} (at {path})")
{
    public string Codec { get; } = codec;
    public string Path { get; } = path;
    public string Problem { get; } = problem;
}
