using Ocf.Plugins;

namespace Ocf.Resources;

/// <summary>Action names of the OCF resource agent API.</summary>
public static class OcfResourceActions
{
    public const string Start = "start";
    public const string Stop = "stop";
    public const string Monitor = "monitor";
    public const string ValidateAll = "validate-all";
}

/// <summary>
/// One configured resource: an agent with its configuration, whose actions run on demand. Created from a plugin of the
/// "resource" type (<see cref="IOcfResourcePlugin"/>) through <see cref="OcfPluginManager.Create{T}"/>, which validates
/// the configuration first. It reads its configuration back with secrets redacted (<see cref="IOcfConfigured"/>).
/// Actions of one resource run one at a time, as a cluster manager runs them.
/// </summary>
public interface IOcfResourceAgent : IOcfConfigured
{
    /// <summary>The plugin name, e.g. "ocf:heartbeat:Dummy".</summary>
    string AgentName { get; }

    /// <summary>The resource instance name the agent is told (OCF_RESOURCE_INSTANCE).</summary>
    string InstanceName { get; }

    /// <summary>The actions the agent advertises, with their advised timeouts.</summary>
    IReadOnlyList<OcfPluginAction> Actions { get; }

    /// <summary>The timeout <paramref name="action"/> gets unless a call overrides it (see <see cref="OcfResourceTimeouts.Resolve"/>).</summary>
    TimeSpan TimeoutFor(string action);

    /// <summary>Runs one action. A non-zero exit is a result, not an exception; a timeout kills the agent and is reported in the result.</summary>
    /// <param name="timeout">Overrides the advertised timeout for this call.</param>
    /// <param name="depth">For monitor: the check level (OCF_CHECK_LEVEL); 0 is the cheapest.</param>
    /// <exception cref="OcfResourceAgentException">The agent could not be started at all.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the agent's process tree was killed first.</exception>
    Task<OcfResourceResult> RunAsync(string action, TimeSpan? timeout = null, int depth = 0, CancellationToken cancellationToken = default);

    Task<OcfResourceResult> StartAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        RunAsync(OcfResourceActions.Start, timeout, 0, cancellationToken);

    Task<OcfResourceResult> StopAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        RunAsync(OcfResourceActions.Stop, timeout, 0, cancellationToken);

    Task<OcfResourceResult> MonitorAsync(int depth = 0, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        RunAsync(OcfResourceActions.Monitor, timeout, depth, cancellationToken);

    Task<OcfResourceResult> ValidateAllAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        RunAsync(OcfResourceActions.ValidateAll, timeout, 0, cancellationToken);
}

/// <summary>A plugin of the "resource" type: it creates configured resources (<see cref="IOcfResourceAgent"/>) from a valid configuration.</summary>
public interface IOcfResourcePlugin : IOcfInstantiable<IOcfResourceAgent>
{
}

/// <summary>A resource agent could not be run at all (missing, not executable); an agent that runs and fails gives a result instead.</summary>
public sealed class OcfResourceAgentException(string agent, string action, string message, Exception? inner = null)
    : Exception($"{agent} action '{action}': {message}", inner)
{
    public string Agent { get; } = agent;
    public string Action { get; } = action;
}

/// <summary>Which timeout an action gets.</summary>
public static class OcfResourceTimeouts
{
    /// <summary>Pacemaker's default operation timeout, for actions the agent advertises no timeout for.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The override if given (it must be positive); else the timeout the agent advertises for the action (the entry
    /// without a role first: monitor may be listed once per role); else <see cref="Default"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The override is zero or negative.</exception>
    public static TimeSpan Resolve(IReadOnlyList<OcfPluginAction> advertised, string action, TimeSpan? overrideTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(advertised);
        ArgumentException.ThrowIfNullOrEmpty(action);
        if (overrideTimeout is { } t)
            return t > TimeSpan.Zero ? t : throw new ArgumentOutOfRangeException(nameof(overrideTimeout), t, "A timeout must be positive.");
        var entry = advertised.FirstOrDefault(a => a.Name == action && a.Role is null && a.Timeout is not null)
            ?? advertised.FirstOrDefault(a => a.Name == action && a.Timeout is not null);
        return entry?.Timeout is { } advised && advised > TimeSpan.Zero ? advised : Default;
    }
}
