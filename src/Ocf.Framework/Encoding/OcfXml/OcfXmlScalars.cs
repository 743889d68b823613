using System.Globalization;
using Ocf.Data;

namespace Ocf.Encoding.OcfXml;

/// <summary>The <c>type</c> attribute values and the lexical forms of non-string scalars in ocf-xml.</summary>
internal static class OcfXmlScalars
{
    public const string Integer = "integer";
    public const string Boolean = "boolean";
    public const string Double = "double";
    public const string DateTime = "datetime";
    public const string Binary = "binary";
    public const string Nil = "nil";
    public const string String = "string";

    public static string FormatDouble(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "INF" : double.IsNegativeInfinity(d) ? "-INF" : d.ToString("R", CultureInfo.InvariantCulture);

    public static bool TryParseDouble(string s, out double d)
    {
        switch (s)
        {
            case "NaN": d = double.NaN; return true;
            case "INF": case "+INF": d = double.PositiveInfinity; return true;
            case "-INF": d = double.NegativeInfinity; return true;
        }
        const NumberStyles style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        return double.TryParse(s, style, CultureInfo.InvariantCulture, out d) && double.IsFinite(d)
            && s.Length > 0 && (char.IsAsciiDigit(s[^1]) || s[^1] == '.');
    }

    public static string FormatDateTime(DateTime t) => t.ToString("o", CultureInfo.InvariantCulture);

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ssK",
    ];

    public static bool TryParseDateTime(string s, out DateTime t) =>
        System.DateTime.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out t);

    public static bool TryParseInteger(string s, out long v) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v) && s[0] != '+';
}
