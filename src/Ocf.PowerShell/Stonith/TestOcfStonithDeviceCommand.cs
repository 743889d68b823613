using System.Diagnostics;
using System.Management.Automation;
using Ocf.Stonith;

namespace Ocf.PowerShell.Stonith;

/// <summary>
/// A fencing test for scheduled runs: by default non-destructive (reachable and login, host list, status of every
/// host, timing); with -Destructive it really powers a named spare node off and on again, each confirmed.
/// One report object per device, with every check's outcome and duration.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "OcfStonithDevice", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Safe")]
[OutputType(typeof(OcfStonithTestReport))]
public sealed class TestOcfStonithDeviceCommand : PSCmdlet
{
    private readonly CancellationTokenSource _stop = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public OcfStonithDevice Device { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = "Destructive")]
    public SwitchParameter Destructive { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = "Destructive")]
    [ValidateNotNullOrEmpty]
    public string Node { get; set; } = string.Empty;

    protected override void ProcessRecord()
    {
        if (Destructive && !ShouldProcess($"{Node} (device {Device.Name})", "Power off and on again (destructive fencing test)")) return;
        var started = DateTime.UtcNow;
        var total = Stopwatch.StartNew();
        var checks = new List<OcfStonithCheck>();
        var ct = _stop.Token;

        bool Run(string name, Func<string?> check)
        {
            var sw = Stopwatch.StartNew();
            WriteProgress(new ProgressRecord(2, $"Test-OcfStonithDevice {Device.Name}", name));
            try
            {
                string? message = check();
                checks.Add(new OcfStonithCheck(name, true, sw.Elapsed, message));
                return true;
            }
            catch (OcfStonithException e)
            {
                checks.Add(new OcfStonithCheck(name, false, sw.Elapsed, $"{e.Kind}: {e.Message}"));
                return false;
            }
        }

        if (Run("reachable and login", () => { Device.CheckAsync(ct).GetAwaiter().GetResult(); return null; }))
        {
            IReadOnlyList<string> hosts = [];
            if (Run("host list", () => { hosts = Device.ListHostsAsync(ct).GetAwaiter().GetResult(); return hosts.Count == 0 ? "the device does not list hosts" : string.Join(", ", hosts); }))
            {
                foreach (var host in hosts)
                    Run($"status {host}", () => Device.GetPowerStateAsync(host, ct).GetAwaiter().GetResult().ToString());
            }
            if (Destructive)
            {
                foreach (var action in new[] { OcfStonithAction.Off, OcfStonithAction.On })
                {
                    var result = Device.PowerAsync(Node, action, ct).GetAwaiter().GetResult();
                    checks.Add(new OcfStonithCheck($"{action.ToString().ToLowerInvariant()} {Node} (confirmed)", result.Success, result.Duration,
                        result.Success ? $"confirmed {result.State}" : $"{result.FailureKind} at '{result.FailedStep}': {result.Message}"));
                    if (!result.Success) break;
                }
            }
        }
        WriteProgress(new ProgressRecord(2, $"Test-OcfStonithDevice {Device.Name}", "Done") { RecordType = ProgressRecordType.Completed });
        WriteObject(new OcfStonithTestReport(Device.Name, Device.Type, checks.All(c => c.Passed), Destructive, started, total.Elapsed, checks.ToArray()));
    }

    protected override void StopProcessing() => _stop.Cancel();
}
