using System.Reflection;
using Ocf.Configuration;
using Ocf.Encoding;

namespace Ocf.Plugins;

/// <summary>
/// The module loader and PluginHandler registry (the paper's "Module Loading"). Modules are found in search folders
/// (the Ocf module's own plugins folder, <c>OCF_PLUGIN_PATH</c>, and folders added at run time), listed from metadata
/// without running their code, loaded one collectible load context each, and unloaded when none of their plugins is
/// in use. The only built-in plugin type is PluginHandler; registering a plugin whose type has no handler loads the
/// module that provides one, or fails naming the type and the known types.
/// </summary>
public sealed partial class OcfPluginManager
{
    public const string PluginPathVariable = "OCF_PLUGIN_PATH";

    private static readonly Lazy<OcfPluginManager> LazyDefault = new(() => new OcfPluginManager(includeEnvironmentPath: true));

    /// <summary>The process-wide manager the cmdlets use; <see cref="OcfCodecRegistry.Default"/> is its codec registry.</summary>
    public static OcfPluginManager Default => LazyDefault.Value;

    private readonly object _gate = new();
    private readonly List<string> _searchPaths = new();
    private readonly List<string> _warnings = new();
    private readonly Dictionary<string, LoadedModule> _modules = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HandlerEntry> _handlers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PluginEntry> _plugins = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _loading = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, OcfModuleManifest>? _discovered;

    public OcfPluginManager(OcfCodecRegistry? codecs = null, bool includeEnvironmentPath = false)
    {
        Codecs = codecs ?? new OcfCodecRegistry();
        RegisterBuiltInModule(typeof(OcfPluginManager).Assembly);
        if (includeEnvironmentPath)
        {
            foreach (var p in (Environment.GetEnvironmentVariable(PluginPathVariable) ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                AddSearchPath(p);
        }
    }

    /// <summary>The codec registry the "encoding" handler fills.</summary>
    public OcfCodecRegistry Codecs { get; }

    public IReadOnlyList<string> SearchPaths { get { lock (_gate) return _searchPaths.ToArray(); } }

    /// <summary>Problems met while discovering (corrupt or non-.NET files, duplicate module names).</summary>
    public IReadOnlyList<string> Warnings { get { lock (_gate) return _warnings.ToArray(); } }

    public IReadOnlyList<OcfModuleInfo> LoadedModules
    {
        get { lock (_gate) return _modules.Values.Select(m => m.Info(PluginsOf(m.Name))).ToArray(); }
    }

    /// <summary>
    /// Adds a folder to the search path: at the end, or with <paramref name="first"/> ahead of all others (where a
    /// host puts its own plugins folder, so that a module of the same name elsewhere cannot shadow a shipped one).
    /// </summary>
    public bool AddSearchPath(string path, bool first = false)
    {
        string full = Path.GetFullPath(path);
        lock (_gate)
        {
            if (_searchPaths.Contains(full, PathComparer)) return false;
            if (first) _searchPaths.Insert(0, full);
            else _searchPaths.Add(full);
            _discovered = null;
            return true;
        }
    }

    public bool RemoveSearchPath(string path)
    {
        string full = Path.GetFullPath(path);
        lock (_gate)
        {
            int i = _searchPaths.FindIndex(p => PathComparer.Equals(p, full));
            if (i < 0) return false;
            _searchPaths.RemoveAt(i);
            _discovered = null;
            return true;
        }
    }

    private static StringComparer PathComparer => OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>
    /// Lists the modules in the search folders from metadata only: <c>folder/X.dll</c> and <c>folder/X/X.dll</c>
    /// (a module folder may hold its private dependencies beside it). Corrupt and non-.NET files are skipped with a warning.
    /// </summary>
    public IReadOnlyList<OcfModuleManifest> Discover(bool refresh = false)
    {
        lock (_gate) return DiscoverLocked(refresh).Values.ToArray();
    }

    private Dictionary<string, OcfModuleManifest> DiscoverLocked(bool refresh)
    {
        if (_discovered is not null && !refresh) return _discovered;
        var found = new Dictionary<string, OcfModuleManifest>(StringComparer.OrdinalIgnoreCase);
        _warnings.Clear();
        foreach (var folder in _searchPaths)
        {
            if (!Directory.Exists(folder)) continue;
            var candidates = Directory.EnumerateFiles(folder, "*.dll").ToList();
            foreach (var sub in Directory.EnumerateDirectories(folder))
            {
                string main = Path.Combine(sub, Path.GetFileName(sub) + ".dll");
                if (File.Exists(main)) candidates.Add(main);
            }
            foreach (var file in candidates.OrderBy(f => f, StringComparer.Ordinal))
            {
                var manifest = ModuleManifestReader.TryRead(file, out var problem);
                if (manifest is null)
                {
                    if (problem is not null) _warnings.Add($"Skipped '{file}': {problem}.");
                    continue;
                }
                if (!found.TryAdd(manifest.Name, manifest))
                    _warnings.Add($"Skipped '{file}': a module named '{manifest.Name}' was already found at '{found[manifest.Name].Path}'.");
            }
        }
        return _discovered = found;
    }

    /// <summary>Loads a module by name (from the search folders) or by the path of its assembly, and registers its plugins.</summary>
    public OcfModuleInfo LoadModule(string nameOrPath)
    {
        lock (_gate)
        {
            var m = LoadModuleLocked(ResolveManifest(nameOrPath));
            return m.Info(PluginsOf(m.Name));
        }
    }

    private OcfModuleManifest ResolveManifest(string nameOrPath)
    {
        bool looksLikePath = nameOrPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            || nameOrPath.Contains(Path.DirectorySeparatorChar) || nameOrPath.Contains(Path.AltDirectorySeparatorChar);
        if (looksLikePath)
        {
            string full = Path.GetFullPath(nameOrPath);
            if (!File.Exists(full)) throw new OcfPluginException($"The module file '{full}' does not exist.", kind: OcfPluginErrorKind.NotFound);
            return ModuleManifestReader.TryRead(full, out var problem)
                ?? throw new OcfPluginException(problem is null
                    ? $"'{full}' is a .NET assembly but not an Ocf module (it has no [assembly: OcfModule] attribute)."
                    : $"'{full}' cannot be loaded as a module: {problem}.");
        }
        if (_modules.TryGetValue(nameOrPath, out var loaded)) return loaded.Manifest;
        if (DiscoverLocked(false).TryGetValue(nameOrPath, out var manifest)) return manifest;
        throw new OcfPluginException(
            $"No module named '{nameOrPath}' was found in the plugin search paths ({string.Join(Path.PathSeparator, _searchPaths)}).", module: nameOrPath, kind: OcfPluginErrorKind.NotFound);
    }

    /// <summary>
    /// Unloads a module: refused while any of its plugins is in use (an open lease) or while it provides the handler
    /// of plugins that other modules registered. Its load context is then unloaded and can be collected.
    /// </summary>
    public void UnloadModule(string name)
    {
        lock (_gate)
        {
            if (!_modules.TryGetValue(name, out var module))
                throw new OcfPluginException($"The module '{name}' is not loaded.", module: name, kind: OcfPluginErrorKind.NotFound);
            if (module.Context is null)
                throw new OcfPluginException($"The module '{module.Name}' is built into Ocf and cannot be unloaded.", module: module.Name, kind: OcfPluginErrorKind.InUse);
            // Leases are counted now: one whose owner was collected without disposing it no longer counts.
            var inUse = _plugins.Values.Where(p => p.Module == module.Name).Select(p => (Entry: p, Count: p.OpenLeases())).Where(x => x.Count > 0).ToList();
            if (inUse.Count > 0)
                throw new OcfPluginException(
                    $"The module '{module.Name}' cannot be unloaded: {string.Join(", ", inUse.Select(x => $"{x.Entry.Registration.PluginType}/{x.Entry.Registration.Name} ({x.Count} in use)"))}.",
                    module: module.Name, kind: OcfPluginErrorKind.InUse);
            foreach (var handler in _handlers.Values.Where(h => h.Module == module.Name))
            {
                var dependants = _plugins.Values.Where(p => p.Module != module.Name && string.Equals(p.Registration.PluginType, handler.Handler.PluginType, StringComparison.OrdinalIgnoreCase)).ToList();
                if (dependants.Count > 0)
                    throw new OcfPluginException(
                        $"The module '{module.Name}' cannot be unloaded: it provides the handler of plugin type '{handler.Handler.PluginType}', which {string.Join(", ", dependants.Select(d => $"{d.Registration.Name} (module {d.Module})"))} still use.",
                        module: module.Name, kind: OcfPluginErrorKind.InUse);
            }
            UnregisterAll(module.Name);
            _modules.Remove(module.Name);
            module.Context.Unload();
        }
    }

    /// <summary>
    /// Takes a plugin for use, loading its module first if needed: while the lease is open (not disposed, and not
    /// collected) the module cannot be unloaded. Dispose the lease when done; an owner that keeps it in a field pins
    /// the module for as long as the owner lives.
    /// </summary>
    public OcfPluginLease<T> Acquire<T>(string pluginType, string name) where T : class
    {
        lock (_gate)
        {
            var entry = FindOrLoadPlugin(pluginType, CanonicalNameLocked(pluginType, name));
            if (entry.Registration.Instance is not T instance)
                throw new OcfPluginException($"The plugin {pluginType}/{name} does not implement {TypeName(typeof(T))}.", entry.Module, pluginType, name);
            return LeaseLocked(entry, instance);
        }
    }

    private OcfPluginLease<T> LeaseLocked<T>(PluginEntry entry, T instance) where T : class
    {
        var lease = new OcfPluginLease<T>(instance, l => { lock (_gate) entry.RemoveLease(l); });
        entry.AddLease(lease);
        return lease;
    }

    /// <summary>Loads the module that declares the plugin, if any; false when no module declares it.</summary>
    public bool TryLoadPlugin(string pluginType, string name)
    {
        lock (_gate)
        {
            name = CanonicalNameLocked(pluginType, name);
            if (_plugins.ContainsKey(Key(pluginType, name))) return true;
            if (FindDeclaringModule(pluginType, name) is null) return false;
            FindOrLoadPlugin(pluginType, name);
            return true;
        }
    }

    private PluginEntry FindOrLoadPlugin(string pluginType, string name)
    {
        if (_plugins.TryGetValue(Key(pluginType, name), out var entry)) return entry;
        var declaring = FindDeclaringModule(pluginType, name)
            ?? throw new OcfPluginException(
                $"No plugin '{name}' of type '{pluginType}' is loaded or declared by a module in the search paths.", pluginType: pluginType, plugin: name, kind: OcfPluginErrorKind.NotFound);
        LoadModuleLocked(declaring);
        return _plugins.TryGetValue(Key(pluginType, name), out entry) ? entry
            : throw new OcfPluginException($"The module '{declaring.Name}' did not register {pluginType}/{name}.", declaring.Name, pluginType, name);
    }

    private OcfModuleManifest? FindDeclaringModule(string pluginType, string name) =>
        DiscoverLocked(false).Values.FirstOrDefault(m => !_modules.ContainsKey(m.Name) && m.Exports.Any(e =>
            string.Equals(e.PluginType, pluginType, StringComparison.OrdinalIgnoreCase) && string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// The plugin name <paramref name="name"/> stands for: itself when a plugin (registered or declared) has that name,
    /// else the plugin that declares it as an alias (from metadata: no module code runs to answer), else itself.
    /// </summary>
    private string CanonicalNameLocked(string pluginType, string name)
    {
        if (_plugins.ContainsKey(Key(pluginType, name)) || FindDeclaringModule(pluginType, name) is not null) return name;
        foreach (var p in _plugins.Values)
            if (string.Equals(p.Registration.PluginType, pluginType, StringComparison.OrdinalIgnoreCase) && p.Aliases.Contains(name, StringComparer.OrdinalIgnoreCase))
                return p.Registration.Name;
        foreach (var m in DiscoverLocked(false).Values.Where(m => !_modules.ContainsKey(m.Name)))
            foreach (var e in m.Exports)
                if (e.Answers(pluginType, name)) return e.Name;
        return name;
    }

    /// <summary>
    /// Every plugin: registered ones, ones declared by modules not loaded yet (from metadata), and — with
    /// <paramref name="includeCatalogs"/> — the plugins catalog plugins find at run time (external agents).
    /// </summary>
    public IReadOnlyList<OcfPluginInfo> GetPlugins(bool includeCatalogs = false, CancellationToken cancellationToken = default) =>
        GetPlugins(includeCatalogs ? static _ => true : null, cancellationToken);

    /// <summary>
    /// As <see cref="GetPlugins(bool, CancellationToken)"/>, consulting only the catalogs that may provide a plugin type
    /// <paramref name="catalogTypeFilter"/> accepts (none when it is null): listing encoding plugins need not run 224 agents.
    /// </summary>
    public IReadOnlyList<OcfPluginInfo> GetPlugins(Func<string, bool>? catalogTypeFilter, CancellationToken cancellationToken = default)
    {
        bool includeCatalogs = catalogTypeFilter is not null;
        List<OcfPluginInfo> result;
        List<(IOcfPluginCatalog Catalog, string Module, string Key)> catalogs;
        lock (_gate)
        {
            if (includeCatalogs) LoadCatalogModulesLocked();
            result = _plugins.Values.Select(p => p.ToInfo()).ToList();
            var registered = new HashSet<string>(_plugins.Keys, StringComparer.OrdinalIgnoreCase);
            foreach (var m in DiscoverLocked(false).Values.Where(m => !_modules.ContainsKey(m.Name)))
            {
                foreach (var e in m.Exports)
                {
                    if (registered.Contains(Key(e.PluginType, e.Name))) continue;
                    result.Add(Declared(m, e));
                }
            }
            catalogs = includeCatalogs
                ? CatalogsLocked().Where(c => c.Catalog.PluginTypes is not { } provided || provided.Any(catalogTypeFilter!)).ToList()
                : [];
        }
        // Catalogs run external programs: outside the lock, so other callers are not held up.
        foreach (var (catalog, module, key) in catalogs)
            foreach (var e in catalog.Enumerate(cancellationToken))
                result.Add(FromCatalog(e, module, key));
        return result;
    }

    private void LoadCatalogModulesLocked()
    {
        foreach (var m in DiscoverLocked(false).Values.Where(m => !_modules.ContainsKey(m.Name) && m.Exports.Any(e => string.Equals(e.PluginType, OcfPluginTypes.Catalog, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            try { LoadModuleLocked(m); }
            catch (OcfPluginException e) { _warnings.Add($"The catalog module '{m.Name}' could not be loaded: {e.Message}"); }
        }
    }

    private List<(IOcfPluginCatalog Catalog, string Module, string Key)> CatalogsLocked() =>
        _plugins.Where(kv => kv.Value.Registration.Instance is IOcfPluginCatalog)
            .Select(kv => ((IOcfPluginCatalog)kv.Value.Registration.Instance, kv.Value.Module, kv.Key)).ToList();

    private static OcfPluginInfo FromCatalog(OcfCatalogEntry e, string module, string catalogKey)
    {
        var fields = e.Fields;
        var actions = e.Actions;
        return new OcfPluginInfo(e.PluginType, e.Name, module, e.Version is null ? null : Version.TryParse(e.Version, out var v) ? v : null,
            null, e.Source, e.Description, isLoaded: true, () => fields, () => actions, () => e.Plugin) { CatalogKey = catalogKey };
    }

    /// <summary>
    /// One plugin by type and name: a registered plugin or a module's declared export first (metadata only, no
    /// catalog is consulted), then each catalog's own lookup (one external agent, not the whole listing). Null when
    /// there is none.
    /// </summary>
    public OcfPluginInfo? FindPlugin(string pluginType, string name, CancellationToken cancellationToken = default)
    {
        List<(IOcfPluginCatalog Catalog, string Module, string Key)> catalogs;
        lock (_gate)
        {
            name = CanonicalNameLocked(pluginType, name);
            if (_plugins.TryGetValue(Key(pluginType, name), out var registered)) return registered.ToInfo();
            if (FindDeclaringModule(pluginType, name) is { } m)
                return Declared(m, m.Exports.First(x => string.Equals(x.PluginType, pluginType, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase)));
            LoadCatalogModulesLocked();
            catalogs = CatalogsLocked();
        }
        foreach (var (catalog, module, key) in catalogs)
            if (catalog.Find(pluginType, name, cancellationToken) is { } entry) return FromCatalog(entry, module, key);
        return null;
    }

    /// <summary>A plugin a module declares but that is not loaded yet: its fields and actions load the module on first access.</summary>
    private OcfPluginInfo Declared(OcfModuleManifest m, OcfExportManifest e)
    {
        string type = e.PluginType, name = e.Name;
        return new OcfPluginInfo(type, name, m.Name, m.AssemblyVersion, e.ApiVersion, m.Path, e.Description, isLoaded: false,
            () => { using var lease = Acquire<object>(type, name); return FieldsOf(lease.Instance); },
            () => { using var lease = Acquire<object>(type, name); return ActionsOf(lease.Instance); });
    }

    /// <summary>
    /// Takes any plugin for use — a module's export or one a catalog provides (counted on the catalog) — typed as
    /// <typeparamref name="T"/>; while the lease is open the module whose code it runs cannot unload. Null when there is no such plugin.
    /// </summary>
    public OcfPluginLease<T>? AcquireAny<T>(string pluginType, string name, CancellationToken cancellationToken = default) where T : class
    {
        lock (_gate)
        {
            name = CanonicalNameLocked(pluginType, name);
            if (_plugins.ContainsKey(Key(pluginType, name)) || FindDeclaringModule(pluginType, name) is not null)
                return Acquire<T>(pluginType, name);
        }
        var info = FindPlugin(pluginType, name, cancellationToken);
        if (info is null) return null;
        if (!info.IsFromCatalog) return Acquire<T>(pluginType, name); // registered meanwhile by another caller
        if (info.CatalogPlugin is not T plugin)
            throw new OcfPluginException($"The catalog plugin {pluginType}/{name} cannot be used as {TypeName(typeof(T))}.", info.Module, pluginType, name);
        // The plugin object's code lives in the catalog's module: the lease is counted on the catalog, so that module
        // is not unloaded while, say, a fence-agent device still uses it.
        lock (_gate)
        {
            if (info.CatalogKey is { } key && _plugins.TryGetValue(key, out var catalog)) return LeaseLocked(catalog, plugin);
        }
        throw new OcfPluginException($"The catalog that provides {pluginType}/{name} (module {info.Module}) was unloaded meanwhile.", info.Module, pluginType, name,
            kind: OcfPluginErrorKind.NotFound);
    }

    /// <summary>The plugin types known now: loaded handlers, handlers declared by discovered modules, and PluginHandler itself.</summary>
    public IReadOnlyList<string> KnownPluginTypes
    {
        get
        {
            lock (_gate) return KnownTypesLocked();
        }
    }

    /// <summary>
    /// The plugin types the catalogs say they provide (loading the catalog modules, running no external agent); a
    /// catalog that does not say adds nothing.
    /// </summary>
    public IReadOnlyList<string> CatalogPluginTypes
    {
        get
        {
            lock (_gate)
            {
                LoadCatalogModulesLocked();
                return CatalogsLocked().SelectMany(c => c.Catalog.PluginTypes ?? []).Distinct(StringComparer.OrdinalIgnoreCase)
                    .Order(StringComparer.OrdinalIgnoreCase).ToArray();
            }
        }
    }

    private string[] KnownTypesLocked() =>
        _handlers.Keys
            .Concat(DiscoverLocked(false).Values.SelectMany(m => m.Exports).Where(e => string.Equals(e.PluginType, OcfPluginTypes.PluginHandler, StringComparison.OrdinalIgnoreCase)).Select(e => e.Name))
            .Append(OcfPluginTypes.PluginHandler)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToArray();

    internal static IReadOnlyList<OcfField> FieldsOf(object instance) => instance is IOcfSelfConfiguring s ? s.Fields : [];

    internal static IReadOnlyList<OcfPluginAction> ActionsOf(object instance) => instance is IOcfSelfConfiguring s ? s.Actions : [];

    private static string Key(string type, string name) => $"{type}\u001f{name}";

    /// <summary>A type as C# spells it (IOcfInstantiable&lt;IOcfStonithDriver&gt;, not IOcfInstantiable`1), for error messages.</summary>
    private static string TypeName(Type t) => !t.IsGenericType || t.Name.IndexOf('`') is not (> 0 and var tick) ? t.Name
        : $"{t.Name[..tick]}<{string.Join(", ", t.GetGenericArguments().Select(TypeName))}>";

    private IReadOnlyList<string> PluginsOf(string module) =>
        _plugins.Values.Where(p => p.Module == module).Select(p => $"{p.Registration.PluginType}/{p.Registration.Name}").ToArray();

    /// <summary>Test hook: a weak reference to a loaded module's load context, to prove it is collected after unloading.</summary>
    internal WeakReference? GetLoadContextReference(string module)
    {
        lock (_gate) return _modules.TryGetValue(module, out var m) && m.Context is not null ? new WeakReference(m.Context) : null;
    }

    private sealed class LoadedModule(OcfModuleManifest manifest, OcfModuleLoadContext? context)
    {
        public OcfModuleManifest Manifest { get; } = manifest;
        public OcfModuleLoadContext? Context { get; } = context;
        public string Name => Manifest.Name;
        public OcfModuleInfo Info(IReadOnlyList<string> plugins) =>
            new(Manifest.Name, Manifest.Path, Manifest.AssemblyVersion, Manifest.Description, Context is null, plugins);
    }

    private sealed record HandlerEntry(IOcfPluginHandler Handler, string Module);

    /// <summary>A registered plugin and its open leases. Only touched under the manager's lock.</summary>
    private sealed class PluginEntry(OcfPluginRegistration registration, Version moduleVersion, IReadOnlyList<string> aliases)
    {
        // Weak, so that a lease dropped undisposed (its owner collected) stops pinning the module; see OcfPluginLease.
        private readonly List<WeakReference<object>> _leases = new();

        public OcfPluginRegistration Registration { get; } = registration;
        public IReadOnlyList<string> Aliases { get; } = aliases;
        public string Module => Registration.Module;

        public void AddLease(object lease) => _leases.Add(new WeakReference<object>(lease));

        public void RemoveLease(object lease) => _leases.RemoveAll(w => !w.TryGetTarget(out var l) || ReferenceEquals(l, lease));

        /// <summary>The leases neither disposed nor collected.</summary>
        public int OpenLeases()
        {
            _leases.RemoveAll(w => !w.TryGetTarget(out _));
            return _leases.Count;
        }

        public OcfPluginInfo ToInfo()
        {
            var instance = Registration.Instance;
            return new OcfPluginInfo(Registration.PluginType, Registration.Name, Registration.Module, moduleVersion, Registration.ApiVersion,
                Registration.Source, Registration.Description, isLoaded: true, () => FieldsOf(instance), () => ActionsOf(instance));
        }
    }
}
