using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Security;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.PowerShell.Data;

namespace Ocf.PowerShell.Plugins;

/// <summary>
/// Turns a plugin's field metadata into PowerShell dynamic parameters, so every self-configuring plugin (and every
/// external agent) gets typed, validated, tab-completed parameters for free:
/// basictype → .NET type; required → Mandatory; regex → ValidatePattern; length → ValidateLength; enum → ValidateSet;
/// secret → SecureString; isarray → array + ValidateCount; struct → Hashtable checked by the self-configuration
/// validation; short_text → HelpMessage; the parameter is the PascalCase field name, with the field name and the
/// field's aliases (e.g. a fence agent's getopt long options) as aliases.
/// </summary>
public static class OcfDynamicParameterBuilder
{
    /// <summary>Names every cmdlet already has: a field that would collide gets a "Plugin" prefix instead.</summary>
    public static readonly IReadOnlyCollection<string> CommonParameterNames =
        Cmdlet.CommonParameters.Concat(Cmdlet.OptionalCommonParameters).Concat(["WarningAction", "InformationAction", "ProgressAction", "PipelineVariable", "OutBuffer"]).ToArray();

    /// <param name="fields">the plugin's fields</param>
    /// <param name="reservedNames">the cmdlet's static parameter names</param>
    /// <param name="parameterSetName">the set where required fields are Mandatory</param>
    /// <param name="optionSetName">a second set where every field is optional (values may come from an -Option dictionary)</param>
    public static RuntimeDefinedParameterDictionary Build(IReadOnlyList<OcfField> fields, IEnumerable<string> reservedNames,
        string? parameterSetName = null, string? optionSetName = null)
    {
        var taken = new HashSet<string>(reservedNames.Concat(CommonParameterNames), StringComparer.OrdinalIgnoreCase);
        // A deprecated field that a current field obsoletes (lists as an alias) becomes that field's alias, not a parameter of its own.
        fields = fields.Where(f => !(f.Deprecated && fields.Any(o => !o.Deprecated && o.Aliases.Contains(f.FieldName)))).ToArray();
        var dictionary = new RuntimeDefinedParameterDictionary();
        // Names first, then aliases, so an alias never steals another field's own name.
        var names = new Dictionary<OcfField, string>(ReferenceEqualityComparer.Instance);
        foreach (var field in fields)
        {
            string name = ParameterName(field.FieldName);
            if (taken.Contains(name)) name = "Plugin" + name;
            while (!taken.Add(name)) name += "_";
            names[field] = name;
        }
        foreach (var field in fields)
        {
            string name = names[field];
            var attributes = new Collection<Attribute>();
            var parameter = new ParameterAttribute
            {
                Mandatory = field.Required && field.Default is null,
                ValueFromPipelineByPropertyName = false,
                DontShow = field.Deprecated,
            };
            if (parameterSetName is not null) parameter.ParameterSetName = parameterSetName;
            SetHelpMessage(parameter, field);
            attributes.Add(parameter);
            if (optionSetName is not null)
            {
                var optional = new ParameterAttribute { ParameterSetName = optionSetName, Mandatory = false, DontShow = field.Deprecated };
                SetHelpMessage(optional, field);
                attributes.Add(optional);
            }
            attributes.Add(new OcfFieldBindingAttribute(field));

            var aliases = new List<string>();
            foreach (var alias in field.Aliases.Prepend(field.FieldName))
                if (!string.Equals(alias, name, StringComparison.OrdinalIgnoreCase) && IsValidName(alias) && taken.Add(alias)) aliases.Add(alias);
            if (aliases.Count > 0) attributes.Add(new AliasAttribute(aliases.ToArray()));

            Type elementType = ElementType(field);
            // Checks PowerShell's own attributes cannot express go to the self-configuration validation at binding time.
            bool checkWithConfigurator = field.Class == OcfFieldClass.Struct;
            if (field.Class == OcfFieldClass.Simple)
            {
                if (field.EnumValues is { Count: > 0 } values) attributes.Add(new ValidateSetAttribute(values.ToArray()) { IgnoreCase = false });
                if (field.BasicType == OcfBasicType.String && (field.Regex is not null || field.Length is not null))
                {
                    // A secret's clear text must never be echoed in an error, and ValidateLength cannot say "at most 0".
                    if (field.Secret || field.Length is <= 0) checkWithConfigurator = true;
                    else
                    {
                        // Exactly the configurator's match: case-sensitive (ValidatePattern ignores case by default), anchored with \z.
                        if (field.Regex is { } regex)
                            attributes.Add(new ValidatePatternAttribute(OcfConfigurator.AnchoredPattern(regex)) { Options = OcfConfigurator.PatternOptions });
                        if (field.Length is { } len) attributes.Add(new ValidateLengthAttribute(0, len));
                    }
                }
            }
            if (field.IsArray)
            {
                if (field.MinCount is not null || field.MaxCount is not null)
                {
                    int min = field.MinCount ?? 0, max = field.MaxCount ?? int.MaxValue;
                    // ValidateCount refuses a maximum below 1 or a minimum above the maximum.
                    if (min >= 0 && max >= 1 && min <= max) attributes.Add(new ValidateCountAttribute(min, max));
                    else checkWithConfigurator = true;
                }
                elementType = elementType.MakeArrayType();
            }
            if (checkWithConfigurator) attributes.Add(new ValidateOcfFieldAttribute(field));
            dictionary.Add(name, new RuntimeDefinedParameter(name, elementType, attributes));
        }
        return dictionary;
    }

    // PowerShell refuses a null or empty HelpMessage, and many agents' parameters have no short description.
    private static void SetHelpMessage(ParameterAttribute parameter, OcfField field)
    {
        if (!string.IsNullOrWhiteSpace(field.ShortText)) parameter.HelpMessage = field.ShortText;
    }

    private static Type ElementType(OcfField field)
    {
        if (field.Class == OcfFieldClass.Struct) return typeof(Hashtable);
        if (field.Secret) return typeof(SecureString);
        return field.BasicType switch
        {
            OcfBasicType.Integer => typeof(long),
            OcfBasicType.Boolean => field.IsArray ? typeof(bool) : typeof(SwitchParameter),
            OcfBasicType.Double => typeof(double),
            OcfBasicType.DateTime => typeof(DateTime),
            OcfBasicType.Binary => typeof(byte[]),
            _ => typeof(string),
        };
    }

    /// <summary>power_wait → PowerWait, ipport → Ipport, ssl-insecure → SslInsecure.</summary>
    public static string ParameterName(string fieldName)
    {
        var parts = fieldName.Split(['_', '-', '.', ' ', ':'], StringSplitOptions.RemoveEmptyEntries);
        var name = string.Concat(parts.Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        if (name.Length == 0) name = "Field";
        if (char.IsDigit(name[0])) name = "F" + name;
        return new string(name.Where(c => char.IsLetterOrDigit(c) || c == '_').ToArray());
    }

    private static bool IsValidName(string alias) => alias.Length > 0 && alias.All(c => char.IsLetterOrDigit(c) || c == '_' || c == '-');

    /// <summary>
    /// The configuration the bound dynamic parameters (and an optional -Option dictionary underneath them) describe,
    /// keyed by field name. SecureStrings are opened here, at the point of handing them to the plugin, and nowhere else.
    /// </summary>
    public static OcfMap ToConfiguration(RuntimeDefinedParameterDictionary? bound, IReadOnlyList<OcfField> fields, IDictionary? options)
    {
        var builder = new OcfMapBuilder();
        var set = new HashSet<string>(StringComparer.Ordinal);
        var conversion = new OcfConversionOptions
        {
            MaxDepth = 16,
            AllowSecureStringAsPlainText = true,
            Adapter = PSObjectAdapter.Instance,
        };
        if (bound is not null)
        {
            foreach (var p in bound.Values.Where(v => v.IsSet))
            {
                var field = p.Attributes.OfType<OcfFieldBindingAttribute>().FirstOrDefault()?.Field;
                if (field is null) continue;
                object? value = p.Value is SwitchParameter sw ? sw.IsPresent : p.Value;
                builder.Add(field.FieldName, OcfValueConverter.FromObject(value, conversion));
                set.Add(field.FieldName);
            }
        }
        if (options is not null)
        {
            foreach (DictionaryEntry e in options)
            {
                string key = Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                var field = OcfConfigurator.Find(fields, key);
                // Explicit parameters win over the same field in -Option.
                if (field is not null && set.Contains(field.FieldName)) continue;
                builder.Add(key, OcfValueConverter.FromObject(e.Value, conversion));
            }
        }
        return builder.Build();
    }
}

/// <summary>Remembers which field a dynamic parameter stands for (names may have been prefixed to avoid collisions).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class OcfFieldBindingAttribute(OcfField field) : Attribute
{
    public OcfField Field { get; } = field;
}

/// <summary>Checks a bound value against its field with the self-configuration validation (structs, secrets).</summary>
public sealed class ValidateOcfFieldAttribute(OcfField field) : ValidateArgumentsAttribute
{
    public OcfField Field { get; } = field;

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var options = new OcfConversionOptions { MaxDepth = 16, AllowSecureStringAsPlainText = true, Adapter = PSObjectAdapter.Instance };
        var value = OcfValueConverter.FromObject(arguments, options);
        var problems = OcfConfigurator.Validate([Field], new OcfMap([new(Field.FieldName, value)]));
        if (problems.Count > 0) throw new ValidationMetadataException(string.Join("; ", problems));
    }
}
