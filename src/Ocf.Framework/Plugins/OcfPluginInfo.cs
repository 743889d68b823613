using Ocf.Configuration;

namespace Ocf.Plugins;

/// <summary>
/// A plugin as listed by the manager: from a module's metadata (not necessarily loaded) or from a catalog.
/// <see cref="Fields"/> is read on first access, which loads the plugin's module if it is not loaded yet.
/// </summary>
public sealed class OcfPluginInfo
{
    private readonly Lazy<IReadOnlyList<OcfField>> _fields;
    private readonly Func<object?>? _catalogPlugin;

    internal OcfPluginInfo(string type, string name, string module, Version? version, Version? apiVersion, string source,
        string? description, bool isLoaded, Func<IReadOnlyList<OcfField>> fields, Func<object?>? catalogPlugin = null)
    {
        _catalogPlugin = catalogPlugin;
        Type = type;
        Name = name;
        Module = module;
        Version = version;
        ApiVersion = apiVersion;
        Source = source;
        Description = description;
        IsLoaded = isLoaded;
        _fields = new Lazy<IReadOnlyList<OcfField>>(fields);
    }

    public string Type { get; }
    public string Name { get; }
    public string Module { get; }
    public Version? Version { get; }
    public Version? ApiVersion { get; }
    /// <summary>The module assembly's path, or the external agent's path.</summary>
    public string Source { get; }
    public string? Description { get; }
    public bool IsLoaded { get; }
    public IReadOnlyList<OcfField> Fields => _fields.Value;
    /// <summary>True when a catalog (not a module export) provides this plugin.</summary>
    public bool IsFromCatalog => _catalogPlugin is not null;
    internal object? CatalogPlugin => _catalogPlugin?.Invoke();

    public override string ToString() => $"{Type}/{Name}";
}

/// <summary>A loaded module.</summary>
public sealed record OcfModuleInfo(string Name, string Path, Version Version, string? Description, bool IsBuiltIn, IReadOnlyList<string> Plugins);

/// <summary>Holds a plugin in use: while any lease is open its module cannot be unloaded.</summary>
public sealed class OcfPluginLease<T> : IDisposable where T : class
{
    private Action? _release;

    internal OcfPluginLease(T instance, Action release)
    {
        Instance = instance;
        _release = release;
    }

    public T Instance { get; }

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
