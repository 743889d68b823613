using Ocf.Data;

namespace Ocf.Plugins;

/// <summary>
/// One operation a plugin advertises: an external agent's action (start, monitor, off, …) with the timeout, interval
/// and depth its metadata advises. Plain data: <see cref="OcfPluginActionCodec"/> turns it into a map and back, so it
/// travels through any codec with the rest of the metadata.
/// </summary>
public sealed record OcfPluginAction : IOcfValueSource
{
    /// <summary>The wrapped form (<see cref="OcfPluginActionCodec.ToValue(OcfPluginAction)"/>).</summary>
    public OcfValue ToOcfValue() => OcfPluginActionCodec.ToValue(this);

    public required string Name { get; init; }
    /// <summary>The advised timeout of the action.</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>How often a recurring action (monitor) runs; null for one-shot actions.</summary>
    public TimeSpan? Interval { get; init; }
    /// <summary>The monitor depth (OCF: 0 is the cheapest check).</summary>
    public int? Depth { get; init; }
    /// <summary>The role the entry applies to (a monitor may be listed once per role), e.g. "Promoted".</summary>
    public string? Role { get; init; }
    public TimeSpan? StartDelay { get; init; }
    /// <summary>Every attribute but the name, exactly as the agent wrote it (e.g. timeout "20s", a fence agent's automatic="0").</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = Empty;

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    // Value equality over the attributes too (a record compares dictionaries by reference), so round-trips compare.
    public bool Equals(OcfPluginAction? other) =>
        other is not null && Name == other.Name && Timeout == other.Timeout && Interval == other.Interval && Depth == other.Depth
        && Role == other.Role && StartDelay == other.StartDelay
        && Attributes.Count == other.Attributes.Count && Attributes.All(kv => other.Attributes.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public override int GetHashCode() => HashCode.Combine(Name, Timeout, Interval, Depth, Role, StartDelay, Attributes.Count);

    public override string ToString() => Name;
}

/// <summary>Actions as plain data: durations as whole milliseconds (<c>timeout_ms</c>, …), the raw attributes as a map.</summary>
public static class OcfPluginActionCodec
{
    public static OcfList ToValue(IEnumerable<OcfPluginAction> actions) => new(actions.Select(a => (OcfValue)ToValue(a)));

    public static OcfMap ToValue(OcfPluginAction a)
    {
        var b = new OcfMapBuilder().Add("name", a.Name);
        if (a.Timeout is { } t) b.Add("timeout_ms", Milliseconds(t));
        if (a.Interval is { } i) b.Add("interval_ms", Milliseconds(i));
        if (a.Depth is { } d) b.Add("depth", d);
        if (a.Role is not null) b.Add("role", a.Role);
        if (a.StartDelay is { } s) b.Add("start_delay_ms", Milliseconds(s));
        if (a.Attributes.Count > 0)
        {
            var attributes = new OcfMapBuilder();
            foreach (var (k, v) in a.Attributes.OrderBy(kv => kv.Key, StringComparer.Ordinal)) attributes.Add(k, v);
            b.Add("attributes", attributes.Build());
        }
        return b.Build();
    }

    public static IReadOnlyList<OcfPluginAction> ActionsFromValue(OcfValue value) =>
        value is OcfList l ? l.Select((v, i) => FromValue(v, $"[{i}]")).ToArray()
        : throw new FormatException("Action metadata is a list of action maps.");

    /// <exception cref="FormatException">The value is not an action map; the message names the path and key.</exception>
    public static OcfPluginAction FromValue(OcfValue value, string path = "$")
    {
        if (value is not OcfMap m) throw new FormatException($"{path}: an action is a map.");
        string? Str(string key) => !m.TryGetValue(key, out var v) ? null
            : v is OcfString s ? s.Value : throw new FormatException($"{path}.{key}: a string is expected.");
        long? Int(string key) => !m.TryGetValue(key, out var v) ? null
            : v is OcfInteger i ? i.Value : throw new FormatException($"{path}.{key}: an integer is expected.");
        TimeSpan? Ms(string key) => Int(key) is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (m.TryGetValue("attributes", out var av))
        {
            if (av is not OcfMap am) throw new FormatException($"{path}.attributes: a map of strings is expected.");
            foreach (var (k, v) in am)
                attributes[k] = v is OcfString s ? s.Value : throw new FormatException($"{path}.attributes.{k}: a string is expected.");
        }
        return new OcfPluginAction
        {
            Name = Str("name") ?? throw new FormatException($"{path}.name: required string missing."),
            Timeout = Ms("timeout_ms"),
            Interval = Ms("interval_ms"),
            Depth = Int("depth") is { } d ? checked((int)d) : null,
            Role = Str("role"),
            StartDelay = Ms("start_delay_ms"),
            Attributes = attributes,
        };
    }

    private static long Milliseconds(TimeSpan t) => (long)Math.Round(t.TotalMilliseconds, MidpointRounding.AwayFromZero);
}
