using System.Buffers;
using System.Buffers.Text;

namespace Ocf.Encoding.OcfXml;

/// <summary>
/// The ocf-xml binary form (docs/ocf-xml.md): XML Schema's xs:base64Binary, i.e. the standard alphabet in groups of
/// four, padded, with the unused bits before the padding zero (so each byte string has one spelling), and whitespace
/// (space, tab, LF, CR) allowed anywhere. XML-RPC keeps its own, laxer reader (<see cref="Base64Text"/>).
/// </summary>
internal static class OcfXmlBase64
{
    /// <summary>Null on success, otherwise the problem in words.</summary>
    public static string? Decode(ReadOnlySpan<byte> s, out byte[] bytes)
    {
        bytes = [];
        int chars = 0, pad = 0;
        bool whitespace = false;
        int last = 0; // the last alphabet character's value: the bits the padding leaves out must be zero
        foreach (byte b in s)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') { whitespace = true; continue; }
            int v = Value(b);
            if (b == '=')
            {
                pad++;
                if (pad > 2) return "more than two '=' at the end";
                chars++;
                continue;
            }
            if (v < 0) return b < 0x80 ? $"'{(char)b}' is not a base64 character (A-Z a-z 0-9 + /)" : "a non-ASCII character is not base64";
            if (pad > 0) return "'=' may only end the data";
            last = v;
            chars++;
        }
        if (chars % 4 != 0) return $"{chars} characters is not a multiple of 4 (pad with '=')";
        if (pad == 1 && (last & 0x3) != 0 || pad == 2 && (last & 0xF) != 0)
            return "the bits before the padding must be zero (not the canonical spelling)";
        int length = chars / 4 * 3 - pad;
        if (length == 0) return null;
        bytes = new byte[length];
        if (!whitespace)
        {
            Base64.DecodeFromUtf8(s, bytes, out _, out _);
            return null;
        }
        byte[] compact = ArrayPool<byte>.Shared.Rent(chars);
        try
        {
            int n = 0;
            foreach (byte b in s) if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')) compact[n++] = b;
            Base64.DecodeFromUtf8(compact.AsSpan(0, n), bytes, out _, out _);
        }
        finally { ArrayPool<byte>.Shared.Return(compact); }
        return null;
    }

    private static int Value(byte b) => b switch
    {
        >= (byte)'A' and <= (byte)'Z' => b - 'A',
        >= (byte)'a' and <= (byte)'z' => b - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => b - '0' + 52,
        (byte)'+' => 62,
        (byte)'/' => 63,
        _ => -1,
    };
}
