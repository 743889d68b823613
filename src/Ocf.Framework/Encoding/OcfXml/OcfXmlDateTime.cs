namespace Ocf.Encoding.OcfXml;

/// <summary>
/// The ocf-xml datetime form (docs/ocf-xml.md): XML Schema's xs:dateTime restricted to what <see cref="DateTime"/> holds,
/// <c>yyyy-MM-ddTHH:mm:ss[.f{1,7}][Z|(+|-)hh:mm]</c>, parsed straight from UTF-8.
/// </summary>
internal static class OcfXmlDateTime
{
    /// <summary>Null on success, otherwise the problem in words. Z gives UTC, an offset local time, no zone Unspecified.</summary>
    public static string? Parse(ReadOnlySpan<byte> s, out DateTime value)
    {
        value = default;
        // yyyy-MM-ddTHH:mm:ss is 19 fixed positions.
        if (s.Length < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || !Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day)
            || !Digits(s, 11, 2, out int hour) || !Digits(s, 14, 2, out int minute) || !Digits(s, 17, 2, out int second))
            return "expected yyyy-MM-ddTHH:mm:ss";
        if (year == 0) return "year 0000 is out of range (0001-9999)";
        if (month is < 1 or > 12) return "the month must be 01-12";
        if (day < 1 || day > DateTime.DaysInMonth(year, month)) return $"day {day:00} does not exist in {year:0000}-{month:00}";
        if (hour > 23) return "the hour must be 00-23";
        if (minute > 59) return "the minute must be 00-59";
        if (second > 59) return "the second must be 00-59";
        long ticks = new DateTime(year, month, day, hour, minute, second).Ticks;
        int i = 19;
        if (i < s.Length && s[i] == '.')
        {
            int start = ++i;
            long fraction = 0;
            while (i < s.Length && (uint)(s[i] - '0') <= 9) { fraction = fraction * 10 + (s[i] - '0'); i++; if (i - start > 7) break; }
            int n = i - start;
            if (n == 0) return "expected digits after '.'";
            if (n > 7) return "more than 7 fractional digits (100 ns is the finest step)";
            for (; n < 7; n++) fraction *= 10;
            ticks += fraction;
        }
        if (i == s.Length) { value = new DateTime(ticks, DateTimeKind.Unspecified); return null; }
        if (s[i] == 'Z' && i + 1 == s.Length) { value = new DateTime(ticks, DateTimeKind.Utc); return null; }
        if ((s[i] == '+' || s[i] == '-') && s.Length - i == 6 && s[i + 3] == ':'
            && Digits(s, i + 1, 2, out int oh) && Digits(s, i + 4, 2, out int om))
        {
            if (om > 59 || oh * 60 + om > 14 * 60) return "the offset must be within -14:00 and +14:00";
            long offset = (oh * 60L + om) * TimeSpan.TicksPerMinute;
            long utc = s[i] == '-' ? ticks + offset : ticks - offset;
            if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks) return "the instant is out of range (0001-9999)";
            value = new DateTime(utc, DateTimeKind.Utc).ToLocalTime();
            return null;
        }
        return "expected Z, +hh:mm or -hh:mm (or nothing) after the time";
    }

    private static bool Digits(ReadOnlySpan<byte> s, int at, int count, out int value)
    {
        value = 0;
        for (int i = at; i < at + count; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }
}
