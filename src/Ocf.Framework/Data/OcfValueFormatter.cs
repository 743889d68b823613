using System.Globalization;
using System.Text;

namespace Ocf.Data;

/// <summary>A short, human-readable rendering for ToString() and diagnostics (not an interchange format).</summary>
internal static class OcfValueFormatter
{
    private const int MaxLength = 200;

    public static string Format(OcfValue value)
    {
        var sb = new StringBuilder();
        Append(sb, value);
        return sb.Length > MaxLength ? sb.ToString(0, MaxLength) + "…" : sb.ToString();
    }

    private static void Append(StringBuilder sb, OcfValue value)
    {
        if (sb.Length > MaxLength) return;
        switch (value)
        {
            case OcfNil: sb.Append("nil"); break;
            case OcfString s: sb.Append('"').Append(s.Value).Append('"'); break;
            case OcfInteger i: sb.Append(i.Value.ToString(CultureInfo.InvariantCulture)); break;
            case OcfBoolean b: sb.Append(b.Value ? "true" : "false"); break;
            case OcfDouble d: sb.Append(d.Value.ToString("R", CultureInfo.InvariantCulture)); break;
            case OcfDateTime t: sb.Append(t.ToRoundTripString()); break;
            case OcfBinary b: sb.Append("binary[").Append(b.Length).Append(']'); break;
            case OcfList l:
                sb.Append('[');
                for (int i = 0; i < l.Count; i++) { if (i > 0) sb.Append(", "); Append(sb, l[i]); }
                sb.Append(']');
                break;
            case OcfMap m:
                sb.Append('{');
                for (int i = 0; i < m.Count; i++) { if (i > 0) sb.Append(", "); sb.Append(m[i].Key).Append(": "); Append(sb, m[i].Value); }
                sb.Append('}');
                break;
        }
    }
}
