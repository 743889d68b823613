using Ocf.Configuration;

namespace Ocf.Plugins;

/// <summary>
/// A plugin as listed by the manager: from a module's metadata (not necessarily loaded) or from a catalog.
/// <see cref="Fields"/> and <see cref="Actions"/> are read on first access, which loads the plugin's module if it is
/// not loaded yet.
/// </summary>
public sealed class OcfPluginInfo
{
    private readonly Lazy<IReadOnlyList<OcfField>> _fields;
    private readonly Lazy<IReadOnlyList<OcfPluginAction>> _actions;
    private readonly Func<object?>? _catalogPlugin;

    internal OcfPluginInfo(string type, string name, string module, Version? version, Version? apiVersion, string source,
        string? description, bool isLoaded, Func<IReadOnlyList<OcfField>> fields, Func<IReadOnlyList<OcfPluginAction>> actions,
        Func<object?>? catalogPlugin = null)
    {
        _actions = new Lazy<IReadOnlyList<OcfPluginAction>>(actions);
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
    /// <summary>The operations the plugin advertises (an agent's actions with their advised timeouts and intervals); often empty.</summary>
    public IReadOnlyList<OcfPluginAction> Actions => _actions.Value;
    /// <summary>True when a catalog (not a module export) provides this plugin.</summary>
    public bool IsFromCatalog => _catalogPlugin is not null;
    internal object? CatalogPlugin => _catalogPlugin?.Invoke();
    /// <summary>The manager's key of the catalog plugin that listed this one (leases of it are counted there).</summary>
    internal string? CatalogKey { get; init; }

    public override string ToString() => $"{Type}/{Name}";
}

/// <summary>A loaded module.</summary>
public sealed record OcfModuleInfo(string Name, string Path, Version Version, string? Description, bool IsBuiltIn, IReadOnlyList<string> Plugins);

/// <summary>
/// Holds a plugin in use: while the lease is open its module cannot be unloaded. Dispose it when done (idempotent).
/// <para>A lease dropped without being disposed stops counting once it is garbage collected: the manager tracks open
/// leases through weak references and checks them when an unload is asked for. So an owner that keeps its lease in a
/// field (a STONITH device, a cmdlet) pins the module exactly as long as the owner lives, and an abandoned owner never
/// pins it forever. There is deliberately no finalizer: a finalizer would take the manager's lock on the finalizer
/// thread and would release only after a second GC pass, while a cleared weak reference is seen at once.</para>
/// </summary>
public sealed class OcfPluginLease<T> : IDisposable where T : class
{
    private Action<object>? _release;

    internal OcfPluginLease(T instance, Action<object>? release)
    {
        Instance = instance;
        _release = release;
    }

    public T Instance { get; }

    /// <summary>True once disposed.</summary>
    public bool IsReleased => Volatile.Read(ref _release) is null;

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke(this);
}
