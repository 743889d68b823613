using Ocf.Configuration;
using Ocf.Data;
using Ocf.Stonith;

namespace Ocf.Plugins.External;

/// <summary>
/// A fence agent as a stonith plugin: its fields come from its metadata, and each operation runs the agent with
/// key=value lines on stdin (action=status|on|off|list|monitor). Exit codes are mapped as fencing.py defines them
/// (status: 0 on, 2 off, 1 error). The framework still confirms every power change by polling status, so an agent
/// that reports success without acting is caught.
/// </summary>
public sealed class FenceAgentStonithPlugin : IOcfStonithPlugin
{
    /// <summary>Ocf's own field for single-host agents (e.g. fence_ipmilan): the host names this device fences.</summary>
    public static readonly OcfField HostsField = new()
    {
        FieldName = "ocf_hosts",
        Label = "Fenced hosts",
        IsArray = true,
        SpecialType = OcfSpecialTypes.Hostname,
        ShortText = "Ocf: the host(s) this device fences, for agents that cannot list their plugs (used to refuse fencing any other host).",
    };

    private static readonly TimeSpan AgentTimeout = TimeSpan.FromMinutes(5); // the framework's own timeout cancels sooner

    private readonly string _path;
    private readonly FenceAgentDescription _agent;

    public FenceAgentStonithPlugin(string path, FenceAgentDescription agent)
    {
        _path = path;
        _agent = agent;
        Fields = agent.Fields.Append(HostsField).ToArray();
    }

    public IReadOnlyList<OcfField> Fields { get; }

    public IReadOnlyList<OcfPluginAction> Actions => _agent.PluginActions;

    private bool CanList => _agent.ActionNames.Contains("list", StringComparer.OrdinalIgnoreCase);

    public IOcfStonithDriver CreateDriver(OcfMap configuration)
    {
        var hosts = configuration.TryGetValue(HostsField.FieldName, out var h) && h is OcfList l
            ? l.Select(v => ((OcfString)v).Value).ToArray() : [];
        // The action is chosen per operation; Ocf's own field is not the agent's business.
        var agentConfig = new OcfMap(configuration.Where(e => e.Key != "action" && e.Key != HostsField.FieldName));
        return new Driver(this, agentConfig, hosts);
    }

    private sealed class Driver(FenceAgentStonithPlugin plugin, OcfMap configuration, string[] hosts) : IOcfStonithDriver
    {
        public bool SupportsNativeReboot => false;

        public async Task<IReadOnlyList<string>> ListHostsAsync(CancellationToken cancellationToken)
        {
            if (hosts.Length > 0 || !plugin.CanList) return hosts;
            var run = await Run("list", null, cancellationToken).ConfigureAwait(false);
            if (run.ExitCode != 0) throw Failure("list", run);
            // "plug,alias" per line; both names are accepted.
            return run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .SelectMany(line => line.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Where(n => n.Length > 0 && !n.StartsWith("NOTICE", StringComparison.Ordinal))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        }

        public async Task<OcfPowerState> GetPowerStateAsync(string host, CancellationToken cancellationToken)
        {
            var run = await Run("status", host, cancellationToken).ConfigureAwait(false);
            return run.ExitCode switch
            {
                0 => OcfPowerState.On,
                2 => OcfPowerState.Off,
                _ => throw Failure("status", run),
            };
        }

        public async Task SendPowerCommandAsync(string host, OcfStonithAction action, CancellationToken cancellationToken)
        {
            string verb = action == OcfStonithAction.Off ? "off" : "on";
            var run = await Run(verb, host, cancellationToken).ConfigureAwait(false);
            if (run.ExitCode != 0) throw Failure(verb, run);
        }

        public async Task CheckAsync(CancellationToken cancellationToken)
        {
            var run = await Run("monitor", null, cancellationToken).ConfigureAwait(false);
            if (run.ExitCode != 0) throw Failure("monitor", run);
        }

        private Task<AgentRunResult> Run(string action, string? host, CancellationToken cancellationToken)
        {
            string stdin = FenceAgentMetadata.ToStdin(plugin._agent, configuration) + $"action={action}\n";
            // Multi-plug devices get the node as the plug; single-host agents (no list action) ignore it.
            if (host is not null && plugin.CanList && !configuration.ContainsKey("plug")) stdin += $"plug={host}\n";
            return RunChecked(stdin, cancellationToken);
        }

        private async Task<AgentRunResult> RunChecked(string stdin, CancellationToken cancellationToken)
        {
            try
            {
                var run = await AgentRunner.RunAsync(plugin._path, null, stdin, null, AgentTimeout, cancellationToken).ConfigureAwait(false);
                if (run.TimedOut) throw new OcfStonithException(OcfStonithFailureKind.Timeout, $"{plugin._agent.Name} did not finish in time and was killed.");
                return run;
            }
            catch (AgentStartException e)
            {
                throw new OcfStonithException(OcfStonithFailureKind.PluginError, $"{plugin._agent.Name} could not be started: {e.Message}", inner: e);
            }
        }

        private OcfStonithException Failure(string action, AgentRunResult run)
        {
            string said = LastMeaningfulLine(run.StandardError) ?? LastMeaningfulLine(run.StandardOutput) ?? "no output";
            string lower = said.ToLowerInvariant();
            var kind = lower.Contains("timed out waiting to power") || lower.Contains("waiting to power")
                ? OcfStonithFailureKind.NotConfirmed // the agent's own verification failed: it said so, not the network
                : lower.Contains("unable to connect") || lower.Contains("timed out") || lower.Contains("unreachable") || lower.Contains("connection refused")
                ? OcfStonithFailureKind.Unreachable
                : lower.Contains("login") || lower.Contains("password") || lower.Contains("authenticat") || lower.Contains("privilege")
                    ? OcfStonithFailureKind.Authentication
                    : action == "status" ? OcfStonithFailureKind.UnknownState : OcfStonithFailureKind.DeviceRefused;
            return new OcfStonithException(kind, $"{plugin._agent.Name} action={action} exited with {run.ExitCode}: {said}", deviceCode: run.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        private static string? LastMeaningfulLine(string text) =>
            text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .LastOrDefault(l => !l.Contains("DeprecationWarning", StringComparison.Ordinal) && !l.StartsWith("from pipes", StringComparison.Ordinal));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
