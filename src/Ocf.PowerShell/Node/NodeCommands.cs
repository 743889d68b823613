using System.Management.Automation;
using Ocf.Communication;
using Ocf.Configuration;
using Ocf.Node;
using Ocf.Plugins;
using Ocf.PowerShell.Errors;

namespace Ocf.PowerShell.Node;

/// <summary>Starts a cluster node in this process and returns it as a job (Get-Job, Receive-Job, Stop-Job work on it).</summary>
[Cmdlet(VerbsLifecycle.Start, "OcfNode")]
[OutputType(typeof(OcfNodeJob))]
public sealed class StartOcfNodeCommand : PSCmdlet
{
    /// <summary>A configuration file path, or an OcfClusterConfiguration object.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object Configuration { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JobName { get; set; }

    protected override void ProcessRecord()
    {
        OcfClusterConfiguration configuration;
        try
        {
            configuration = PSObject.AsPSObject(Configuration).BaseObject switch
            {
                OcfClusterConfiguration c => c,
                FileInfo f => OcfClusterConfiguration.Read(f.FullName),
                var other => OcfClusterConfiguration.Read(GetUnresolvedProviderPathFromPSPath(other.ToString()!)),
            };
        }
        catch (OcfValidationException e)
        {
            WriteError(new ErrorRecord(e, OcfErrorIds.InvalidConfiguration, ErrorCategory.InvalidData, Configuration)
            {
                ErrorDetails = new ErrorDetails($"The cluster configuration is not valid:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", e.Problems)}"),
            });
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Ocf.Encoding.OcfFormatException)
        {
            WriteError(new ErrorRecord(e, "ConfigurationUnreadable", ErrorCategory.ReadError, Configuration));
            return;
        }
        OcfNodeRuntime runtime;
        try
        {
            runtime = OcfNodeRuntime.Create(configuration, Name, OcfPluginManager.Default);
        }
        catch (OcfValidationException e)
        {
            // The transport plugin's settings (transport_options) are checked only now, against its fields.
            WriteError(new ErrorRecord(e, OcfErrorIds.InvalidConfiguration, ErrorCategory.InvalidData, Configuration)
            {
                ErrorDetails = new ErrorDetails($"The cluster configuration is not valid:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", e.Problems)}"),
            });
            return;
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(e, "NodeNotConfigured", ErrorCategory.ObjectNotFound, Name));
            return;
        }
        catch (Exception e) when (e is OcfKeyFileException or UnauthorizedAccessException or IOException)
        {
            WriteError(new ErrorRecord(e, "KeyFileRefused", ErrorCategory.SecurityError, configuration.AuthKey));
            return;
        }
        catch (Exception e) when (e is OcfPluginException or System.Net.Sockets.SocketException)
        {
            WriteError(new ErrorRecord(e, "NodeStartFailed", ErrorCategory.ResourceUnavailable, Name));
            return;
        }
        var job = new OcfNodeJob(MyInvocation.Line, JobName ?? $"{configuration.ClusterName}:{runtime.Local.Name}", runtime);
        var definition = new JobDefinition(typeof(OcfNodeJobSourceAdapter), MyInvocation.Line, job.Name);
        JobManager.NewJob(new JobInvocationInfo(definition, new Dictionary<string, object> { ["NewJob"] = job }));
        WriteObject(job);
    }
}

/// <summary>Base for the cmdlets that read from a running node: -Job, or the one node job of this session.</summary>
public abstract class NodeReaderCommand : PSCmdlet
{
    [Parameter(ValueFromPipeline = true)]
    public OcfNodeJob? Job { get; set; }

    protected OcfNodeJob? ResolveJob()
    {
        if (Job is not null) return Job;
        var running = OcfNodeJobSourceAdapter.Running.ToList();
        if (running.Count == 1) return running[0];
        WriteError(new ErrorRecord(new InvalidOperationException(running.Count == 0
                ? "No cluster node runs in this session; start one with Start-OcfNode."
                : $"{running.Count} cluster nodes run in this session; choose one with -Job."),
            "NoNodeSelected", ErrorCategory.ObjectNotFound, null));
        return null;
    }
}

/// <summary>Leaves the cluster gracefully (peers see "left", not "dead") and stops the node job.</summary>
[Cmdlet(VerbsLifecycle.Stop, "OcfNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class StopOcfNodeCommand : NodeReaderCommand
{
    protected override void ProcessRecord()
    {
        var job = ResolveJob();
        if (job is null || !ShouldProcess($"{job.Node} in cluster {job.Cluster}", "Leave the cluster and stop the node")) return;
        job.StopJob();
    }
}

/// <summary>The configured nodes and their states, as the running node sees them.</summary>
[Cmdlet(VerbsCommon.Get, "OcfNode")]
[OutputType(typeof(OcfNodeInfo))]
public sealed class GetOcfNodeCommand : NodeReaderCommand
{
    [Parameter(Position = 0)]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    [Parameter]
    public OcfNodeState[]? State { get; set; }

    protected override void ProcessRecord()
    {
        var job = ResolveJob();
        if (job is null) return;
        var patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
        foreach (var n in job.Runtime.Nodes)
        {
            if (patterns is not null && !patterns.Any(p => p.IsMatch(n.Name))) continue;
            if (State is not null && !State.Contains(n.State)) continue;
            WriteObject(n);
        }
    }
}

/// <summary>The agreed membership view and quorum of the running node.</summary>
[Cmdlet(VerbsCommon.Get, "OcfMembership")]
[OutputType(typeof(OcfMembershipInfo))]
public sealed class GetOcfMembershipCommand : NodeReaderCommand
{
    protected override void ProcessRecord()
    {
        var job = ResolveJob();
        if (job is null) return;
        var r = job.Runtime;
        var view = r.View;
        var names = r.Configuration.Nodes.ToDictionary(n => n.NodeId, n => n.Name);
        var q = r.Quorum;
        WriteObject(new OcfMembershipInfo(r.ClusterName, r.Local.Name, view?.Id.ToString(),
            view?.Members.Select(m => names.TryGetValue(m.NodeId, out var nm) ? nm : m.NodeId.ToString()).ToArray() ?? [],
            q.Quorate, q.Votes, q.ExpectedVotes, q.ToString()));
    }
}
