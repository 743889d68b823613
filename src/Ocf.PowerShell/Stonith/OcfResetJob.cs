using System.Management.Automation;
using Ocf.Stonith;

namespace Ocf.PowerShell.Stonith;

/// <summary>Invoke-OcfReset -AsJob: the resets run in the background; results and errors arrive through Receive-Job.</summary>
public sealed class OcfResetJob : Job
{
    private readonly (OcfStonithDevice Device, string Node)[] _work;
    private readonly OcfStonithAction _action;
    private readonly int _throttle;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;

    internal OcfResetJob(string command, (OcfStonithDevice Device, string Node)[] work, OcfStonithAction action, int throttle, TimeSpan timeout)
        : base(command, $"OcfReset{Interlocked.Increment(ref _counter)}")
    {
        _work = work;
        _action = action;
        _throttle = throttle;
        _timeout = timeout;
        PSJobTypeName = "OcfResetJob";
    }

    private static int _counter;

    public override string StatusMessage => JobStateInfo.State.ToString();
    public override bool HasMoreData => Output.Count > 0 || Error.Count > 0;
    public override string Location => Environment.MachineName;

    internal void Start()
    {
        SetJobState(JobState.Running);
        _ = Task.Run(() =>
        {
            bool failed = false;
            try
            {
                foreach (var result in ResetRunner.Start(_work, _action, _throttle, _timeout, _stop.Token).Results())
                {
                    Output.Add(PSObject.AsPSObject(result));
                    if (result.Error is { } e)
                    {
                        failed = true;
                        Error.Add(StonithErrors.Record(e, result.Node));
                    }
                }
                SetJobState(_stop.IsCancellationRequested ? JobState.Stopped : failed ? JobState.Failed : JobState.Completed);
            }
            catch (Exception e)
            {
                Error.Add(new ErrorRecord(e, "OcfResetJobFailed", ErrorCategory.NotSpecified, null));
                SetJobState(JobState.Failed);
            }
        });
    }

    public override void StopJob()
    {
        _stop.Cancel();
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && disposing) _stop.Cancel();
        base.Dispose(disposing);
    }
}
