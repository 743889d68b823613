using Ocf.Plugins;

namespace Ocf.Communication;

/// <summary>Handler of the "authentication" plugin type (IOcfAuthenticationPlugin, API 1.0).</summary>
public sealed class AuthenticationPluginHandler : IOcfPluginHandler
{
    public string PluginType => OcfPluginTypes.Authentication;
    public Type Contract => typeof(IOcfAuthenticationPlugin);
    public Version ApiVersion { get; } = new(1, 0);
    public string Description => "Packet authentication with key ids and key rolls (IOcfAuthenticationPlugin).";

    public void OnRegistered(OcfPluginRegistration plugin) { }
    public void OnUnregistered(OcfPluginRegistration plugin) { }
}
