using Ocf.Plugins;

namespace Ocf.Communication;

/// <summary>Handler of the "packet-transform" plugin type (IOcfPacketTransformPlugin, API 1.0): compression and encryption stages.</summary>
public sealed class PacketTransformPluginHandler : IOcfPluginHandler
{
    public string PluginType => OcfPluginTypes.PacketTransform;
    public Type Contract => typeof(IOcfPacketTransformPlugin);
    public Version ApiVersion { get; } = new(1, 0);
    public string Description => "Packet encoding stages in the fixed order compress → encrypt → sign (IOcfPacketTransformPlugin).";

    public void OnRegistered(OcfPluginRegistration plugin) { }
    public void OnUnregistered(OcfPluginRegistration plugin) { }
}
