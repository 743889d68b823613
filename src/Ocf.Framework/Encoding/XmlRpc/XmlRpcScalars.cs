using System.Globalization;
using System.Text;

namespace Ocf.Encoding.XmlRpc;

/// <summary>Lexical forms of XML-RPC scalars.</summary>
internal static class XmlRpcScalars
{
    /// <summary>
    /// The specification allows only "[+-]digits.digits" for doubles (no exponent, no NaN/Infinity). This writes the
    /// shortest digits that round-trip, expanded to plain decimal notation, so 1e300 becomes 1 followed by 300 zeros and ".0".
    /// </summary>
    public static string FormatDouble(double d)
    {
        string shortest = d.ToString("R", CultureInfo.InvariantCulture);
        int e = shortest.IndexOfAny(['E', 'e']);
        if (e < 0) return shortest.Contains('.') ? shortest : shortest + ".0";
        bool negative = shortest[0] == '-';
        string mantissa = shortest[(negative ? 1 : 0)..e];
        int exponent = int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.');
        string digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        int intLen = (dot < 0 ? mantissa.Length : dot) + exponent; // digits before the decimal point
        var sb = new StringBuilder(Math.Abs(exponent) + digits.Length + 4);
        if (negative) sb.Append('-');
        if (intLen <= 0)
        {
            sb.Append("0.").Append('0', -intLen).Append(digits);
        }
        else if (intLen >= digits.Length)
        {
            sb.Append(digits).Append('0', intLen - digits.Length).Append(".0");
        }
        else
        {
            sb.Append(digits, 0, intLen).Append('.').Append(digits, intLen, digits.Length - intLen);
        }
        return sb.ToString();
    }

    public static bool TryParseDouble(ReadOnlySpan<byte> text, out double d)
    {
        // Accept exponents too (Python writes 1e+300); reject NaN and infinities, which XML-RPC cannot carry.
        const NumberStyles style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        return double.TryParse(text, style, CultureInfo.InvariantCulture, out d) && double.IsFinite(d)
            && text.Length > 0 && ((uint)(text[^1] - '0') <= 9 || text[^1] == '.');
    }

    public static string FormatDateTime(DateTime t) => t.ToString("yyyyMMdd'T'HH':'mm':'ss", CultureInfo.InvariantCulture);

    private static readonly string[] LocalFormats =
    [
        "yyyyMMdd'T'HH':'mm':'ss", "yyyyMMdd'T'HH':'mm':'ss.FFFFFFF",
        "yyyy-MM-dd'T'HH':'mm':'ss", "yyyy-MM-dd'T'HH':'mm':'ss.FFFFFFF",
        "yyyyMMdd'T'HHmmss",
    ];

    private static readonly string[] ZonedFormats = LocalFormats.Select(f => f + "K").ToArray();

    /// <summary>The specification's form and common ISO 8601 variants; a zone (Z or offset) yields a UTC time.</summary>
    public static bool TryParseDateTime(string s, out DateTime t)
    {
        if (DateTime.TryParseExact(s, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out t)) return true;
        if (DateTimeOffset.TryParseExact(s, ZonedFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto)
            && (s.EndsWith('Z') || s.Length > 6 && (s[^6] == '+' || s[^6] == '-')))
        {
            t = dto.UtcDateTime;
            return true;
        }
        return false;
    }
}
