using Ocf.Plugins;

namespace Ocf.Encoding;

/// <summary>Handler of the "encoding" plugin type: codec plugins land in the manager's codec registry.</summary>
public sealed class EncodingPluginHandler : IOcfPluginHandler
{
    public string PluginType => OcfPluginTypes.Encoding;
    public Type Contract => typeof(IOcfCodec);
    public Version ApiVersion { get; } = new(1, 0);
    public string Description => "Encoders/decoders between wrapped values and bytes (IOcfCodec).";

    public void OnRegistered(OcfPluginRegistration plugin)
    {
        var codec = (IOcfCodec)plugin.Instance;
        if (!string.Equals(codec.Name, plugin.Name, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"the codec calls itself '{codec.Name}' but is exported as '{plugin.Name}'");
        // A registry made with OcfCodecRegistry.CreateWithBuiltIns already holds the built-ins: keep those.
        if (plugin.Manager.Codecs.TryGet(codec.Name, out var existing) && existing.GetType() == codec.GetType()) return;
        plugin.Manager.Codecs.Register(codec);
    }

    public void OnUnregistered(OcfPluginRegistration plugin)
    {
        if (plugin.Manager.Codecs.TryGet(plugin.Name, out var codec) && codec.GetType() == plugin.Instance.GetType())
            plugin.Manager.Codecs.Unregister(codec);
    }
}
