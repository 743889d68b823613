namespace Ocf.Plugins;

/// <summary>Why a plugin operation failed, for callers that map failures to error categories.</summary>
public enum OcfPluginErrorKind
{
    /// <summary>Loading or registration failed (bad module, version mismatch, duplicate, missing handler, a throwing plugin).</summary>
    Failed,
    /// <summary>The module, file or plugin does not exist or is not loaded.</summary>
    NotFound,
    /// <summary>An unload was refused because something still uses the module.</summary>
    InUse,
}

/// <summary>A module or plugin could not be found, loaded, registered or unloaded; the message says which and why.</summary>
public sealed class OcfPluginException : InvalidOperationException
{
    public OcfPluginException(string message, string? module = null, string? pluginType = null, string? plugin = null, Exception? inner = null,
        OcfPluginErrorKind kind = OcfPluginErrorKind.Failed)
        : base(message, inner)
    {
        Kind = kind;
        Module = module;
        PluginType = pluginType;
        Plugin = plugin;
    }

    public OcfPluginErrorKind Kind { get; }
    public string? Module { get; }
    public string? PluginType { get; }
    public string? Plugin { get; }
}
