using System.Reflection;

namespace Ocf.Plugins;

/// <summary>Loading a module and registering its exports, atomically: a module either registers every export or none.</summary>
public sealed partial class OcfPluginManager
{
    private const string BuiltInModuleName = "Ocf.Framework";

    /// <summary>
    /// The API version of the built-in PluginHandler type (IOcfPluginHandler and how the manager drives it): a handler
    /// export declared for another major version is refused like any other plugin; a newer minor version loads.
    /// </summary>
    public static Version PluginHandlerApiVersion { get; } = new(1, 0);

    private void RegisterBuiltInModule(Assembly assembly)
    {
        var exports = assembly.GetCustomAttributes<OcfExportAttribute>()
            .Select(a => new OcfExportManifest(a.PluginType, a.Name, a.Implementation.FullName!, Version.Parse(a.ApiVersion), a.Description) { Aliases = a.Aliases })
            .ToArray();
        var manifest = new OcfModuleManifest(BuiltInModuleName, assembly.Location, assembly.GetName().Version ?? new Version(0, 0),
            "Built into Ocf: the encoding and catalog plugin handlers and the ocf-xml and xml-rpc codecs.", exports);
        lock (_gate) Register(manifest, assembly, context: null);
    }

    private LoadedModule LoadModuleLocked(OcfModuleManifest manifest)
    {
        if (_modules.TryGetValue(manifest.Name, out var existing))
        {
            if (existing.Context is not null && !PathComparer.Equals(existing.Manifest.Path, manifest.Path))
                throw new OcfPluginException($"A module named '{manifest.Name}' is already loaded from '{existing.Manifest.Path}'.", manifest.Name);
            return existing;
        }
        if (!_loading.Add(manifest.Name))
            throw new OcfPluginException($"The module '{manifest.Name}' depends on itself through its plugin handlers.", manifest.Name);
        try
        {
            var context = new OcfModuleLoadContext(manifest.Name, manifest.Path);
            Assembly assembly;
            try { assembly = context.LoadFromAssemblyPath(manifest.Path); }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
            {
                context.Unload();
                throw new OcfPluginException($"The module '{manifest.Name}' could not be loaded from '{manifest.Path}': {e.Message}", manifest.Name, inner: e);
            }
            try { return Register(manifest, assembly, context); }
            catch { context.Unload(); throw; }
        }
        finally { _loading.Remove(manifest.Name); }
    }

    /// <summary>Handlers first, then plugins; on any failure everything this module registered is rolled back.</summary>
    private LoadedModule Register(OcfModuleManifest manifest, Assembly assembly, OcfModuleLoadContext? context)
    {
        var module = new LoadedModule(manifest, context);
        _modules[manifest.Name] = module;
        try
        {
            var ordered = manifest.Exports.OrderBy(e => string.Equals(e.PluginType, OcfPluginTypes.PluginHandler, StringComparison.OrdinalIgnoreCase) ? 0 : 1);
            foreach (var export in ordered) RegisterExport(manifest, assembly, export);
            return module;
        }
        catch (Exception e)
        {
            UnregisterAll(manifest.Name);
            _modules.Remove(manifest.Name);
            if (e is OcfPluginException) throw;
            throw new OcfPluginException($"The module '{manifest.Name}' failed while registering its plugins: {e.Message}", manifest.Name, inner: e);
        }
    }

    private void RegisterExport(OcfModuleManifest manifest, Assembly assembly, OcfExportManifest export)
    {
        string what = $"{export.PluginType}/{export.Name} of module '{manifest.Name}'";
        var type = assembly.GetType(export.ImplementationTypeName, throwOnError: false)
            ?? throw new OcfPluginException($"The plugin {what} names the class '{export.ImplementationTypeName}', which the module does not contain.", manifest.Name, export.PluginType, export.Name);

        if (string.Equals(export.PluginType, OcfPluginTypes.PluginHandler, StringComparison.OrdinalIgnoreCase))
        {
            // Checked before the handler is created: its code must not run when it was built for another API.
            if (export.ApiVersion.Major != PluginHandlerApiVersion.Major)
                throw new OcfPluginException(ApiMismatchMessage(what, export.PluginType, export.ApiVersion, PluginHandlerApiVersion, "this Ocf implements"), manifest.Name, export.PluginType, export.Name);
            if (Create(type, what, manifest.Name, export) is not IOcfPluginHandler handler)
                throw new OcfPluginException($"The plugin {what} does not implement {nameof(IOcfPluginHandler)}.", manifest.Name, export.PluginType, export.Name);
            if (!string.Equals(handler.PluginType, export.Name, StringComparison.OrdinalIgnoreCase))
                throw new OcfPluginException($"The plugin {what} is declared as the handler of '{export.Name}' but manages '{handler.PluginType}'.", manifest.Name, export.PluginType, export.Name);
            if (_handlers.TryGetValue(handler.PluginType, out var other))
                throw new OcfPluginException($"The plugin {what}: a handler for plugin type '{handler.PluginType}' is already loaded from module '{other.Module}'.", manifest.Name, export.PluginType, export.Name);
            _handlers[handler.PluginType] = new HandlerEntry(handler, manifest.Name);
            AddEntry(manifest, export, handler);
            return;
        }

        var owner = EnsureHandler(export.PluginType, what);
        var h = owner.Handler;
        if (export.ApiVersion.Major != h.ApiVersion.Major)
            throw new OcfPluginException(ApiMismatchMessage(what, export.PluginType, export.ApiVersion, h.ApiVersion, "the loaded handler implements"), manifest.Name, export.PluginType, export.Name);
        if (_plugins.TryGetValue(Key(export.PluginType, export.Name), out var duplicate))
            throw new OcfPluginException(
                $"The plugin {what}: a plugin named '{export.Name}' of type '{export.PluginType}' is already registered by module '{duplicate.Module}'.",
                manifest.Name, export.PluginType, export.Name);
        object instance = Create(type, what, manifest.Name, export);
        if (!h.Contract.IsInstanceOfType(instance))
            throw new OcfPluginException($"The plugin {what} does not implement {h.Contract.FullName}, the interface of plugin type '{export.PluginType}'.", manifest.Name, export.PluginType, export.Name);
        var entry = AddEntry(manifest, export, instance);
        try { h.OnRegistered(entry.Registration); }
        catch (Exception e)
        {
            _plugins.Remove(Key(export.PluginType, export.Name));
            throw new OcfPluginException($"The handler of '{export.PluginType}' refused the plugin {what}: {e.Message}", manifest.Name, export.PluginType, export.Name, e);
        }
    }

    private static string ApiMismatchMessage(string what, string pluginType, Version declared, Version implemented, string implementer) =>
        $"The plugin {what} was built for version {declared} of the '{pluginType}' plugin API, but {implementer} version {implemented}; major versions must match.";

    /// <summary>
    /// Why a plugin a module declares (not loaded yet) would be refused for its API version, or null when it would not
    /// be (or cannot be told without loading its handler's module and <paramref name="loadHandler"/> is false). Lets a
    /// listing say why a plugin's Fields cannot be read, before anyone reads them. A handler that cannot be loaded is
    /// reported the same way.
    /// </summary>
    public string? ApiVersionProblem(OcfPluginInfo plugin, bool loadHandler = false)
    {
        if (plugin.IsLoaded || plugin.IsFromCatalog || plugin.ApiVersion is null) return null;
        string what = $"{plugin.Type}/{plugin.Name} of module '{plugin.Module}'";
        lock (_gate)
        {
            if (string.Equals(plugin.Type, OcfPluginTypes.PluginHandler, StringComparison.OrdinalIgnoreCase))
                return plugin.ApiVersion.Major == PluginHandlerApiVersion.Major ? null : ApiMismatchMessage(what, plugin.Type, plugin.ApiVersion, PluginHandlerApiVersion, "this Ocf implements");
            if (!_handlers.TryGetValue(plugin.Type, out var handler))
            {
                if (!loadHandler) return null;
                try { handler = EnsureHandler(plugin.Type, what); }
                catch (OcfPluginException e) { return e.Message; }
            }
            return plugin.ApiVersion.Major == handler.Handler.ApiVersion.Major ? null
                : ApiMismatchMessage(what, plugin.Type, plugin.ApiVersion, handler.Handler.ApiVersion, "the loaded handler implements");
        }
    }

    private PluginEntry AddEntry(OcfModuleManifest manifest, OcfExportManifest export, object instance)
    {
        var registration = new OcfPluginRegistration(export.PluginType, export.Name, manifest.Name, export.ApiVersion, instance, export.Description, manifest.Path, this);
        var entry = new PluginEntry(registration, manifest.AssemblyVersion, export.Aliases);
        _plugins[Key(export.PluginType, export.Name)] = entry;
        return entry;
    }

    private static object Create(Type type, string what, string module, OcfExportManifest export)
    {
        try { return Activator.CreateInstance(type) ?? throw new InvalidOperationException("no instance"); }
        catch (TargetInvocationException e)
        {
            throw new OcfPluginException($"The plugin {what} threw while being created: {e.InnerException?.Message}", module, export.PluginType, export.Name, e.InnerException);
        }
        catch (MissingMethodException e)
        {
            throw new OcfPluginException($"The plugin {what} has no public parameterless constructor.", module, export.PluginType, export.Name, e);
        }
    }

    /// <summary>The handler of a plugin type, loading the module that provides it when it is not loaded yet.</summary>
    private HandlerEntry EnsureHandler(string pluginType, string forWhat)
    {
        if (_handlers.TryGetValue(pluginType, out var handler)) return handler;
        var provider = DiscoverLocked(false).Values.FirstOrDefault(m => !_modules.ContainsKey(m.Name) && m.Exports.Any(e =>
            string.Equals(e.PluginType, OcfPluginTypes.PluginHandler, StringComparison.OrdinalIgnoreCase) && string.Equals(e.Name, pluginType, StringComparison.OrdinalIgnoreCase)));
        if (provider is not null)
        {
            LoadModuleLocked(provider);
            if (_handlers.TryGetValue(pluginType, out handler)) return handler;
        }
        throw new OcfPluginException(
            $"The plugin {forWhat} has plugin type '{pluginType}', but no handler for '{pluginType}' is loaded and no module in the plugin search paths provides one. Known plugin types: {string.Join(", ", KnownTypesLocked())}.",
            pluginType: pluginType);
    }

    private void UnregisterAll(string module)
    {
        foreach (var entry in _plugins.Values.Where(p => p.Module == module).ToList())
        {
            _plugins.Remove(Key(entry.Registration.PluginType, entry.Registration.Name));
            if (entry.Registration.Instance is IOcfPluginHandler) continue;
            if (_handlers.TryGetValue(entry.Registration.PluginType, out var h))
            {
                try { h.Handler.OnUnregistered(entry.Registration); }
                catch (Exception e) { _warnings.Add($"The handler of '{entry.Registration.PluginType}' failed to unregister {entry.Registration.Name}: {e.Message}"); }
            }
        }
        foreach (var type in _handlers.Where(kv => kv.Value.Module == module).Select(kv => kv.Key).ToList()) _handlers.Remove(type);
    }
}
