using Ocf.Configuration;

namespace Ocf.Plugins;

/// <summary>The names of plugin types. PluginHandler is the only one built in; every other type has a handler plugin.</summary>
public static class OcfPluginTypes
{
    public const string PluginHandler = "PluginHandler";
    public const string Encoding = "encoding";
    public const string Catalog = "catalog";
    public const string Stonith = "stonith";
    public const string Resource = "resource";
    public const string Transport = "transport";
    public const string Authentication = "authentication";
    public const string PacketTransform = "packet-transform";
}

/// <summary>
/// A plugin of type PluginHandler: it manages one plugin type (its contract interface and API version) and is told when
/// plugins of that type are registered and unregistered.
/// </summary>
public interface IOcfPluginHandler
{
    /// <summary>The plugin type this handler manages, e.g. "encoding".</summary>
    string PluginType { get; }
    /// <summary>The interface every plugin of the type implements.</summary>
    Type Contract { get; }
    /// <summary>Plugins built for another major version are refused; a newer minor version still loads.</summary>
    Version ApiVersion { get; }
    string Description { get; }
    void OnRegistered(OcfPluginRegistration plugin);
    void OnUnregistered(OcfPluginRegistration plugin);
}

/// <summary>A registered plugin as its handler sees it.</summary>
public sealed class OcfPluginRegistration
{
    internal OcfPluginRegistration(string pluginType, string name, string module, Version apiVersion, object instance, string? description, string source, OcfPluginManager manager)
    {
        Manager = manager;
        PluginType = pluginType;
        Name = name;
        Module = module;
        ApiVersion = apiVersion;
        Instance = instance;
        Description = description;
        Source = source;
    }

    public string PluginType { get; }
    public string Name { get; }
    public string Module { get; }
    public Version ApiVersion { get; }
    /// <summary>The plugin object, typed as the plugin type's contract interface.</summary>
    public object Instance { get; }
    public string? Description { get; }
    /// <summary>The module assembly's path.</summary>
    public string Source { get; }
    /// <summary>The manager registering the plugin (handlers reach shared registries, such as its codecs, through it).</summary>
    public OcfPluginManager Manager { get; }
}

/// <summary>A self-configuring plugin publishes the fields needed to configure the objects it creates.</summary>
public interface IOcfSelfConfiguring
{
    IReadOnlyList<OcfField> Fields { get; }

    /// <summary>The operations the plugin advertises (an external agent's actions); none unless the plugin says so.</summary>
    IReadOnlyList<OcfPluginAction> Actions => Array.Empty<OcfPluginAction>();
}

/// <summary>
/// A plugin of type "catalog": it lists further plugins found at run time rather than compiled in
/// (external fence agents and resource agents), each with its field metadata.
/// </summary>
public interface IOcfPluginCatalog
{
    IReadOnlyList<OcfCatalogEntry> Enumerate(CancellationToken cancellationToken = default);

    /// <summary>The plugin types this catalog can provide, when it knows without listing (null: any).</summary>
    IReadOnlyCollection<string>? PluginTypes => null;

    /// <summary>
    /// One plugin by type and name, or null. Catalogs whose listing is expensive (running every external agent)
    /// override this to look at just that one; the default searches <see cref="Enumerate"/>.
    /// </summary>

    OcfCatalogEntry? Find(string pluginType, string name, CancellationToken cancellationToken = default) =>
        Enumerate(cancellationToken).FirstOrDefault(e =>
            string.Equals(e.PluginType, pluginType, StringComparison.OrdinalIgnoreCase) && string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One plugin a catalog found: its type, name, where it lives, and its configuration fields.</summary>
public sealed record OcfCatalogEntry(
    string PluginType,
    string Name,
    string Source,
    string? Description,
    IReadOnlyList<OcfField> Fields,
    string? Version = null,
    object? Details = null)
{
    /// <summary>The plugin object, implementing the plugin type's interface (e.g. IOcfStonithPlugin), when the catalog can provide one.</summary>
    public object? Plugin { get; init; }

    /// <summary>The operations the plugin advertises, as plain data (an agent's actions with timeouts and intervals).</summary>
    public IReadOnlyList<OcfPluginAction> Actions { get; init; } = [];
}
