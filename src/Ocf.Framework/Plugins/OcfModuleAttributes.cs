namespace Ocf.Plugins;

/// <summary>
/// Marks an assembly as an Ocf module. Discovery reads this (and <see cref="OcfExportAttribute"/>) from the
/// assembly's metadata without loading it or running any of its code.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class OcfModuleAttribute(string name) : Attribute
{
    public string Name { get; } = name;
    public string? Description { get; set; }
}

/// <summary>
/// Explicit interface exporting: declares one plugin of a module, for one plugin type. Only declared classes are
/// ever instantiated, and callers only ever hold the plugin type's interface.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class OcfExportAttribute(string pluginType, string name, Type implementation) : Attribute
{
    public string PluginType { get; } = pluginType;
    public string Name { get; } = name;
    public Type Implementation { get; } = implementation;
    /// <summary>The plugin type API version the plugin was built for ("major.minor").</summary>
    public string ApiVersion { get; set; } = "1.0";
    public string? Description { get; set; }
    /// <summary>
    /// Other names the plugin answers to (case-insensitive), e.g. a codec's "HaMsg". Declared here, not only in code,
    /// so a lookup by alias finds the module from metadata before any of its code has run.
    /// </summary>
    public string[] Aliases { get; set; } = [];
}
