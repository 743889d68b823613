using System.Diagnostics;
using System.Management.Automation;
using Ocf.Stonith;

namespace Ocf.PowerShell.Stonith;

/// <summary>Reads the power state of hosts from a fencing device (all hosts it controls when -Node is omitted).</summary>
[Cmdlet(VerbsCommon.Get, "OcfPowerStatus")]
[OutputType(typeof(OcfPowerStatus))]
public sealed class GetOcfPowerStatusCommand : PSCmdlet
{
    private readonly CancellationTokenSource _stop = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public OcfStonithDevice Device { get; set; } = null!;

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "HostName")]
    [ValidateNotNullOrEmpty]
    public string[]? Node { get; set; }

    protected override void ProcessRecord()
    {
        IReadOnlyList<string> nodes;
        try
        {
            nodes = Node ?? Device.ListHostsAsync(_stop.Token).GetAwaiter().GetResult();
        }
        catch (OcfStonithException e)
        {
            WriteError(StonithErrors.Record(e, Device.Name));
            return;
        }
        foreach (var node in nodes)
        {
            var sw = Stopwatch.StartNew();
            try
            {
                var state = Device.GetPowerStateAsync(node, _stop.Token).GetAwaiter().GetResult();
                WriteObject(new OcfPowerStatus(Device.Name, node, state, sw.Elapsed));
            }
            catch (OcfStonithException e)
            {
                WriteError(StonithErrors.Record(e, node));
            }
        }
    }

    protected override void StopProcessing() => _stop.Cancel();
}
