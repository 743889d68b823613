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

    /// <summary>
    /// The two forms nearly every peer writes, <c>yyyyMMddTHH:mm:ss</c> and <c>yyyy-MM-ddTHH:mm:ss</c>, parsed from UTF-8
    /// at fixed positions. True only for a valid date and time (kind Unspecified, as <see cref="TryParseDateTime(string, out DateTime)"/>
    /// gives for them); anything else, including every invalid or other form, is for <see cref="TryParseDateTime(string, out DateTime)"/> to judge.
    /// </summary>
    public static bool TryParseCommonDateTime(ReadOnlySpan<byte> s, out DateTime t)
    {
        t = default;
        int d = s.Length == 19 ? 1 : 0; // the dashed form
        if (s.Length != 17 && d == 0
            || d == 1 && (s[4] != '-' || s[7] != '-')
            || s[8 + 2 * d] != 'T' || s[11 + 2 * d] != ':' || s[14 + 2 * d] != ':'
            || !Digits(s, 0, 4, out int year) || !Digits(s, 4 + d, 2, out int month) || !Digits(s, 6 + 2 * d, 2, out int day)
            || !Digits(s, 9 + 2 * d, 2, out int hour) || !Digits(s, 12 + 2 * d, 2, out int minute) || !Digits(s, 15 + 2 * d, 2, out int second)
            || year == 0 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
            return false;
        t = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int at, int count, out int value)
    {
        value = 0;
        for (int i = at; i < at + count; i++)
        {
            uint digit = (uint)(s[i] - '0');
            if (digit > 9) return false;
            value = value * 10 + (int)digit;
        }
        return true;
    }

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
