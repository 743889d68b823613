namespace Ocf.Encoding;

/// <summary>Base64 as both codecs read it: standard alphabet, padding required, whitespace (line breaks) ignored.</summary>
internal static class Base64Text
{
    public static bool TryDecode(string text, out byte[] bytes)
    {
        // Convert's decoder skips whitespace; size the buffer from the text, then trim.
        var buffer = new byte[(text.Length / 4 + 1) * 3];
        if (Convert.TryFromBase64String(text, buffer, out int written))
        {
            bytes = written == buffer.Length ? buffer : buffer.AsSpan(0, written).ToArray();
            return true;
        }
        bytes = [];
        return false;
    }
}
