using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Ocf.Configuration;
using Ocf.Data;

namespace Ocf.Plugins.External;

/// <summary>Why an agent's metadata was refused.</summary>
public enum AgentMetadataErrorKind
{
    /// <summary>Not well-formed XML.</summary>
    Malformed,
    /// <summary>The XML carries a DTD (a document type declaration that could define or pull in entities).</summary>
    DtdRefused,
    /// <summary>Well-formed XML that is not agent metadata (wrong root element, a parameter without a name, …).</summary>
    Invalid,
}

/// <summary>An agent's metadata could not be imported. Carries the agent and, when known, the line and column.</summary>
public sealed class AgentMetadataException : FormatException
{
    public AgentMetadataException(string agentName, AgentMetadataErrorKind kind, string reason, int lineNumber = 0, int linePosition = 0, Exception? inner = null)
        : base(Compose(agentName, reason, lineNumber, linePosition), inner)
    {
        AgentName = agentName;
        Kind = kind;
        Reason = reason;
        LineNumber = lineNumber;
        LinePosition = linePosition;
    }

    public string AgentName { get; }
    public AgentMetadataErrorKind Kind { get; }
    /// <summary>The message without the agent name and position.</summary>
    public string Reason { get; }
    /// <summary>1-based line of the problem; 0 when unknown.</summary>
    public int LineNumber { get; }
    public int LinePosition { get; }

    private static string Compose(string agent, string reason, int line, int position) =>
        line > 0 ? $"Metadata of agent '{agent}', line {line}, position {position}: {reason}" : $"Metadata of agent '{agent}': {reason}";
}

/// <summary>The safe XML loading and the naming conventions shared by the fence-agent and resource-agent importers.</summary>
internal static class AgentMetadataXml
{
    /// <summary>Agent metadata is a few kilobytes; anything near this is not metadata.</summary>
    private const long MaxCharacters = 8 * 1024 * 1024;

    // The one DOCTYPE OCF resource agents print: an external id only ("ra-api-1.dtd"), no internal subset.
    private static readonly Regex ResourceAgentDoctype = new(
        @"\A<!DOCTYPE\s+resource-agent\s+(?:SYSTEM\s+(?:""[^""<>\[\]]*""|'[^'<>\[\]]*')|PUBLIC\s+(?:""[^""<>\[\]]*""|'[^'<>\[\]]*')\s+(?:""[^""<>\[\]]*""|'[^'<>\[\]]*'))\s*>\z",
        RegexOptions.CultureInvariant);

    /// <summary>
    /// Parses <paramref name="xml"/> with an <see cref="XmlReader"/> that prohibits DTDs and resolves nothing.
    /// With <paramref name="allowResourceAgentDoctype"/>, the standard bodiless <c>&lt;!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd"&gt;</c>
    /// that every OCF resource agent prints is blanked out first (keeping line numbers), since it declares nothing;
    /// any other DOCTYPE, in particular one with an internal subset, is refused.
    /// </summary>
    public static XDocument Load(string xml, string agentName, bool allowResourceAgentDoctype)
    {
        ArgumentNullException.ThrowIfNull(xml);
        int doctype = xml.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (doctype >= 0 && allowResourceAgentDoctype)
        {
            int end = xml.IndexOf('>', doctype);
            int root = xml.IndexOf("<resource-agent", StringComparison.Ordinal);
            if (end > doctype && (root < 0 || doctype < root) && ResourceAgentDoctype.IsMatch(xml.AsSpan(doctype, end - doctype + 1)))
            {
                var chars = xml.ToCharArray();
                for (int i = doctype; i <= end; i++) if (chars[i] is not '\n' and not '\r') chars[i] = ' ';
                xml = new string(chars);
                doctype = -1;
            }
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            // The prohibition is reported without a position; the DOCTYPE's own position is the useful one.
            var (line, column) = doctype >= 0 ? PositionOf(xml, doctype) : (0, 0);
            bool dtd = doctype >= 0 && (e.LineNumber == 0 || e.LineNumber == line);
            throw dtd
                ? new AgentMetadataException(agentName, AgentMetadataErrorKind.DtdRefused,
                    "a DTD (document type declaration) is not accepted in agent metadata", line, column, e)
                : new AgentMetadataException(agentName, AgentMetadataErrorKind.Malformed, e.Message, e.LineNumber, e.LinePosition, e);
        }
    }

    /// <summary>1-based line and column of <paramref name="index"/>, counting line breaks as XML does (CRLF, CR, LF).</summary>
    private static (int Line, int Column) PositionOf(string text, int index)
    {
        int line = 1, start = 0;
        for (int i = 0; i < index; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
                start = i + 1;
            }
        }
        return (line, index - start + 1);
    }

    public static AgentMetadataException Invalid(string agent, XObject? at, string reason)
    {
        var info = at as IXmlLineInfo;
        return new AgentMetadataException(agent, AgentMetadataErrorKind.Invalid, reason,
            info?.HasLineInfo() == true ? info.LineNumber : 0, info?.HasLineInfo() == true ? info.LinePosition : 0);
    }

    /// <summary>Element text with surrounding white space removed; null when absent or empty.</summary>
    public static string? Text(XElement? element)
    {
        if (element is null) return null;
        string t = element.Value.Trim();
        return t.Length == 0 ? null : t;
    }

    /// <summary>The English (or unmarked, or else the first) child of that name: descriptions may come in several languages.</summary>
    public static XElement? Localised(XElement parent, string name)
    {
        XElement? first = null;
        foreach (var e in parent.Elements(name))
        {
            first ??= e;
            string? lang = (string?)e.Attribute("lang") ?? (string?)e.Attribute(XNamespace.Xml + "lang");
            if (lang is null || lang.StartsWith("en", StringComparison.OrdinalIgnoreCase)) return e;
        }
        return first;
    }

    public static bool Flag(XElement e, string attribute) =>
        (string?)e.Attribute(attribute) is { } v && (v.Trim() is "1" or "true" or "yes" or "TRUE" or "True" or "YES");

    /// <summary>
    /// A default as a value of the declared basic type. An empty default of a non-string type means "no default";
    /// a default that does not parse as the type means the declared type is wrong (real agents have
    /// <c>type="integer" default="pingd"</c>), so the caller falls back to a string field and keeps the text.
    /// </summary>
    public static bool TryTypedDefault(OcfBasicType type, string text, out OcfValue? value)
    {
        if (type == OcfBasicType.String) { value = new OcfString(text); return true; }
        if (text.Trim().Length == 0) { value = null; return true; }
        value = OcfConfigurator.Coerce(type, new OcfString(text));
        return value is not null;
    }

    /// <summary>
    /// A parameter's &lt;content&gt;: its type as basic type + specialtype, the options of a select, and its default.
    /// The common types are read here; <paramref name="agentType"/> maps the agent family's own ("second", "port"...);
    /// any other type is a string with the type kept as an open specialtype. A default that does not parse as its type
    /// turns the field into a plain string field that keeps the text (with a warning).
    /// </summary>
    public static ParameterContent ReadContent(string name, XElement parameter, Func<string, (OcfBasicType Basic, string? Special)?> agentType,
        bool warnUnknownType, bool warnDefaultNotAnOption, List<string> warnings)
    {
        var content = parameter.Element("content");
        string type = ((string?)content?.Attribute("type"))?.Trim().ToLowerInvariant() ?? "string";
        string? defaultText = (string?)content?.Attribute("default");
        OcfBasicType basic;
        string? special = null;
        IReadOnlyList<string>? options = null;
        switch (type)
        {
            case "string": basic = OcfBasicType.String; break;
            case "boolean": basic = OcfBasicType.Boolean; break;
            case "integer": basic = OcfBasicType.Integer; break;
            case "select":
                basic = OcfBasicType.String;
                options = (content?.Elements("option") ?? []).Select(o => (string?)o.Attribute("value")).OfType<string>().ToArray();
                break;
            default:
                if (agentType(type) is { } known) (basic, special) = known;
                else
                {
                    basic = OcfBasicType.String;
                    special = type;
                    if (warnUnknownType) warnings.Add($"parameter '{name}' has the unknown content type '{type}'; imported as a string");
                }
                break;
        }

        OcfValue? value = null;
        if (defaultText is not null)
        {
            if (!TryTypedDefault(basic, defaultText, out value))
            {
                warnings.Add($"parameter '{name}': default '{defaultText}' is not a valid {type}; imported as a string field");
                basic = OcfBasicType.String;
                special = null;
                value = new OcfString(defaultText);
            }
            if (warnDefaultNotAnOption && options is { Count: > 0 } && value is OcfString ds && !options.Contains(ds.Value))
                warnings.Add($"parameter '{name}': default '{defaultText}' is not one of its options");
        }
        return new ParameterContent(basic, special, options, value);
    }

    // ------------------------------------------------------------------ naming conventions

    private static readonly Regex SecretWord = new(
        @"(^|[_-])(pass|passwd|password|passphrase|secret|token|apikey|api[_-]key|secret[_-]key|community|kg)([_-]|$)|password$|passwd$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex PathLike = new(@"(^|[_-])(file|path|script)$|^(logfile|kubeconfig|openrc|cacert|tlscert|tlskey)$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>
    /// Neither fence agents nor resource agents mark secrets, so they are recognised by name: password, passwd,
    /// passphrase, *_password, *_passwd, the password scripts (password_script, passwd_script,
    /// snmp_priv_passwd_script: they produce the password), apikey / api_key, token, secret, secret_key, the SNMP
    /// community (it is SNMP's password) and the IPMI Kg key (hexadecimal_kg). Only string fields: a boolean such
    /// as check_passwd_use_empty is not secret. Files that merely hold a secret (token_file, key_file) are paths, not secrets.
    /// </summary>
    public static bool IsSecretName(string name, OcfBasicType type)
    {
        if (type != OcfBasicType.String) return false;
        string n = name.ToLowerInvariant();
        if (n.EndsWith("_script", StringComparison.Ordinal) || n.EndsWith("-script", StringComparison.Ordinal))
            return n.Contains("pass", StringComparison.Ordinal);
        if (n.EndsWith("_file", StringComparison.Ordinal) || n.EndsWith("-file", StringComparison.Ordinal) || n.EndsWith("_path", StringComparison.Ordinal)) return false;
        return SecretWord.IsMatch(n) || n == "hexadecimal_kg";
    }

    /// <summary>Fence-agent specialtypes by parameter name (fencing.py's shared option names).</summary>
    public static string? FenceSpecialType(string name, OcfBasicType type)
    {
        switch (name)
        {
            case "ip" or "ipaddr": return OcfSpecialTypes.Host;
            case "ipport" or "proxyport": return type == OcfBasicType.Integer ? OcfSpecialTypes.Port : null;
            case "proxyhost": return OcfSpecialTypes.Host;
            case "serial_port": return OcfSpecialTypes.Tty;
            case "identity_file" or "ssh_path": return OcfSpecialTypes.Path;
            case "api_path": return null; // "the path part of the API URL", not a file
        }
        if (type == OcfBasicType.String && PathLike.IsMatch(name)) return OcfSpecialTypes.Path;
        return null;
    }

    /// <summary>Resource-agent specialtypes by parameter name: only TCP/UDP ports are recognisable with confidence.</summary>
    public static string? ResourceSpecialType(string name, OcfBasicType type)
    {
        if (type is not (OcfBasicType.Integer or OcfBasicType.String)) return null;
        string n = name.ToLowerInvariant();
        if (n.Contains("infiniband", StringComparison.Ordinal) || n.Contains("serial", StringComparison.Ordinal)) return null;
        return n == "port" || n.EndsWith("_port", StringComparison.Ordinal) || n is "pgport" or "migrateport" or "serverport"
            ? OcfSpecialTypes.Port : null;
    }

    public static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What a parameter's &lt;content&gt; says: type, select options, default.</summary>
internal readonly record struct ParameterContent(OcfBasicType Basic, string? Special, IReadOnlyList<string>? Options, OcfValue? Default);
