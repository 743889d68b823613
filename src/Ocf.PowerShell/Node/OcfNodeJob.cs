using System.Management.Automation;
using Ocf.Node;

namespace Ocf.PowerShell.Node;

/// <summary>
/// A cluster node running in this process as a PowerShell job (Start-OcfNode). Receive-Job returns its events;
/// Stop-Job (or Stop-OcfNode) leaves the cluster gracefully, so peers see "left", not "dead".
/// </summary>
public sealed class OcfNodeJob : Job2
{
    private readonly Task _pump;
    private int _disposed;
    private int _stopping;

    internal OcfNodeJob(string command, string name, OcfNodeHost host) : base(command, name)
    {
        Host = host;
        Runtime = host.Runtime;
        PSJobTypeName = "OcfNodeJob";
        foreach (var stream in new object[] { Output, Error, Warning, Verbose, Debug, Progress, Information })
            stream.GetType().GetProperty("EnumeratorNeverBlocks")?.SetValue(stream, true);
        Host.Start();
        SetJobState(JobState.Running);
        _pump = Task.Run(PumpEvents);
    }

    public OcfNodeRuntime Runtime { get; }
    /// <summary>The node's host: its local API registry, event hub and endpoint.</summary>
    public OcfNodeHost Host { get; }
    /// <summary>The socket path (pipe name on Windows) of the node's local API; null when it has none.</summary>
    public string? Socket => Host.Endpoint;
    /// <summary>The node's process groups (Join-OcfGroup and the other group cmdlets); the host attached them before the node started.</summary>
    internal Ocf.Groups.OcfGroupService Groups => Host.Groups;
    public string Cluster => Runtime.ClusterName;
    public string Node => Runtime.Local.Name;

    public override string StatusMessage => Runtime.IsRunning ? $"{Node} in {Cluster}: {Runtime.View?.ToString() ?? "no view yet"}" : "stopped";
    public override bool HasMoreData => Output.Count > 0 || Error.Count > 0 || Warning.Count > 0;
    public override string Location => $"{Node}@{Cluster}";

    private async Task PumpEvents()
    {
        try
        {
            await foreach (var e in Runtime.Events.ReadAllAsync().ConfigureAwait(false))
            {
                var item = new OcfNodeEvent(Node, e, Runtime.View);
                Output.Add(PSObject.AsPSObject(item));
                if (item.Kind == "Warning") Warning.Add(new WarningRecord(item.Message));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // The job's streams were closed by Dispose while events were still arriving.
        }
    }

    public override void StopJob() => StopJob(force: false, reason: null);

    public override void StopJob(bool force, string? reason)
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0) return;
        if (!JobStateInfo.State.Equals(JobState.Stopped)) SetJobState(JobState.Stopping);
        Host.StopAsync(graceful: !force).GetAwaiter().GetResult();
        _pump.Wait(TimeSpan.FromSeconds(5));
        SetJobState(JobState.Stopped);
    }

    public override void StopJobAsync() => StopJobAsync(false, null);
    public override void StopJobAsync(bool force, string? reason) =>
        Task.Run(() => { StopJob(force, reason); OnStopJobCompleted(new System.ComponentModel.AsyncCompletedEventArgs(null, false, null)); });

    // A node starts when it is created; suspending a cluster member has no safe meaning.
    public override void StartJob() { }
    public override void StartJobAsync() => OnStartJobCompleted(new System.ComponentModel.AsyncCompletedEventArgs(null, false, null));
    public override void SuspendJob() => throw new NotSupportedException("A cluster node cannot be suspended; stop it (it leaves gracefully) and start it again.");
    public override void SuspendJob(bool force, string? reason) => SuspendJob();
    public override void SuspendJobAsync() => SuspendJob();
    public override void SuspendJobAsync(bool force, string? reason) => SuspendJob();
    public override void ResumeJob() => throw new NotSupportedException("A cluster node job is never suspended.");
    public override void ResumeJobAsync() => ResumeJob();
    public override void UnblockJob() => throw new NotSupportedException("A cluster node job never blocks.");
    public override void UnblockJobAsync() => UnblockJob();

    protected override void Dispose(bool disposing)
    {
        // Receive-Job -AutoRemoveJob disposes after RemoveJob: make it idempotent and leave gracefully first.
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (disposing && Runtime.IsRunning) StopJob();
        OcfNodeJobSourceAdapter.Forget(this);
        base.Dispose(disposing);
    }
}
