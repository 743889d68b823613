using System.Globalization;

namespace Ocf.Encoding.OcfXml;

/// <summary>
/// The <c>type</c> attribute values and the lexical forms of integer, boolean and double in ocf-xml (docs/ocf-xml.md,
/// "Typed scalars"): XML Schema's xs:long, xs:boolean and xs:double forms, parsed straight from UTF-8.
/// Each parser returns null on success, otherwise the problem in words.
/// </summary>
internal static class OcfXmlScalars
{
    public const string Integer = "integer";
    public const string Boolean = "boolean";
    public const string Double = "double";
    public const string DateTime = "datetime";
    public const string Binary = "binary";
    public const string Nil = "nil";
    public const string String = "string";

    /// <summary>.NET's shortest round-trip form ("R": <c>-0</c>, <c>1E+300</c>, <c>5E-324</c>), which the double grammar covers, or NaN/INF/-INF.</summary>
    public static string FormatDouble(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "INF" : double.IsNegativeInfinity(d) ? "-INF" : d.ToString("R", CultureInfo.InvariantCulture);

    public static string FormatDateTime(System.DateTime t) => Writable(t).ToString("o", CultureInfo.InvariantCulture);

    /// <summary>
    /// The datetime as the encoder writes it. A Local time is written with its offset, and near the ends of the range
    /// (e.g. DateTime.MaxValue made Local west of UTC) wall clock + offset would name an instant outside 0001-9999,
    /// which the decoder rightly refuses. .NET itself takes such a time's instant as the range end
    /// (ToUniversalTime clamps), so that clamped instant, in local wall-clock form, is written instead: the decoder
    /// reads back the same instant, the only thing a Local time promises.
    /// </summary>
    public static System.DateTime Writable(System.DateTime t)
    {
        if (t.Kind != System.DateTimeKind.Local) return t;
        long utc = t.Ticks - System.TimeZoneInfo.Local.GetUtcOffset(t).Ticks;
        return utc < System.DateTime.MinValue.Ticks || utc > System.DateTime.MaxValue.Ticks ? t.ToUniversalTime().ToLocalTime() : t;
    }

    /// <summary>integer = [ "+" | "-" ] , digit , { digit } ; within a signed 64-bit value.</summary>
    public static string? ParseInteger(ReadOnlySpan<byte> s, out long value)
    {
        value = 0;
        int i = s.Length > 0 && (s[0] == '-' || s[0] == '+') ? 1 : 0;
        bool negative = i == 1 && s[0] == '-';
        if (i == s.Length) return "expected digits";
        ulong acc = 0;
        const ulong limit = long.MaxValue;
        for (; i < s.Length; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9) return "only digits may follow the sign";
            if (acc > (limit + 1) / 10) return "beyond the 64-bit range";
            acc = acc * 10 + d;
            if (acc > limit + 1) return "beyond the 64-bit range";
        }
        if (acc == limit + 1 && !negative) return "beyond the 64-bit range";
        value = negative ? (long)(0 - acc) : (long)acc;
        return null;
    }

    /// <summary>boolean = "true" | "false" | "1" | "0" ;</summary>
    public static string? ParseBoolean(ReadOnlySpan<byte> s, out bool value)
    {
        value = s.SequenceEqual("true"u8) || s.SequenceEqual("1"u8);
        return value || s.SequenceEqual("false"u8) || s.SequenceEqual("0"u8) ? null : "expected true, false, 1 or 0";
    }

    /// <summary>
    /// double = [ sign ] , ( digits , [ "." , { digit } ] | "." , digits ) , [ ( "e" | "E" ) , [ sign ] , digits ]
    ///        | [ sign ] , "INF" | "NaN" ; a finite literal whose value rounds beyond the double range is refused.
    /// </summary>
    public static string? ParseDouble(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        if (s.SequenceEqual("NaN"u8)) { value = double.NaN; return null; }
        int i = s.Length > 0 && (s[0] == '-' || s[0] == '+') ? 1 : 0;
        if (s[i..].SequenceEqual("INF"u8)) { value = s[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity; return null; }
        int intDigits = CountDigits(s, ref i);
        int fracDigits = 0;
        if (i < s.Length && s[i] == '.') { i++; fracDigits = CountDigits(s, ref i); }
        if (intDigits + fracDigits == 0) return "expected digits (or NaN, INF, -INF)";
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            if (i < s.Length && (s[i] == '-' || s[i] == '+')) i++;
            if (CountDigits(s, ref i) == 0) return "expected digits in the exponent";
        }
        if (i != s.Length) return s[i] < 0x80 ? $"unexpected '{(char)s[i]}'" : "unexpected non-ASCII character";
        // The grammar is checked above; .NET's parser then rounds correctly (IEEE 754), also for subnormals.
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return "not a number";
        return double.IsFinite(value) ? null : "beyond the range of a double (write INF or -INF)";
    }

    private static int CountDigits(ReadOnlySpan<byte> s, ref int i)
    {
        int start = i;
        while (i < s.Length && (uint)(s[i] - '0') <= 9) i++;
        return i - start;
    }
}
