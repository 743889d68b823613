using System.Management.Automation;
using Ocf.Data;
using Ocf.Ipc;
using Ocf.PowerShell.Api;
using Ocf.Stonith;

namespace Ocf.PowerShell.Stonith;

/// <summary>
/// Fences nodes: power off, on, or reboot through a device, each confirmed by the device's status. Nodes from the
/// pipeline run in parallel up to -ThrottleLimit (operations on one device are serialised by the framework).
/// <para>With -DeviceName the daemon of a node does the work: the device is one saved in its store, and the operation runs
/// there (its local API, ocf.stonith.reset), one node after the other.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "OcfReset", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = DeviceSet)]
[OutputType(typeof(OcfStonithResult))]
public sealed class InvokeOcfResetCommand : PSCmdlet, IDisposable
{
    private const string DeviceSet = "Device";
    private const string SocketSet = "Socket";
    private readonly List<(OcfStonithDevice Device, string Node)> _work = new();
    private readonly List<string> _daemonWork = new();
    private readonly CancellationTokenSource _stop = new();

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
    public OcfStonithDevice Device { get; set; } = null!;

    /// <summary>A device saved in the daemon's device store (ocfd --device-store).</summary>
    [Parameter(Mandatory = true, ParameterSetName = SocketSet)]
    [ValidateNotNullOrEmpty]
    public string DeviceName { get; set; } = "";

    /// <summary>The daemon's local API socket (a pipe name on Windows); default: the one default endpoint on this machine.</summary>
    [Parameter(ParameterSetName = SocketSet)]
    [ValidateNotNullOrEmpty]
    public string? Socket { get; set; }

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "HostName")]
    [ValidateNotNullOrEmpty]
    public string[] Node { get; set; } = [];

    [Parameter]
    public OcfStonithAction Action { get; set; } = OcfStonithAction.Reboot;

    [Parameter(ParameterSetName = DeviceSet)]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 120;

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter(ParameterSetName = DeviceSet)]
    public SwitchParameter AsJob { get; set; }

    protected override void ProcessRecord()
    {
        bool whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) && ((SwitchParameter)w).IsPresent;
        bool explicitConfirm = MyInvocation.BoundParameters.ContainsKey("Confirm");
        foreach (var node in Node)
        {
            string verb = Action.ToString().ToLowerInvariant();
            // -Force skips the prompt (for unattended scripts); -WhatIf and an explicit -Confirm still win.
            bool skipPrompt = Force && !whatIf && !explicitConfirm;
            if (ParameterSetName == SocketSet)
            {
                if (!skipPrompt && !ShouldProcess($"{node} (device {DeviceName}, through the node daemon{(Socket is null ? "" : " at " + Socket)})", $"Power {verb}")) continue;
                _daemonWork.Add(node);
                continue;
            }
            if (!skipPrompt && !ShouldProcess($"{node} (device {Device.Name}, {Device.Type})", $"Power {verb}")) continue;
            _work.Add((Device, node));
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == SocketSet)
        {
            ResetThroughDaemon();
            return;
        }
        if (_work.Count == 0) return;
        var timeout = TimeSpan.FromSeconds(TimeoutSec);
        if (AsJob)
        {
            var job = new OcfResetJob(MyInvocation.Line, _work.ToArray(), Action, ThrottleLimit, timeout);
            JobRepository.Add(job);
            job.Start();
            WriteObject(job);
            return;
        }
        var runner = ResetRunner.Start(_work, Action, ThrottleLimit, timeout, _stop.Token);
        int done = 0;
        foreach (var result in runner.Results())
        {
            done++;
            var progress = new ProgressRecord(1, $"Invoke-OcfReset ({Action})", $"{done} of {_work.Count} done; last: {result.Node} {(result.Success ? "confirmed " + result.State : "FAILED")}")
            {
                PercentComplete = done * 100 / _work.Count,
            };
            WriteProgress(progress);
            WriteObject(result);
            if (result.Error is { } e) WriteError(StonithErrors.Record(e, result.Node));
        }
        WriteProgress(new ProgressRecord(1, $"Invoke-OcfReset ({Action})", "Done") { RecordType = ProgressRecordType.Completed });
    }

    private void ResetThroughDaemon()
    {
        if (_daemonWork.Count == 0) return;
        OcfIpcClient client;
        try { client = LocalApi.Connect(this, Socket); }
        catch (OcfIpcException e)
        {
            WriteError(LocalApi.Record(e, Socket ?? DeviceName));
            return;
        }
        using (client)
        {
            client.CallTimeout = TimeSpan.FromSeconds(TimeoutSec);
            int done = 0;
            foreach (var node in _daemonWork)
            {
                WriteProgress(new ProgressRecord(1, $"Invoke-OcfReset ({Action})", $"{done} of {_daemonWork.Count} done; now: {node}") { PercentComplete = done * 100 / _daemonWork.Count });
                try
                {
                    var value = client.CallAsync(OcfStonithRpcMethods.Reset, [new OcfString(DeviceName), new OcfString(node), new OcfString(Action.ToString().ToLowerInvariant())], _stop.Token)
                        .GetAwaiter().GetResult();
                    var result = LocalApi.ResetResult(value);
                    WriteObject(result);
                    if (result.Error is { } e) WriteError(StonithErrors.Record(e, result.Node));
                }
                catch (Exception e) when (LocalApi.IsApiError(e))
                {
                    WriteError(GetOcfPowerStatusCommand.Error(e, node));
                }
                done++;
            }
            WriteProgress(new ProgressRecord(1, $"Invoke-OcfReset ({Action})", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();
}

/// <summary>Runs resets in parallel with a throttle, yielding results as they complete (on the caller's thread).</summary>
internal sealed class ResetRunner
{
    private readonly System.Collections.Concurrent.BlockingCollection<OcfStonithResult> _results = new();
    private int _remaining;

    public static ResetRunner Start(IReadOnlyList<(OcfStonithDevice Device, string Node)> work, OcfStonithAction action, int throttle, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var runner = new ResetRunner { _remaining = work.Count };
        var gate = new SemaphoreSlim(throttle);
        foreach (var (device, node) in work)
        {
            _ = Task.Run(async () =>
            {
                OcfStonithResult result;
                await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                try
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    cts.CancelAfter(timeout);
                    try { result = await device.PowerAsync(node, action, cts.Token).ConfigureAwait(false); }
                    catch (OperationCanceledException)
                    {
                        var e = new OcfStonithException(cancellationToken.IsCancellationRequested ? OcfStonithFailureKind.PluginError : OcfStonithFailureKind.Timeout,
                            cancellationToken.IsCancellationRequested ? $"Stopped before {node} was confirmed." : $"{node} was not confirmed within {timeout.TotalSeconds:0} s (-TimeoutSec).", "wait");
                        result = new OcfStonithResult { Device = device.Name, Node = node, Action = action.ToString(), Success = false, FailedStep = e.Step, FailureKind = e.Kind, Message = e.Message, Error = e, Duration = timeout };
                    }
                    catch (Exception other)
                    {
                        // A disposed device (or any other unexpected failure) must still yield a result, or Results() would wait forever.
                        var e = new OcfStonithException(OcfStonithFailureKind.PluginError, $"{node} was not reset: {other.Message}", inner: other);
                        result = new OcfStonithResult { Device = device.Name, Node = node, Action = action.ToString(), Success = false, FailedStep = e.Step, FailureKind = e.Kind, Message = e.Message, Error = e };
                    }
                }
                finally { gate.Release(); }
                runner._results.Add(result);
                if (Interlocked.Decrement(ref runner._remaining) == 0) runner._results.CompleteAdding();
            }, CancellationToken.None);
        }
        return runner;
    }

    public IEnumerable<OcfStonithResult> Results() => _results.GetConsumingEnumerable();
}
