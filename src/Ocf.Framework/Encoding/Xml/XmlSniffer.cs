namespace Ocf.Encoding.Xml;

/// <summary>Cheap look at a document's root element name, for codec detection. Never throws.</summary>
internal static class XmlSniffer
{
    public static ReadOnlySpan<byte> RootElementName(ReadOnlySpan<byte> doc)
    {
        if (doc.StartsWith("\uFEFF"u8)) doc = doc[3..]; // the UTF-8 byte order mark EF BB BF
        while (true)
        {
            doc = doc.TrimStart(" \t\r\n"u8);
            if (doc.StartsWith("<?"u8))
            {
                int end = doc.IndexOf("?>"u8);
                if (end < 0) return default;
                doc = doc[(end + 2)..];
                continue;
            }
            if (doc.StartsWith("<!DOCTYPE"u8))
            {
                // Skipped only to find the root, so the decoder itself reports that DTDs are refused.
                int gt = doc.IndexOf((byte)'>'), bracket = doc.IndexOf((byte)'[');
                int end = bracket >= 0 && bracket < gt ? doc.IndexOf("]>"u8) + 1 : gt;
                if (end <= 0) return default;
                doc = doc[(end + 1)..];
                continue;
            }
            if (doc.StartsWith("<!--"u8))
            {
                int end = doc.IndexOf("-->"u8);
                if (end < 0) return default;
                doc = doc[(end + 3)..];
                continue;
            }
            break;
        }
        if (doc.Length < 2 || doc[0] != '<') return default;
        doc = doc[1..];
        int n = doc.IndexOfAny(" \t\r\n/>"u8);
        return n < 0 ? doc : doc[..n];
    }
}
