using Ocf.Configuration;
using Ocf.Data;
using Ocf.Resources;

namespace Ocf.Plugins.External;

/// <summary>
/// An OCF resource agent as a "resource" plugin: its fields come from its meta-data (plus Ocf's own instance-name
/// field), and each created resource runs the agent with the action as its argument and the configuration as
/// OCF_RESKEY_* variables, as Pacemaker does.
/// </summary>
public sealed class ResourceAgentPlugin : IOcfResourcePlugin
{
    /// <summary>Ocf's own field: the resource instance name passed as OCF_RESOURCE_INSTANCE (agents name state files after it).</summary>
    public static readonly OcfField InstanceField = new()
    {
        FieldName = "ocf_resource_instance",
        Label = "Resource instance",
        Regex = InstanceNamePattern,
        Length = 128,
        ShortText = "Ocf: the resource's instance name (OCF_RESOURCE_INSTANCE); the agent's type name when not given.",
    };

    // What Pacemaker accepts as a resource id (an XML ID), plus ':' for clone instances; nothing a shell could misread.
    private const string InstanceNamePattern = "^[A-Za-z_][A-Za-z0-9_.:-]*$";

    private readonly string _ocfRoot;

    public ResourceAgentPlugin(string path, ResourceAgentDescription agent, string ocfRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentException.ThrowIfNullOrEmpty(ocfRoot);
        Path = path;
        Agent = agent;
        _ocfRoot = ocfRoot;
        Fields = agent.Fields.Append(InstanceField).ToArray();
        Actions = agent.PluginActions;
    }

    /// <summary>The agent executable.</summary>
    public string Path { get; }
    public ResourceAgentDescription Agent { get; }
    public IReadOnlyList<OcfField> Fields { get; }
    public IReadOnlyList<OcfPluginAction> Actions { get; }

    public IOcfResourceAgent Create(OcfMap configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string instance = configuration.TryGetValue(InstanceField.FieldName, out var v) && v is OcfString s ? s.Value : Agent.Name;
        // The instance name is Ocf's business, not a parameter of the agent.
        var agentConfig = new OcfMap(configuration.Where(e => e.Key != InstanceField.FieldName));
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [ExternalAgentCatalogOptions.OcfRootVariable] = _ocfRoot,
            ["OCF_RESOURCE_INSTANCE"] = instance,
            ["OCF_RESOURCE_TYPE"] = Agent.Name,
            ["OCF_RA_VERSION_MAJOR"] = "1",
            ["OCF_RA_VERSION_MINOR"] = "0",
        };
        if (Agent.Provider is not null) env["OCF_RESOURCE_PROVIDER"] = Agent.Provider;
        // Values inherited from this process must not leak into the agent's parameters.
        foreach (var name in Environment.GetEnvironmentVariables().Keys.OfType<string>())
            if (name.StartsWith("OCF_RESKEY_", StringComparison.Ordinal)) env[name] = null;
        foreach (var (k, value) in Agent.ToEnvironment(agentConfig)) env[k] = value;
        return new ResourceAgentInstance(this, instance, env, configuration);
    }
}
