using Ocf.Configuration;
using Ocf.Plugins;
using Ocf.TestModules.SelfHandled;

[assembly: OcfModule("Ocf.TestModules.SelfHandled", Description = "Test module: a plugin type and its handler in one module.")]
// Plugin types are case-insensitive: the plugin comes first and the handler export spells PluginHandler in lower case.
// The handler is declared for PluginHandler API 1.3, a newer minor version than the manager's 1.0: it still loads.
[assembly: OcfExport("Sprocket", "s1", typeof(Sprocket), Description = "A sprocket.")]
[assembly: OcfExport("pluginhandler", "sprocket", typeof(SprocketHandler), ApiVersion = "1.3", Description = "Handler of the sprocket plugin type.")]

namespace Ocf.TestModules.SelfHandled;

public sealed class SprocketHandler : IOcfPluginHandler
{
    public string PluginType => "sprocket";
    public Type Contract => typeof(IOcfSelfConfiguring);
    public Version ApiVersion { get; } = new(1, 0);
    public string Description => "Sprockets (test).";
    public void OnRegistered(OcfPluginRegistration plugin) { }
    public void OnUnregistered(OcfPluginRegistration plugin) { }
}

public sealed class Sprocket : IOcfSelfConfiguring
{
    public IReadOnlyList<OcfField> Fields { get; } = new OcfField[] { new() { FieldName = "teeth", BasicType = OcfBasicType.Integer } };
}
