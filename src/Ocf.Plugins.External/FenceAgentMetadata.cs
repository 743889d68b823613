using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ocf.Configuration;
using Ocf.Data;

namespace Ocf.Plugins.External;

/// <summary>One action a fence agent advertises (on, off, reboot, status, list, monitor, metadata, …).</summary>
/// <param name="Automatic">The <c>automatic</c> attribute of "on" (whether unfencing runs it automatically); null when absent.</param>
/// <param name="OnTarget">The <c>on_target</c> attribute: the action runs on the fenced node itself (fence_kdump-style agents).</param>
public sealed record FenceAgentAction(string Name, bool? Automatic = null, bool OnTarget = false);

/// <summary>Another name the same agent is installed under, with its own short description (e.g. fence_ilo3 for fence_ipmilan).</summary>
public sealed record FenceAgentSymlink(string Name, string? ShortDescription);

/// <summary>What <c>fence_X -o metadata</c> says about an agent, with the parameters imported as <see cref="OcfField"/>s.</summary>
public sealed record FenceAgentDescription
{
    /// <summary>The agent's name from the metadata (it follows the name the agent was invoked by, e.g. fence_ilo3).</summary>
    public required string Name { get; init; }
    public string? ShortDescription { get; init; }
    public string? LongDescription { get; init; }
    public string? VendorUrl { get; init; }
    public IReadOnlyList<FenceAgentSymlink> Symlinks { get; init; } = [];
    public IReadOnlyList<FenceAgentAction> Actions { get; init; } = [];
    /// <summary><see cref="Actions"/> as the framework's plain data, with every attribute as the agent wrote it.</summary>
    public IReadOnlyList<OcfPluginAction> PluginActions { get; init; } = [];
    /// <summary>Every parameter, in the agent's order, deprecated ones included (marked <see cref="OcfField.Deprecated"/>).</summary>
    public IReadOnlyList<OcfField> Fields { get; init; } = [];
    /// <summary>Field name → the raw getopt text, e.g. ip → "-a, --ip=[ip]".</summary>
    public IReadOnlyDictionary<string, string> Getopt { get; init; } = new Dictionary<string, string>();
    /// <summary>New parameter → the deprecated parameter it obsoletes (the agent's <c>obsoletes</c> attribute), e.g. ip → ipaddr.</summary>
    public IReadOnlyDictionary<string, string> Obsoletes { get; init; } = new Dictionary<string, string>();
    /// <summary>Oddities found while importing (a default that does not fit its type, …); the import still succeeded.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public IEnumerable<string> ActionNames => Actions.Select(a => a.Name);
    public OcfField? Field(string nameOrAlias) => OcfConfigurator.Find(Fields, nameOrAlias);

    /// <summary>The stdin text that drives the agent with <paramref name="configuration"/>; see <see cref="FenceAgentMetadata.ToStdin"/>.</summary>
    public string ToStdin(OcfMap configuration, bool includeDefaults = false) => FenceAgentMetadata.ToStdin(this, configuration, includeDefaults);
}

/// <summary>
/// Imports the XML a fence agent prints for <c>-o metadata</c> (fencing.py's format).
/// <list type="bullet">
/// <item>content type string / boolean / integer map to the same basic types; <c>second</c> to Integer with specialtype
/// "seconds" — fencing.py checks second values with <c>int()</c>, so "1.5" would be refused by the agent;
/// <c>select</c> to String with the <c>&lt;option value&gt;</c>s as enum values.</item>
/// <item>A default that does not parse as its declared type (no such case in fence-agents 4.12) downgrades the field
/// to String and is reported in <see cref="FenceAgentDescription.Warnings"/>.</item>
/// <item>The <c>obsoletes="old"</c> attribute sits on the <em>new</em> parameter (ip obsoletes="ipaddr"); the old one
/// carries <c>deprecated="1"</c>. Both are kept as fields; the old name becomes an alias of the new field, and the
/// deprecated field inherits the new one's secret flag and specialtype.</item>
/// <item>The getopt long option (<c>--username</c> of login, <c>--password-script</c> of password_script) becomes an alias
/// when it differs from the name and no other parameter already has that name or alias (non-deprecated parameters
/// claim first). fencing.py accepts long option names on stdin too, so the aliases are valid agent input.</item>
/// <item>Secrets and specialtypes are recognised by name (the metadata has no marker).</item>
/// </list>
/// </summary>
public static class FenceAgentMetadata
{
    private static readonly Regex LongOption = new(@"--([A-Za-z0-9][A-Za-z0-9._-]*)", RegexOptions.CultureInvariant);

    /// <summary>Parses metadata XML. <paramref name="agentName"/> names the agent in errors (the XML's own name wins in the result).</summary>
    /// <exception cref="AgentMetadataException">Malformed XML, a DTD, or XML that is not fence-agent metadata.</exception>
    public static FenceAgentDescription Parse(string xml, string agentName)
    {
        var doc = AgentMetadataXml.Load(xml, agentName, allowResourceAgentDoctype: false);
        var root = doc.Root!;
        if (root.Name.LocalName != "resource-agent")
            throw AgentMetadataXml.Invalid(agentName, root, $"the root element is <{root.Name.LocalName}>, not <resource-agent>");

        var warnings = new List<string>();
        string name = ((string?)root.Attribute("name"))?.Trim() is { Length: > 0 } n ? n : agentName;
        var raw = new List<RawParameter>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in root.Element("parameters")?.Elements("parameter") ?? [])
        {
            string? pname = ((string?)p.Attribute("name"))?.Trim();
            if (string.IsNullOrEmpty(pname)) throw AgentMetadataXml.Invalid(agentName, p, "a <parameter> has no name");
            if (!seen.Add(pname))
            {
                warnings.Add($"parameter '{pname}' is declared twice; the first declaration is used");
                continue;
            }
            raw.Add(ReadParameter(agentName, pname, p, warnings));
        }

        var fields = BuildFields(raw);
        var actions = (root.Element("actions")?.Elements("action") ?? []).Where(a => !string.IsNullOrWhiteSpace((string?)a.Attribute("name"))).ToArray();
        return new FenceAgentDescription
        {
            Name = name,
            ShortDescription = ((string?)root.Attribute("shortdesc"))?.Trim() is { Length: > 0 } sd ? sd : AgentMetadataXml.Text(AgentMetadataXml.Localised(root, "shortdesc")),
            LongDescription = AgentMetadataXml.Text(AgentMetadataXml.Localised(root, "longdesc")),
            VendorUrl = AgentMetadataXml.Text(root.Element("vendor-url")),
            Symlinks = root.Elements("symlink")
                .Where(s => !string.IsNullOrWhiteSpace((string?)s.Attribute("name")))
                .Select(s => new FenceAgentSymlink(((string)s.Attribute("name")!).Trim(), ((string?)s.Attribute("shortdesc"))?.Trim()))
                .ToArray(),
            Actions = actions
                .Select(a => new FenceAgentAction(((string)a.Attribute("name")!).Trim(),
                    a.Attribute("automatic") is null ? null : AgentMetadataXml.Flag(a, "automatic"),
                    AgentMetadataXml.Flag(a, "on_target")))
                .ToArray(),
            // fencing.py publishes no timeouts per action: only the name and flags such as automatic and on_target.
            PluginActions = actions
                .Select(a => new OcfPluginAction
                {
                    Name = ((string)a.Attribute("name")!).Trim(),
                    Attributes = a.Attributes().Where(x => x.Name.LocalName != "name").ToDictionary(x => x.Name.LocalName, x => x.Value, StringComparer.Ordinal),
                })
                .ToArray(),
            Fields = fields,
            Getopt = raw.Where(r => r.Getopt is not null).ToDictionary(r => r.Name, r => r.Getopt!, StringComparer.Ordinal),
            Obsoletes = raw.Where(r => r.Obsoletes is not null).ToDictionary(r => r.Name, r => r.Obsoletes!, StringComparer.Ordinal),
            Warnings = warnings,
        };
    }

    /// <summary>
    /// The <c>key=value</c> lines that drive a fence agent on stdin, from a (normalised) configuration: field names
    /// (aliases resolved), booleans as 1/0 (what fencing.py writes back for flags), numbers invariant. Values equal to
    /// the field's declared default are left out unless <paramref name="includeDefaults"/>: the agent applies its own
    /// defaults, and some documented defaults are descriptive (e.g. "[hash].token"). A key or value containing a line
    /// break is refused, since it would smuggle in another key.
    /// </summary>
    public static string ToStdin(FenceAgentDescription agent, OcfMap configuration, bool includeDefaults = false)
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in configuration)
        {
            if (value is OcfNil) continue;
            var field = OcfConfigurator.Find(agent.Fields, key);
            if (!includeDefaults && field?.Default is { } def && def.Equals(value)) continue;
            string name = field?.FieldName ?? key;
            string text = value switch
            {
                OcfBoolean b => b.Value ? "1" : "0",
                OcfInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
                OcfDouble d => d.Value.ToString("R", CultureInfo.InvariantCulture),
                OcfString s => s.Value,
                _ => throw new ArgumentException($"The value of '{name}' is a {value.Kind}; fence agents take scalar values.", nameof(configuration)),
            };
            if (name.Length == 0 || name.IndexOfAny(['=', '\n', '\r']) >= 0 || name.StartsWith('#'))
                throw new ArgumentException($"'{name}' is not a usable fence-agent parameter name.", nameof(configuration));
            if (text.IndexOfAny(['\n', '\r']) >= 0)
                throw new ArgumentException($"The value of '{name}' contains a line break, which the agent's stdin format cannot carry.", nameof(configuration));
            sb.Append(name).Append('=').Append(text).Append('\n');
        }
        return sb.ToString();
    }

    private sealed record RawParameter(OcfField Field, string? Getopt, string? LongOption, string? Obsoletes)
    {
        public string Name => Field.FieldName;
    }

    private static RawParameter ReadParameter(string agent, string name, XElement p, List<string> warnings)
    {
        string? getopt = ((string?)p.Element("getopt")?.Attribute("mixed"))?.Trim();
        string? longOption = getopt is null ? null : LongOption.Match(getopt) is { Success: true } m ? m.Groups[1].Value : null;
        var (basic, special, options, def) = AgentMetadataXml.ReadContent(name, p,
            static t => t == "second" ? (OcfBasicType.Integer, OcfSpecialTypes.Seconds) : null,
            warnUnknownType: true, warnDefaultNotAnOption: true, warnings);

        string? obsoletes = ((string?)p.Attribute("obsoletes"))?.Trim() is { Length: > 0 } o ? o : null;
        var field = new OcfField
        {
            FieldName = name,
            BasicType = basic,
            SpecialType = special ?? AgentMetadataXml.FenceSpecialType(name, basic),
            ShortText = AgentMetadataXml.Text(AgentMetadataXml.Localised(p, "shortdesc")),
            LongText = getopt is null ? null : $"Command line: {getopt}",
            Default = def,
            Required = AgentMetadataXml.Flag(p, "required"),
            Secret = AgentMetadataXml.IsSecretName(name, basic),
            EnumValues = options,
            Deprecated = AgentMetadataXml.Flag(p, "deprecated"),
        };
        return new RawParameter(field, getopt, longOption, obsoletes);
    }

    private static OcfField[] BuildFields(List<RawParameter> raw)
    {
        var names = raw.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var claimed = new HashSet<string>(names, StringComparer.Ordinal);
        var aliases = raw.ToDictionary(r => r.Name, _ => new List<string>(), StringComparer.Ordinal);
        // deprecated name → the parameter that replaces it
        var replacedBy = new Dictionary<string, RawParameter>(StringComparer.Ordinal);

        foreach (var r in raw)
        {
            if (r.Obsoletes is not { } old) continue;
            replacedBy.TryAdd(old, r);
            aliases[r.Name].Add(old);
            claimed.Add(old);
        }
        // Current parameters claim their long option names before deprecated ones (ipaddr shares --ip with ip).
        foreach (var r in raw.OrderBy(r => r.Field.Deprecated ? 1 : 0))
        {
            if (r.LongOption is not { } lo || lo == r.Name || !claimed.Add(lo)) continue;
            aliases[r.Name].Add(lo);
        }

        var result = new OcfField[raw.Count];
        for (int i = 0; i < raw.Count; i++)
        {
            var r = raw[i];
            var f = r.Field with { Aliases = aliases[r.Name].Distinct(StringComparer.Ordinal).ToArray() };
            if (replacedBy.TryGetValue(r.Name, out var successor))
            {
                f = f with
                {
                    Deprecated = true,
                    Secret = f.Secret || successor.Field.Secret,
                    SpecialType = f.SpecialType ?? successor.Field.SpecialType,
                    LongText = (f.LongText is null ? "" : f.LongText + " ") + $"Deprecated: use '{successor.Name}'.",
                };
            }
            result[i] = f;
        }
        return result;
    }
}
