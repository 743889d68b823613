using System.Management.Automation;
using Ocf.Communication;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Ipc;
using Ocf.Node;
using Ocf.Plugins;
using Ocf.PowerShell.Api;
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

    /// <summary>The local API socket path (pipe name on Windows); default: the node's default endpoint.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Socket { get; set; }

    /// <summary>Where ocf.stonith.* of this node's API finds saved devices (default: the user's device store).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DeviceStorePath { get; set; }

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
        var host = new OcfNodeHost(runtime, new OcfNodeHostOptions
        {
            Endpoint = Socket is null ? null : OperatingSystem.IsWindows() ? Socket : GetUnresolvedProviderPathFromPSPath(Socket),
            DeviceStoreDirectory = DeviceStorePath is null ? null : GetUnresolvedProviderPathFromPSPath(DeviceStorePath),
        });
        string jobName = JobName ?? $"{configuration.ClusterName}:{runtime.Local.Name}";
        OcfNodeJob job;
        try
        {
            job = new OcfNodeJob(MyInvocation.Line, jobName, host);
        }
        catch (Exception e) when (Socket is null && IsEndpointFailure(e))
        {
            // The default endpoint is taken (e.g. by the daemon of the same node) or not writable: run without the API rather than fail.
            WriteWarning($"The default local API endpoint {host.Endpoint} cannot be opened ({e.Message}); {runtime.Local.Name} runs without a local API (give one with -Socket).");
            host.DisableApi();
            job = new OcfNodeJob(MyInvocation.Line, jobName, host);
        }
        catch (Exception e) when (IsEndpointFailure(e))
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            WriteError(new ErrorRecord(e, "LocalApiUnavailable", ErrorCategory.ResourceUnavailable, host.Endpoint));
            return;
        }
        var definition = new JobDefinition(typeof(OcfNodeJobSourceAdapter), MyInvocation.Line, job.Name);
        JobManager.NewJob(new JobInvocationInfo(definition, new Dictionary<string, object> { ["NewJob"] = job }));
        WriteObject(job);
    }

    private static bool IsEndpointFailure(Exception e) =>
        e is InvalidOperationException or System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException;
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

/// <summary>
/// Base for the cmdlets that read a node either in-process (-Job, or the one node job of this session) or through its
/// local API (-Socket, or the one default endpoint on this machine when the session runs no node job).
/// </summary>
public abstract class NodeQueryCommand : PSCmdlet, IDisposable
{
    protected const string JobSet = "Job";
    protected const string SocketSet = "Socket";
    private OcfIpcClient? _client;

    [Parameter(ParameterSetName = JobSet, ValueFromPipeline = true)]
    public OcfNodeJob? Job { get; set; }

    /// <summary>The local API socket path of a node (ocfd --socket, Start-OcfNode -Socket); a pipe name on Windows.</summary>
    [Parameter(ParameterSetName = SocketSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Socket { get; set; } = "";

    /// <summary>Calls <paramref name="method"/> on the selected node: in-process for a job, else over its local API. Null after writing an error.</summary>
    protected OcfValue? Query(string method)
    {
        try
        {
            if (ParameterSetName != SocketSet)
            {
                if (Job is not null) return LocalApi.InvokeInProcess(Job, method, [], CancellationToken.None);
                var running = OcfNodeJobSourceAdapter.Running.ToList();
                if (running.Count == 1) return LocalApi.InvokeInProcess(running[0], method, [], CancellationToken.None);
                if (running.Count > 1)
                {
                    WriteError(new ErrorRecord(new InvalidOperationException($"{running.Count} cluster nodes run in this session; choose one with -Job (or a daemon with -Socket)."),
                        "NoNodeSelected", ErrorCategory.ObjectNotFound, null));
                    return null;
                }
            }
            if (_client is null)
            {
                try { _client = LocalApi.Connect(this, ParameterSetName == SocketSet ? Socket : null); }
                catch (OcfIpcException e) when (ParameterSetName != SocketSet)
                {
                    WriteError(new ErrorRecord(new InvalidOperationException($"No cluster node runs in this session, and no daemon was chosen: {e.Message}", e),
                        "NoNodeSelected", ErrorCategory.ObjectNotFound, null));
                    return null;
                }
            }
            return _client.Call(method);
        }
        catch (Exception e) when (LocalApi.IsApiError(e))
        {
            WriteError(LocalApi.Record(e, ParameterSetName == SocketSet ? Socket : method));
            return null;
        }
    }

    public void Dispose() => _client?.Dispose();
}

/// <summary>The configured nodes and their states, as the running node sees them.</summary>
[Cmdlet(VerbsCommon.Get, "OcfNode", DefaultParameterSetName = JobSet)]
[OutputType(typeof(OcfNodeInfo))]
public sealed class GetOcfNodeCommand : NodeQueryCommand
{
    [Parameter(Position = 0)]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    [Parameter]
    public OcfNodeState[]? State { get; set; }

    protected override void ProcessRecord()
    {
        if (Query(OcfNodeRpcMethods.Nodes) is not { } value) return;
        var patterns = Name?.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToArray();
        foreach (var n in LocalApi.Nodes(value))
        {
            if (patterns is not null && !patterns.Any(p => p.IsMatch(n.Name))) continue;
            if (State is not null && !State.Contains(n.State)) continue;
            WriteObject(n);
        }
    }
}

/// <summary>The agreed membership view and quorum of the running node.</summary>
[Cmdlet(VerbsCommon.Get, "OcfMembership", DefaultParameterSetName = JobSet)]
[OutputType(typeof(OcfMembershipInfo))]
public sealed class GetOcfMembershipCommand : NodeQueryCommand
{
    protected override void ProcessRecord()
    {
        if (Query(OcfNodeRpcMethods.Membership) is { } value) WriteObject(LocalApi.Membership(value));
    }
}
