using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Ocf.Data;

namespace Ocf.Configuration;

/// <summary>
/// The self-configuration capabilities over field metadata: validate a proposed configuration (every problem,
/// with its path), normalise it (defaults applied, aliases resolved, strings coerced to the basic type) and read it
/// back with secrets redacted.
/// </summary>
public static class OcfConfigurator
{
    /// <summary>What a redacted secret reads as.</summary>
    public const string RedactedText = "********";

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);
    private static readonly Regex HostnamePattern = new(
        @"^(?=.{1,253}\z)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?\z",
        RegexOptions.CultureInvariant, RegexTimeout);

    /// <summary>Every problem of <paramref name="configuration"/> against <paramref name="fields"/>; empty when valid.</summary>
    public static IReadOnlyList<OcfValidationProblem> Validate(IReadOnlyList<OcfField> fields, OcfValue configuration)
    {
        var problems = new List<OcfValidationProblem>();
        if (configuration is not OcfMap map)
        {
            problems.Add(new("$", "NotAMap", "the configuration must be a map of field names to values"));
            return problems;
        }
        Walk(fields, map, "", problems, normalized: null);
        return problems;
    }

    /// <summary>The configuration with aliases resolved to field names, defaults applied and values in their basic types.</summary>
    public static OcfMap Normalize(IReadOnlyList<OcfField> fields, OcfValue configuration)
    {
        if (configuration is not OcfMap map)
            throw new OcfValidationException([new("$", "NotAMap", "the configuration must be a map of field names to values")]);
        var problems = new List<OcfValidationProblem>();
        var normalized = new OcfMapBuilder();
        Walk(fields, map, "", problems, normalized);
        if (problems.Count > 0) throw new OcfValidationException(problems);
        return normalized.Build();
    }

    /// <summary>The configuration with every secret field's value replaced by <see cref="RedactedText"/>.</summary>
    public static OcfMap Redact(IReadOnlyList<OcfField> fields, OcfMap configuration)
    {
        var b = new OcfMapBuilder();
        foreach (var (key, value) in configuration)
        {
            var field = Find(fields, key);
            b.Add(key, field is null ? value : RedactValue(field, value));
        }
        return b.Build();
    }

    private static OcfValue RedactValue(OcfField field, OcfValue value)
    {
        if (value is OcfNil) return value;
        if (field.Secret) return new OcfString(RedactedText);
        if (field.Class == OcfFieldClass.Struct)
        {
            if (field.IsArray && value is OcfList l) return new OcfList(l.Select(v => v is OcfMap m ? Redact(field.SubFields, m) : v));
            if (value is OcfMap m) return Redact(field.SubFields, m);
        }
        return value;
    }

    /// <summary>The field a configuration key names: its field name, or one of its aliases (ordinal).</summary>
    public static OcfField? Find(IReadOnlyList<OcfField> fields, string key)
    {
        foreach (var f in fields) if (f.FieldName == key) return f;
        foreach (var f in fields) if (f.Aliases.Contains(key)) return f;
        return null;
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    private static void Walk(IReadOnlyList<OcfField> fields, OcfMap map, string prefix, List<OcfValidationProblem> problems, OcfMapBuilder? normalized)
    {
        var given = new Dictionary<OcfField, (string Key, OcfValue Value)>(ReferenceEqualityComparer.Instance);
        foreach (var (key, value) in map)
        {
            var field = Find(fields, key);
            if (field is null)
            {
                problems.Add(new(Join(prefix, key), "UnknownField", $"unknown field '{key}'"));
                continue;
            }
            if (given.TryGetValue(field, out var earlier))
            {
                problems.Add(new(Join(prefix, field.FieldName), "GivenTwice", $"given twice, as '{earlier.Key}' and '{key}'"));
                continue;
            }
            given[field] = (key, value);
        }
        foreach (var field in fields)
        {
            string path = Join(prefix, field.FieldName);
            bool present = given.TryGetValue(field, out var entry) && entry.Value is not OcfNil;
            if (!present)
            {
                if (field.Default is { } def) normalized?.Add(field.FieldName, def);
                else if (field.Required) problems.Add(new(path, "Required", $"'{field.FieldName}' is required"));
                continue;
            }
            var checkedValue = CheckField(field, entry.Value, path, problems);
            if (checkedValue is not null) normalized?.Add(field.FieldName, checkedValue);
        }
    }

    private static OcfValue? CheckField(OcfField field, OcfValue value, string path, List<OcfValidationProblem> problems)
    {
        if (!field.IsArray) return CheckOne(field, value, path, problems);
        // A single value where an array is expected is taken as a one-element array (as command lines give it).
        var list = value as OcfList ?? new OcfList(value);
        if (field.MinCount is { } min && list.Count < min)
            problems.Add(new(path, "TooFew", $"needs at least {min} item(s), has {list.Count}"));
        if (field.MaxCount is { } max && list.Count > max)
            problems.Add(new(path, "TooMany", $"allows at most {max} item(s), has {list.Count}"));
        var items = new OcfValue[list.Count];
        bool ok = true;
        for (int i = 0; i < list.Count; i++)
        {
            var v = CheckOne(field, list[i], $"{path}[{i}]", problems);
            if (v is null) ok = false; else items[i] = v;
        }
        return ok ? new OcfList(items) : null;
    }

    private static OcfValue? CheckOne(OcfField field, OcfValue value, string path, List<OcfValidationProblem> problems)
    {
        if (field.Class == OcfFieldClass.Struct)
        {
            if (value is not OcfMap m)
            {
                problems.Add(new(path, "NotAStruct", "must be a map of its sub-fields"));
                return null;
            }
            int before = problems.Count;
            var nested = new OcfMapBuilder();
            // Everything inside a secret struct is secret: its sub-fields' problems must not quote their values either.
            var subFields = field.Secret ? field.SubFields.Select(f => f with { Secret = true }).ToArray() : field.SubFields;
            Walk(subFields, m, path, problems, nested);
            return problems.Count == before ? nested.Build() : null;
        }
        var typed = Coerce(field.BasicType, value);
        if (typed is null)
        {
            problems.Add(new(path, "WrongType", field.Secret
                ? $"is not a valid {OcfFieldCodec.Name(field.BasicType)}"
                : $"'{Show(value)}' is not a valid {OcfFieldCodec.Name(field.BasicType)}"));
            return null;
        }
        int count = problems.Count;
        if (typed is OcfString s)
        {
            if (field.Length is { } len && s.Value.Length > len)
                problems.Add(new(path, "TooLong", $"is {s.Value.Length} characters long; the limit is {len}"));
            if (field.Regex is { } pattern && !FullMatch(pattern, s.Value))
                problems.Add(new(path, "PatternMismatch", field.Secret ? "does not match the required pattern" : $"'{s.Value}' does not match the pattern {pattern}"));
        }
        if (field.EnumValues is { Count: > 0 } allowed)
        {
            string text = typed is OcfString es ? es.Value : Show(typed);
            if (!allowed.Contains(text))
                problems.Add(new(path, "NotInEnum", field.Secret ? "is not one of the allowed values" : $"'{text}' is not one of: {string.Join(", ", allowed)}"));
        }
        if (field.SpecialType is { } special && CheckSpecial(special, typed) is { } message)
            problems.Add(new(path, "BadSpecialType", field.Secret ? $"is not a valid {special}" : message));
        return problems.Count == count ? typed : null;
    }

    /// <summary>The options a field's regex is matched with: case-sensitive. Consumers (e.g. PowerShell's ValidatePattern) use the same.</summary>
    public const RegexOptions PatternOptions = RegexOptions.CultureInvariant;

    /// <summary>A field's regex anchored to match the whole value, as validation matches it.</summary>
    // \z, not $: "$" also matches before a final line break, which would let "abc\n" pass "[a-z]+".
    public static string AnchoredPattern(string pattern) => $"^(?:{pattern})\\z";

    private static bool FullMatch(string pattern, string text)
    {
        try { return Regex.IsMatch(text, AnchoredPattern(pattern), PatternOptions, RegexTimeout); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    /// <summary>Values of the basic type, or strings that parse as it (command lines and agents speak strings).</summary>
    public static OcfValue? Coerce(OcfBasicType type, OcfValue value)
    {
        switch (type)
        {
            case OcfBasicType.String:
                return value switch
                {
                    OcfString => value,
                    OcfInteger i => new OcfString(i.Value.ToString(CultureInfo.InvariantCulture)),
                    OcfDouble d => new OcfString(d.Value.ToString("R", CultureInfo.InvariantCulture)),
                    OcfBoolean b => new OcfString(b.Value ? "true" : "false"),
                    _ => null,
                };
            case OcfBasicType.Integer:
                return value switch
                {
                    OcfInteger => value,
                    OcfString s when long.TryParse(s.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l) => new OcfInteger(l),
                    OcfDouble d when d.Value == Math.Floor(d.Value) && Math.Abs(d.Value) < 9e15 => new OcfInteger((long)d.Value),
                    _ => null,
                };
            case OcfBasicType.Boolean:
                return value switch
                {
                    OcfBoolean => value,
                    OcfInteger { Value: 0 or 1 } i => OcfValue.From(i.Value == 1),
                    OcfString s => s.Value.Trim().ToLowerInvariant() switch
                    {
                        "true" or "1" or "yes" or "on" => OcfBoolean.True,
                        "false" or "0" or "no" or "off" => OcfBoolean.False,
                        _ => null,
                    },
                    _ => null,
                };
            case OcfBasicType.Double:
                return value switch
                {
                    OcfDouble => value,
                    OcfInteger i => new OcfDouble(i.Value),
                    OcfString s when double.TryParse(s.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => new OcfDouble(d),
                    _ => null,
                };
            case OcfBasicType.DateTime:
                return value switch
                {
                    OcfDateTime => value,
                    OcfString s when DateTime.TryParse(s.Value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) => new OcfDateTime(t),
                    _ => null,
                };
            case OcfBasicType.Binary:
                return value switch
                {
                    OcfBinary => value,
                    OcfString s when Encoding.Base64Text.TryDecode(s.Value, out var bytes) => new OcfBinary(bytes),
                    _ => null,
                };
        }
        return null;
    }

    /// <summary>Checks for the specialtypes this framework knows; an unknown one adds no check (the paper's fallback rule).</summary>
    private static string? CheckSpecial(string special, OcfValue value)
    {
        string text = value is OcfString s ? s.Value : Show(value);
        switch (special.ToLowerInvariant())
        {
            case OcfSpecialTypes.IPv4:
                return IPAddress.TryParse(text, out var a4) && a4.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') == 3
                    ? null : $"'{text}' is not an IPv4 address";
            case OcfSpecialTypes.IPv6:
                return IPAddress.TryParse(text, out var a6) && a6.AddressFamily == AddressFamily.InterNetworkV6 ? null : $"'{text}' is not an IPv6 address";
            case OcfSpecialTypes.IPAddress:
                return IPAddress.TryParse(text, out _) && (text.Contains(':') || text.Count(c => c == '.') == 3) ? null : $"'{text}' is not an IP address";
            case OcfSpecialTypes.Hostname:
                return HostnamePattern.IsMatch(text) ? null : $"'{text}' is not a valid host name";
            case OcfSpecialTypes.Host:
                return HostnamePattern.IsMatch(text) || IPAddress.TryParse(text, out _) ? null : $"'{text}' is not a host name or IP address";
            case OcfSpecialTypes.Port:
                return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long port) && port is >= 1 and <= 65535
                    ? null : $"'{text}' is not a port number (1-65535)";
            case OcfSpecialTypes.Tty:
                return text.Length > 0 && !text.Any(char.IsWhiteSpace) ? null : $"'{text}' is not a serial device name";
            case OcfSpecialTypes.Path:
                return text.Length > 0 && text.IndexOfAny(System.IO.Path.GetInvalidPathChars()) < 0 && !text.Contains('\0') ? null : $"'{text}' is not a valid path";
            case OcfSpecialTypes.Seconds:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double sec) && sec >= 0 ? null : $"'{text}' is not a number of seconds";
            default:
                return null;
        }
    }

    private static string Show(OcfValue v) => v switch
    {
        OcfString s => s.Value,
        OcfInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
        OcfDouble d => d.Value.ToString("R", CultureInfo.InvariantCulture),
        OcfBoolean b => b.Value ? "true" : "false",
        _ => v.ToString(),
    };
}
