using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ocf.Configuration;
using Ocf.Data;

namespace Ocf.Plugins.External;

/// <summary>One action a resource agent advertises, with its advised timeout and (for monitor) interval and depth.</summary>
/// <param name="Attributes">Every attribute of the &lt;action&gt; element as written, for what the typed properties do not cover.</param>
public sealed record ResourceAgentAction(
    string Name,
    TimeSpan? Timeout,
    TimeSpan? Interval,
    int? Depth,
    string? Role,
    TimeSpan? StartDelay,
    IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>The action as the framework's plain data (what <see cref="OcfPluginInfo.Actions"/> shows).</summary>
    public OcfPluginAction ToPluginAction() => new()
    {
        Name = Name,
        Timeout = Timeout,
        Interval = Interval,
        Depth = Depth,
        Role = Role,
        StartDelay = StartDelay,
        Attributes = Attributes.Where(a => a.Key != "name").ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
    };
}

/// <summary>What an OCF resource agent's <c>meta-data</c> action says, with its parameters imported as <see cref="OcfField"/>s.</summary>
public sealed record ResourceAgentDescription
{
    /// <summary>The agent (type) name from the metadata, e.g. "Dummy".</summary>
    public required string Name { get; init; }
    /// <summary>The provider directory it was found in (heartbeat, pacemaker, …); null when parsed from text alone.</summary>
    public string? Provider { get; init; }
    /// <summary>"ocf:provider:agent" when the provider is known, else the bare name.</summary>
    public string QualifiedName => Provider is null ? Name : $"ocf:{Provider}:{Name}";
    /// <summary>The agent's own version (the <c>version</c> attribute of &lt;resource-agent&gt;).</summary>
    public string? Version { get; init; }
    /// <summary>The OCF API version the metadata follows (the &lt;version&gt; element), e.g. "1.0".</summary>
    public string? OcfVersion { get; init; }
    public string? ShortDescription { get; init; }
    public string? LongDescription { get; init; }
    public IReadOnlyList<OcfField> Fields { get; init; } = [];
    /// <summary>Parameters with <c>unique="1"</c> (<see cref="OcfField.Unique"/>): no two resources of this agent may share a value.</summary>
    public IReadOnlySet<string> UniqueFields => Fields.Where(f => f.Unique).Select(f => f.FieldName).ToHashSet(StringComparer.Ordinal);
    /// <summary>OCF 1.1 <c>unique-group</c>: group name → the parameters whose combined value must be unique.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> UniqueGroups { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
    /// <summary>Parameters with <c>reloadable="1"</c> (OCF 1.1): changing them needs only reload-agent.</summary>
    public IReadOnlySet<string> ReloadableFields { get; init; } = new HashSet<string>();
    public IReadOnlyList<ResourceAgentAction> Actions { get; init; } = [];
    /// <summary><see cref="Actions"/> as the framework's plain data.</summary>
    public IReadOnlyList<OcfPluginAction> PluginActions => Actions.Select(a => a.ToPluginAction()).ToArray();
    /// <summary>Field name → the default exactly as written (the typed <see cref="OcfField.Default"/> loses the spelling, e.g. "yes" vs "1").</summary>
    public IReadOnlyDictionary<string, string> DefaultTexts { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public IEnumerable<string> ActionNames => Actions.Select(a => a.Name);
    public OcfField? Field(string nameOrAlias) => OcfConfigurator.Find(Fields, nameOrAlias);
    /// <summary>The first action of that name with no role (monitor may be listed once per role), else the first of that name.</summary>
    public ResourceAgentAction? Action(string name) =>
        Actions.FirstOrDefault(a => a.Name == name && a.Role is null) ?? Actions.FirstOrDefault(a => a.Name == name);

    /// <summary>The OCF_RESKEY_* environment for <paramref name="configuration"/>; see <see cref="ResourceAgentMetadata.ToEnvironment"/>.</summary>
    public IReadOnlyDictionary<string, string> ToEnvironment(OcfMap configuration, bool includeDefaults = false) =>
        ResourceAgentMetadata.ToEnvironment(this, configuration, includeDefaults);
}

/// <summary>
/// Imports OCF resource agent <c>meta-data</c> XML (OCF RA API 1.0 and 1.1): parameters with unique, required,
/// reloadable, longdesc, shortdesc and content type/default (string, integer, boolean, select; the Pacemaker types
/// port, nonnegative_integer and timeout-like ones too), deprecation with replaced-with, and actions with timeout,
/// interval, depth, role and start-delay.
/// <para>Every agent prints <c>&lt;!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd"&gt;</c>. That bodiless declaration
/// defines nothing and is never fetched, so it is accepted; any other DTD (an internal subset that could declare
/// entities) is refused, and the reader itself runs with <see cref="System.Xml.DtdProcessing.Prohibit"/>.</para>
/// <para>Real metadata is not always consistent with itself (<c>type="integer" default="pingd"</c>,
/// <c>type="boolean" default="/var/lib/rabbitmq/mnesia"</c>). Such a field is imported as a String with its default
/// text kept and a warning; an empty default of a non-string type counts as no default.</para>
/// </summary>
public static class ResourceAgentMetadata
{
    private static readonly Regex Duration = new(@"^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$", RegexOptions.CultureInvariant);

    /// <exception cref="AgentMetadataException">Malformed XML, a refused DTD, or XML that is not resource-agent metadata.</exception>
    public static ResourceAgentDescription Parse(string xml, string agentName, string? provider = null)
    {
        var doc = AgentMetadataXml.Load(xml, agentName, allowResourceAgentDoctype: true);
        var root = doc.Root!;
        if (root.Name.LocalName != "resource-agent")
            throw AgentMetadataXml.Invalid(agentName, root, $"the root element is <{root.Name.LocalName}>, not <resource-agent>");

        var warnings = new List<string>();
        string name = ((string?)root.Attribute("name"))?.Trim() is { Length: > 0 } n ? n : agentName;
        var fields = new List<OcfField>();
        var reloadable = new HashSet<string>(StringComparer.Ordinal);
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var replacements = new List<(string Old, string New)>();
        var defaultTexts = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var p in root.Element("parameters")?.Elements("parameter") ?? [])
        {
            string? pname = ((string?)p.Attribute("name"))?.Trim();
            if (string.IsNullOrEmpty(pname)) throw AgentMetadataXml.Invalid(agentName, p, "a <parameter> has no name");
            if (fields.Any(f => f.FieldName == pname))
            {
                warnings.Add($"parameter '{pname}' is declared twice; the first declaration is used");
                continue;
            }
            if (AgentMetadataXml.Flag(p, "reloadable")) reloadable.Add(pname);
            if (((string?)p.Attribute("unique-group"))?.Trim() is { Length: > 0 } g)
            {
                if (!groups.TryGetValue(g, out var members)) groups[g] = members = [];
                members.Add(pname);
            }
            var deprecatedElement = p.Element("deprecated");
            if (deprecatedElement?.Element("replaced-with") is { } rw && ((string?)rw.Attribute("name"))?.Trim() is { Length: > 0 } newName)
                replacements.Add((pname, newName));
            if ((string?)p.Element("content")?.Attribute("default") is { } dtext) defaultTexts[pname] = dtext;
            fields.Add(ReadParameter(pname, p, deprecatedElement is not null || AgentMetadataXml.Flag(p, "deprecated"), warnings));
        }

        // OCF 1.1: <deprecated><replaced-with name="new"/></deprecated> → the old name is an alias of the new field.
        foreach (var (old, @new) in replacements)
        {
            int i = fields.FindIndex(f => f.FieldName == @new);
            if (i < 0) { warnings.Add($"parameter '{old}' is replaced with '{@new}', which is not declared"); continue; }
            if (!fields[i].Aliases.Contains(old)) fields[i] = fields[i] with { Aliases = [.. fields[i].Aliases, old] };
        }

        var actions = new List<ResourceAgentAction>();
        foreach (var a in root.Element("actions")?.Elements("action") ?? [])
        {
            string? aname = ((string?)a.Attribute("name"))?.Trim();
            if (string.IsNullOrEmpty(aname)) { warnings.Add("an <action> has no name; skipped"); continue; }
            var attrs = a.Attributes().ToDictionary(x => x.Name.LocalName, x => x.Value, StringComparer.Ordinal);
            int? depth = null;
            if (attrs.TryGetValue("depth", out var dt))
            {
                if (int.TryParse(dt.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int d)) depth = d;
                else warnings.Add($"action '{aname}': depth '{dt}' is not an integer");
            }
            actions.Add(new ResourceAgentAction(aname,
                Time(attrs, "timeout", aname, warnings),
                Time(attrs, "interval", aname, warnings),
                depth,
                attrs.TryGetValue("role", out var role) && role.Trim().Length > 0 ? role.Trim() : null,
                Time(attrs, "start-delay", aname, warnings),
                attrs));
        }

        return new ResourceAgentDescription
        {
            Name = name,
            Provider = provider,
            Version = ((string?)root.Attribute("version"))?.Trim() is { Length: > 0 } v ? v : null,
            OcfVersion = AgentMetadataXml.Text(root.Element("version")),
            ShortDescription = AgentMetadataXml.Text(AgentMetadataXml.Localised(root, "shortdesc")),
            LongDescription = AgentMetadataXml.Text(AgentMetadataXml.Localised(root, "longdesc")),
            Fields = fields,
            UniqueGroups = groups.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal),
            ReloadableFields = reloadable,
            Actions = actions,
            DefaultTexts = defaultTexts,
            Warnings = warnings,
        };
    }

    private static OcfField ReadParameter(string name, XElement p, bool deprecated, List<string> warnings)
    {
        // score (may be INFINITY), timeout, duration, epoch_time, version, percentage, or unknown: a string, with the
        // type kept as an open specialtype.
        var (basic, special, options, def) = AgentMetadataXml.ReadContent(name, p,
            static t => t switch
            {
                "nonnegative_integer" => (OcfBasicType.Integer, "nonnegative_integer"),
                "port" => (OcfBasicType.Integer, OcfSpecialTypes.Port),
                _ => null,
            },
            warnUnknownType: false, warnDefaultNotAnOption: false, warnings);

        string? shortText = AgentMetadataXml.Text(AgentMetadataXml.Localised(p, "shortdesc"));
        string? longText = AgentMetadataXml.Text(AgentMetadataXml.Localised(p, "longdesc"));
        if (p.Element("deprecated") is { } dep && AgentMetadataXml.Text(AgentMetadataXml.Localised(dep, "desc")) is { } why)
            longText = longText is null ? $"Deprecated: {why}" : $"{longText}\nDeprecated: {why}";

        return new OcfField
        {
            FieldName = name,
            BasicType = basic,
            SpecialType = special ?? AgentMetadataXml.ResourceSpecialType(name, basic),
            ShortText = shortText,
            LongText = longText,
            Default = def,
            Required = AgentMetadataXml.Flag(p, "required"),
            Secret = AgentMetadataXml.IsSecretName(name, basic),
            EnumValues = options,
            Deprecated = deprecated,
            Unique = AgentMetadataXml.Flag(p, "unique"),
        };
    }

    private static TimeSpan? Time(Dictionary<string, string> attrs, string attribute, string action, List<string> warnings)
    {
        if (!attrs.TryGetValue(attribute, out var text) || text.Trim().Length == 0) return null;
        if (TryParseInterval(text, out var t)) return t;
        warnings.Add($"action '{action}': {attribute} '{text}' is not a time interval");
        return null;
    }

    /// <summary>
    /// Pacemaker's interval syntax: a number with an optional unit — ms/msec, us/usec, s/sec (the default), m/min,
    /// h/hr. ISO 8601 durations are not used by agents and are not accepted.
    /// </summary>
    public static bool TryParseInterval(string text, out TimeSpan interval)
    {
        interval = default;
        var m = Duration.Match(text);
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)) return false;
        double? ms = m.Groups[2].Value.ToLowerInvariant() switch
        {
            "" or "s" or "sec" or "secs" or "second" or "seconds" => number * 1000,
            "ms" or "msec" or "msecs" => number,
            "us" or "usec" or "usecs" => number / 1000,
            "m" or "min" or "mins" or "minute" or "minutes" => number * 60_000,
            "h" or "hr" or "hrs" or "hour" or "hours" => number * 3_600_000,
            _ => null,
        };
        if (ms is not { } value || value > TimeSpan.MaxValue.TotalMilliseconds) return false;
        interval = TimeSpan.FromMilliseconds(value);
        return true;
    }

    /// <summary>
    /// The environment that passes <paramref name="configuration"/> to the agent: <c>OCF_RESKEY_&lt;field name&gt;</c>
    /// for every non-nil value (aliases resolved to the field name; keys matching no field are passed under their own
    /// name). Strings as they are, numbers in invariant culture.
    /// <para>Booleans: OCF has no single spelling. ocf-shellfuncs' <c>ocf_is_true</c> accepts yes/true/1/on (and
    /// TRUE/YES/True/ON/ja), but several agents compare literally — IPaddr tests <c>case … in yes)</c>, tomcat compares
    /// with "YES" — and each agent's own default shows the spelling it expects (77 agents' booleans default to
    /// true/false, 18 to 1/0, 7 to yes/no/NO in resource-agents 4.12). So a boolean is written in the style of the
    /// field's declared default (1/0, yes/no or YES/NO, true/false); without a usable default, as "true"/"false",
    /// Pacemaker's own boolean spelling, which ocf_is_true accepts.</para>
    /// <para>Values equal to the declared default are left out unless <paramref name="includeDefaults"/> is set:
    /// agents apply their own defaults (Pacemaker passes only configured values), and some documented defaults are
    /// descriptive rather than literal (Dummy's state default contains the placeholder RESOURCE_ID).</para>
    /// </summary>
    public static IReadOnlyDictionary<string, string> ToEnvironment(ResourceAgentDescription agent, OcfMap configuration, bool includeDefaults = false)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in configuration)
        {
            if (value is OcfNil) continue;
            var field = OcfConfigurator.Find(agent.Fields, key);
            if (!includeDefaults && field?.Default is { } def && def.Equals(value)) continue;
            string name = field?.FieldName ?? key;
            if (name.Length == 0 || name.Contains('=') || name.Contains('\0'))
                throw new ArgumentException($"'{name}' cannot be part of an environment variable name.", nameof(configuration));
            string text = value switch
            {
                OcfBoolean b => BooleanText(b.Value, field is not null && agent.DefaultTexts.TryGetValue(field.FieldName, out var dt) ? dt : null),
                OcfInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
                OcfDouble d => d.Value.ToString("R", CultureInfo.InvariantCulture),
                OcfString s => s.Value,
                OcfDateTime t => t.Value.ToString("O", CultureInfo.InvariantCulture),
                _ => throw new ArgumentException($"The value of '{name}' is a {value.Kind}; resource agent parameters are scalars.", nameof(configuration)),
            };
            if (text.Contains('\0')) throw new ArgumentException($"The value of '{name}' contains a NUL character.", nameof(configuration));
            env["OCF_RESKEY_" + name] = text;
        }
        return env;
    }

    /// <summary>A boolean in the spelling of the field's declared default text (see <see cref="ToEnvironment"/>).</summary>
    public static string BooleanText(bool value, string? declaredDefaultText) => declaredDefaultText?.Trim() switch
    {
        "1" or "0" => value ? "1" : "0",
        "yes" or "no" => value ? "yes" : "no",
        "YES" or "NO" => value ? "YES" : "NO",
        "Yes" or "No" => value ? "Yes" : "No",
        "on" or "off" => value ? "on" : "off",
        "ON" or "OFF" => value ? "ON" : "OFF",
        _ => value ? "true" : "false",
    };
}
