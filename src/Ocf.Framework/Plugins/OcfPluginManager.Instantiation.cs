using Ocf.Data;

namespace Ocf.Plugins;

/// <summary>Creating objects from a plugin and a configuration, with the plugin leased for as long as the object lives.</summary>
public sealed partial class OcfPluginManager
{
    /// <summary>
    /// Instantiates an object from the plugin <paramref name="pluginType"/>/<paramref name="name"/> (a module's export,
    /// loaded if needed, or a catalog's plugin) and a configuration: validated first, then created. The result holds
    /// the plugin's lease until it is disposed, so the plugin's module cannot be unloaded while the object is in use.
    /// </summary>
    /// <exception cref="OcfPluginException">No such plugin, or it cannot create <typeparamref name="T"/>.</exception>
    /// <exception cref="Configuration.OcfValidationException">The configuration has problems; every one is listed with its path.</exception>
    public OcfConfigured<T> Create<T>(string pluginType, string name, OcfValue configuration, CancellationToken cancellationToken = default) where T : class
    {
        var lease = AcquireAny<IOcfInstantiable<T>>(pluginType, name, cancellationToken)
            ?? throw new OcfPluginException($"No plugin '{name}' of type '{pluginType}' is loaded, declared by a module in the search paths, or provided by a catalog.",
                pluginType: pluginType, plugin: name, kind: OcfPluginErrorKind.NotFound);
        return OcfInstantiation.Create(lease, configuration);
    }
}
