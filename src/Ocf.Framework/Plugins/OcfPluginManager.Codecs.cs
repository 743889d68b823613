using Ocf.Encoding;

namespace Ocf.Plugins;

/// <summary>Leasing codecs by the names users type (-Encoding): a codec's name or one of its aliases.</summary>
public sealed partial class OcfPluginManager
{
    /// <summary>
    /// Takes a codec for use by its name or alias: one in <see cref="Codecs"/>, or else an "encoding" plugin a module in
    /// the search paths declares under that name (the module is loaded now; a declared alias is read from metadata, so it works before the load too).
    /// While the lease is open the codec's module cannot be unloaded, so a command can hold it for its whole run.
    /// The instance is the one <see cref="Codecs"/> returns. Null when no codec has that name.
    /// </summary>
    /// <exception cref="OcfPluginException">The declaring module could not be loaded or did not register the codec.</exception>
    public OcfPluginLease<IOcfCodec>? AcquireCodec(string nameOrAlias)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrAlias);
        lock (_gate)
        {
            if (!Codecs.TryGet(nameOrAlias, out var codec))
            {
                // An alias is answered from metadata too, so "-Encoding HaMsg" loads ha-msg's module.
                var name = CanonicalNameLocked(OcfPluginTypes.Encoding, nameOrAlias);
                if (FindDeclaringModule(OcfPluginTypes.Encoding, name) is null) return null;
                var entry = FindOrLoadPlugin(OcfPluginTypes.Encoding, name);
                if (!Codecs.TryGet(nameOrAlias, out codec))
                    throw new OcfPluginException($"The module '{entry.Module}' registered encoding/{nameOrAlias}, but no codec of that name reached the codec registry.",
                        entry.Module, OcfPluginTypes.Encoding, nameOrAlias);
            }
            // The lease is counted on the plugin that provides the codec. A codec put into the registry directly by
            // code (no plugin of that name) belongs to no unloadable module: its lease pins nothing.
            return _plugins.TryGetValue(Key(OcfPluginTypes.Encoding, codec.Name), out var provider)
                ? LeaseLocked(provider, codec)
                : new OcfPluginLease<IOcfCodec>(codec, static _ => { });
        }
    }
}
