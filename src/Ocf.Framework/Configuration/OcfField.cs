using Ocf.Data;

namespace Ocf.Configuration;

/// <summary>
/// One configuration field of a self-configuring plugin (the paper's field metadata). Immutable; built with
/// object initialisers. <see cref="OcfFieldCodec"/> turns it into plain data (an <see cref="OcfMap"/>) and back,
/// so metadata travels through any codec.
/// </summary>
public sealed record OcfField : IOcfValueSource
{
    /// <summary>The paper's wrapped form (<see cref="OcfFieldCodec.ToValue(OcfField)"/>).</summary>
    public OcfValue ToOcfValue() => OcfFieldCodec.ToValue(this);

    public required string FieldName { get; init; }
    public string? Label { get; init; }
    public OcfBasicType BasicType { get; init; } = OcfBasicType.String;
    /// <summary>Open-ended refinement (ipv4, hostname, port, tty, password, path, …); see <see cref="OcfSpecialTypes"/>.</summary>
    public string? SpecialType { get; init; }
    /// <summary>Maximum length of a string value.</summary>
    public int? Length { get; init; }
    /// <summary>A .NET regular expression the whole string value must match.</summary>
    public string? Regex { get; init; }
    public string? ShortText { get; init; }
    public string? LongText { get; init; }
    public OcfValue? Default { get; init; }
    public bool Required { get; init; }
    /// <summary>Never printed, logged or serialised in clear; SecureString in PowerShell.</summary>
    public bool Secret { get; init; }
    public IReadOnlyList<string>? EnumValues { get; init; }
    public bool IsArray { get; init; }
    public int? MinCount { get; init; }
    public int? MaxCount { get; init; }
    public OcfFieldClass Class { get; init; } = OcfFieldClass.Simple;
    public IReadOnlyList<OcfField> SubFields { get; init; } = [];
    /// <summary>Other names accepted for this field (e.g. a fence agent's getopt long option, or the names it obsoletes).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
    /// <summary>Kept for compatibility only; UIs may hide it.</summary>
    public bool Deprecated { get; init; }
    /// <summary>
    /// No two objects configured from the same plugin may share this field's value (an OCF resource agent's
    /// <c>unique="1"</c>). A cluster manager checks it across objects; validating one configuration cannot.
    /// </summary>
    public bool Unique { get; init; }

    /// <summary>Display label: the label if given, else the field name.</summary>
    public string DisplayName => Label ?? FieldName;
}
