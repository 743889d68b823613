using Ocf.Configuration;
using Ocf.Data;
using Ocf.Resources;

namespace Ocf.Plugins.External;

/// <summary>One configured resource of an OCF resource agent: runs its actions one at a time through <see cref="AgentRunner"/>.</summary>
internal sealed class ResourceAgentInstance : IOcfResourceAgent, IDisposable
{
    private readonly ResourceAgentPlugin _plugin;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly OcfMap _configuration;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    internal ResourceAgentInstance(ResourceAgentPlugin plugin, string instanceName, IReadOnlyDictionary<string, string?> environment, OcfMap configuration)
    {
        _plugin = plugin;
        InstanceName = instanceName;
        _environment = environment;
        _configuration = configuration;
    }

    public string AgentName => _plugin.Agent.QualifiedName;
    public string InstanceName { get; }
    public IReadOnlyList<OcfField> Fields => _plugin.Fields;
    public IReadOnlyList<OcfPluginAction> Actions => _plugin.Actions;
    public OcfMap RedactedConfiguration => OcfConfigurator.Redact(Fields, _configuration);

    public TimeSpan TimeoutFor(string action) => OcfResourceTimeouts.Resolve(Actions, action);

    public async Task<OcfResourceResult> RunAsync(string action, TimeSpan? timeout = null, int depth = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        // The action is the agent's only argument; refuse anything that is not a plain action word.
        if (!action.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"'{action}' is not an action name (letters, digits, '-' and '_').", nameof(action));
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        var limit = OcfResourceTimeouts.Resolve(Actions, action, timeout);

        var env = new Dictionary<string, string?>(_environment, StringComparer.Ordinal)
        {
            ["OCF_RESKEY_CRM_meta_timeout"] = ((long)limit.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (action == OcfResourceActions.Monitor && depth > 0) env["OCF_CHECK_LEVEL"] = depth.ToString(System.Globalization.CultureInfo.InvariantCulture);

        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var run = await AgentRunner.RunAsync(_plugin.Path, [action], standardInput: null, env, limit, cancellationToken).ConfigureAwait(false);
            return new OcfResourceResult(action, run.ExitCode, run.TimedOut, limit, run.Duration,
                OcfResourceResult.Tail(run.StandardOutput), OcfResourceResult.Tail(run.StandardError));
        }
        catch (AgentStartException e)
        {
            throw new OcfResourceAgentException(AgentName, action, $"the agent could not be started: {e.Message}", e);
        }
        finally { _oneAtATime.Release(); }
    }

    public void Dispose() => _oneAtATime.Dispose();

    public override string ToString() => $"{AgentName} ({InstanceName})";
}
