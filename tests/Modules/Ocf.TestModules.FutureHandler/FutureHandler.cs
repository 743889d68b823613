using Ocf.Plugins;
using Ocf.TestModules.FutureHandler;

[assembly: OcfModule("Ocf.TestModules.FutureHandler", Description = "Test module: a plugin handler built for PluginHandler API 2.0.")]
[assembly: OcfExport("PluginHandler", "gadget", typeof(GadgetHandler), ApiVersion = "2.0", Description = "Built for a PluginHandler API this Ocf does not implement.")]

namespace Ocf.TestModules.FutureHandler;

/// <summary>Throws when constructed: a handler refused for its API version must be refused before its code runs.</summary>
public sealed class GadgetHandler : IOcfPluginHandler
{
    public GadgetHandler() => throw new InvalidOperationException("The gadget handler was created.");

    public string PluginType => "gadget";
    public Type Contract => typeof(object);
    public Version ApiVersion { get; } = new(1, 0);
    public string Description => "Gadgets (test).";
    public void OnRegistered(OcfPluginRegistration plugin) { }
    public void OnUnregistered(OcfPluginRegistration plugin) { }
}
