using System.Runtime.CompilerServices;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins;
using Ocf.TestModules.Widgets;

[assembly: OcfModule("Ocf.TestModules.Widgets", Description = "Test module: widgets with rich field metadata.")]
[assembly: OcfExport("widget", "basic", typeof(BasicWidget), ApiVersion = "1.0", Description = "A widget built for API 1.0.")]
[assembly: OcfExport("widget", "newer-minor", typeof(NewerMinorWidget), ApiVersion = "1.5", Description = "A widget built for API 1.5 (a newer minor version than the handler's 1.2).")]

namespace Ocf.TestModules.Widgets;

/// <summary>The field list both exported widgets publish: one field of every kind the configurator checks.</summary>
public static class WidgetFields
{
    // Plain arrays (not collection expressions, which would synthesise a list type inside this module): the
    // metadata then holds framework types only, and a caller keeping it does not keep this module loaded.
    public static IReadOnlyList<OcfField> Create() => new OcfField[]
    {
        new() { FieldName = "name", BasicType = OcfBasicType.String, Required = true, Length = 16, Regex = "[a-z][a-z0-9-]*",
                ShortText = "Widget name", Aliases = new[] { "widget_name" }, Unique = true },
        new() { FieldName = "port", BasicType = OcfBasicType.Integer, SpecialType = OcfSpecialTypes.Port, Default = new OcfInteger(8080),
                ShortText = "TCP port" },
        new() { FieldName = "enabled", BasicType = OcfBasicType.Boolean, Default = OcfBoolean.True },
        new() { FieldName = "ratio", BasicType = OcfBasicType.Double },
        new() { FieldName = "mode", BasicType = OcfBasicType.String, EnumValues = new[] { "fast", "safe", "off" }, Default = new OcfString("safe") },
        new() { FieldName = "password", BasicType = OcfBasicType.String, SpecialType = OcfSpecialTypes.Password, Secret = true,
                Length = 32, Aliases = new[] { "passwd" } },
        new() { FieldName = "tags", BasicType = OcfBasicType.String, IsArray = true, MinCount = 1, MaxCount = 3 },
        new()
        {
            FieldName = "ports", Class = OcfFieldClass.Struct, IsArray = true, MinCount = 1,
            SubFields = new OcfField[]
            {
                new() { FieldName = "host", BasicType = OcfBasicType.String, SpecialType = OcfSpecialTypes.Host, Required = true },
                new() { FieldName = "port", BasicType = OcfBasicType.Integer, SpecialType = OcfSpecialTypes.Port, Default = new OcfInteger(22) },
            },
        },
        // A specialtype no consumer knows: the paper's fallback is basictype + length + regex.
        new() { FieldName = "gizmo", BasicType = OcfBasicType.String, SpecialType = "frobnicator", Length = 8, Regex = "frob-[0-9]+" },
        // A field name that is not its own PascalCase parameter name (-RetryCount), so the name itself is an alias.
        new() { FieldName = "retry_count", BasicType = OcfBasicType.Integer, Default = new OcfInteger(3) },
    };
}

/// <summary>
/// An instantiable widget: from a valid configuration it creates its endpoints, one "host:port" per <c>ports</c> entry
/// (a BCL list, so tests never need this module's types). It advertises one action, as external agents do.
/// </summary>
public sealed class BasicWidget : IOcfInstantiable<IReadOnlyList<string>>
{
    public IReadOnlyList<OcfField> Fields { get; } = WidgetFields.Create();

    public IReadOnlyList<OcfPluginAction> Actions { get; } = new[]
    {
        new OcfPluginAction { Name = "spin", Timeout = TimeSpan.FromSeconds(30), Interval = TimeSpan.FromMinutes(1), Depth = 0 },
    };

    // The framework validated and normalised the configuration: ports is a list of maps, each with a host and a port.
    public IReadOnlyList<string> Create(OcfMap configuration) =>
        new WidgetEndpoints(((OcfList)configuration["ports"])
            .Select(p => (OcfMap)p)
            .Select(p => $"{((OcfString)p["host"]).Value}:{((OcfInteger)p["port"]).Value}")
            .ToArray());
}

/// <summary>What a basic widget creates. Disposable, and unusable once disposed, so tests can see who disposed it.</summary>
public sealed class WidgetEndpoints(string[] endpoints) : IReadOnlyList<string>, IDisposable
{
    private bool _disposed;

    private string[] Endpoints => _disposed ? throw new ObjectDisposedException(nameof(WidgetEndpoints)) : endpoints;

    public int Count => Endpoints.Length;
    public string this[int index] => Endpoints[index];
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)Endpoints).GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    public void Dispose() => _disposed = true;
}

public sealed class NewerMinorWidget : IOcfSelfConfiguring
{
    public IReadOnlyList<OcfField> Fields { get; } = WidgetFields.Create();
}

/// <summary>A perfectly good widget that is not exported: explicit exporting means nobody can reach it.</summary>
public sealed class HiddenWidget : IOcfSelfConfiguring
{
    public IReadOnlyList<OcfField> Fields { get; } = WidgetFields.Create();
}

/// <summary>
/// Leaves a marker file beside the module when any of its code first runs, so tests can prove that discovery
/// (which reads metadata only) ran none of it.
/// </summary>
internal static class RanMarker
{
    public const string FileName = "module-code-ran.marker";

#pragma warning disable CA2255 // A module initializer is exactly what proves "no module code ran".
    [ModuleInitializer]
    internal static void Initialize()
    {
        string? folder = Path.GetDirectoryName(typeof(RanMarker).Assembly.Location);
        if (!string.IsNullOrEmpty(folder)) File.WriteAllText(Path.Combine(folder, FileName), "ran");
    }
#pragma warning restore CA2255
}
