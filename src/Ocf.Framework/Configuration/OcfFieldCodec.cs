using Ocf.Data;

namespace Ocf.Configuration;

/// <summary>
/// Field metadata as plain data (the paper's attribute names: fieldname, basictype, specialtype, short_text, …),
/// so a GUI or a remote tool can fetch it through any codec.
/// </summary>
public static class OcfFieldCodec
{
    public static OcfList ToValue(IEnumerable<OcfField> fields) => new(fields.Select(ToValue));

    public static OcfMap ToValue(OcfField f)
    {
        var b = new OcfMapBuilder().Add("fieldname", f.FieldName);
        if (f.Label is not null) b.Add("label", f.Label);
        b.Add("basictype", Name(f.BasicType));
        if (f.SpecialType is not null) b.Add("specialtype", f.SpecialType);
        if (f.Length is { } len) b.Add("length", len);
        if (f.Regex is not null) b.Add("regex", f.Regex);
        if (f.ShortText is not null) b.Add("short_text", f.ShortText);
        if (f.LongText is not null) b.Add("long_text", f.LongText);
        // A secret's default is not published either.
        if (f.Default is not null && !f.Secret) b.Add("default", f.Default);
        b.Add("required", f.Required);
        b.Add("secret", f.Secret);
        if (f.EnumValues is { } e) b.Add("enum", new OcfList(e.Select(v => (OcfValue)v)));
        b.Add("isarray", f.IsArray);
        if (f.MinCount is { } min) b.Add("min_count", min);
        if (f.MaxCount is { } max) b.Add("max_count", max);
        b.Add("class", f.Class == OcfFieldClass.Struct ? "struct" : "simple");
        if (f.SubFields.Count > 0) b.Add("subfields", ToValue(f.SubFields));
        if (f.Aliases.Count > 0) b.Add("aliases", new OcfList(f.Aliases.Select(a => (OcfValue)a)));
        if (f.Deprecated) b.Add("deprecated", true);
        if (f.Unique) b.Add("unique", true);
        return b.Build();
    }

    public static IReadOnlyList<OcfField> FieldsFromValue(OcfValue value) =>
        value is OcfList l ? l.Select((v, i) => FromValue(v, $"[{i}]")).ToArray()
        : throw new FormatException("Field metadata is a list of field maps.");

    public static OcfField FromValue(OcfValue value, string path = "$")
    {
        if (value is not OcfMap m) throw new FormatException($"{path}: a field is a map.");
        string Str(string key, bool required = false) =>
            m.TryGetValue(key, out var v) && v is OcfString s ? s.Value
            : required ? throw new FormatException($"{path}.{key}: required string missing.") : null!;
        bool Bool(string key) => m.TryGetValue(key, out var v) && v is OcfBoolean { Value: true };
        int? Int(string key) => m.TryGetValue(key, out var v) && v is OcfInteger i ? checked((int)i.Value) : null;
        IReadOnlyList<string>? Strings(string key) =>
            m.TryGetValue(key, out var v) && v is OcfList l ? l.Select(x => x is OcfString s ? s.Value : x.ToString()).ToArray() : null;

        return new OcfField
        {
            FieldName = Str("fieldname", required: true),
            Label = Str("label"),
            BasicType = ParseBasicType(Str("basictype") ?? "string", path),
            SpecialType = Str("specialtype"),
            Length = Int("length"),
            Regex = Str("regex"),
            ShortText = Str("short_text"),
            LongText = Str("long_text"),
            Default = m.TryGetValue("default", out var d) ? d : null,
            Required = Bool("required"),
            Secret = Bool("secret"),
            EnumValues = Strings("enum"),
            IsArray = Bool("isarray"),
            MinCount = Int("min_count"),
            MaxCount = Int("max_count"),
            Class = Str("class") == "struct" ? OcfFieldClass.Struct : OcfFieldClass.Simple,
            SubFields = m.TryGetValue("subfields", out var sf) ? FieldsFromValue(sf) : [],
            Aliases = Strings("aliases") ?? [],
            Deprecated = Bool("deprecated"),
            Unique = Bool("unique"),
        };
    }

    public static string Name(OcfBasicType t) => t switch
    {
        OcfBasicType.String => "string",
        OcfBasicType.Integer => "integer",
        OcfBasicType.Boolean => "boolean",
        OcfBasicType.Double => "double",
        OcfBasicType.DateTime => "datetime",
        OcfBasicType.Binary => "binary",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    public static OcfBasicType ParseBasicType(string name, string path = "$") => name.ToLowerInvariant() switch
    {
        "string" => OcfBasicType.String,
        "integer" or "int" => OcfBasicType.Integer,
        "boolean" or "bool" => OcfBasicType.Boolean,
        "double" or "float" => OcfBasicType.Double,
        "datetime" => OcfBasicType.DateTime,
        "binary" => OcfBasicType.Binary,
        _ => throw new FormatException($"{path}.basictype: unknown basic type '{name}'."),
    };
}
