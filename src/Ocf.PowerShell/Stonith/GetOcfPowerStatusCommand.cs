using System.Diagnostics;
using System.Management.Automation;
using Ocf.Data;
using Ocf.Ipc;
using Ocf.PowerShell.Api;
using Ocf.Rpc;
using Ocf.Stonith;

namespace Ocf.PowerShell.Stonith;

/// <summary>
/// Reads the power state of hosts from a fencing device (all hosts it controls when -Node is omitted): a device object
/// in this process, or (-DeviceName) a device saved in a node daemon's store, read by the daemon through its local API.
/// </summary>
[Cmdlet(VerbsCommon.Get, "OcfPowerStatus", DefaultParameterSetName = DeviceSet)]
[OutputType(typeof(OcfPowerStatus))]
public sealed class GetOcfPowerStatusCommand : PSCmdlet, IDisposable
{
    private const string DeviceSet = "Device";
    private const string SocketSet = "Socket";
    private readonly CancellationTokenSource _stop = new();
    private OcfIpcClient? _client;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = DeviceSet)]
    public OcfStonithDevice Device { get; set; } = null!;

    /// <summary>A device saved in the daemon's device store (ocfd --device-store).</summary>
    [Parameter(Mandatory = true, ParameterSetName = SocketSet)]
    [ValidateNotNullOrEmpty]
    public string DeviceName { get; set; } = "";

    /// <summary>The daemon's local API socket (a pipe name on Windows); default: the one default endpoint on this machine.</summary>
    [Parameter(ParameterSetName = SocketSet)]
    [ValidateNotNullOrEmpty]
    public string? Socket { get; set; }

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Name", "HostName")]
    [ValidateNotNullOrEmpty]
    public string[]? Node { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == SocketSet)
        {
            ProcessThroughDaemon();
            return;
        }
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

    private void ProcessThroughDaemon()
    {
        IEnumerable<string> nodes;
        try
        {
            _client ??= LocalApi.Connect(this, Socket);
            nodes = Node ?? ((OcfList)_client.CallAsync(OcfStonithRpcMethods.Hosts, [new OcfString(DeviceName)], _stop.Token).GetAwaiter().GetResult())
                .Select(v => ((OcfString)v).Value).ToArray();
        }
        catch (Exception e) when (LocalApi.IsApiError(e))
        {
            WriteError(Error(e, DeviceName));
            return;
        }
        foreach (var node in nodes)
        {
            var sw = Stopwatch.StartNew();
            try
            {
                var m = (OcfMap)_client.CallAsync(OcfStonithRpcMethods.Status, [new OcfString(DeviceName), new OcfString(node)], _stop.Token).GetAwaiter().GetResult();
                var state = m.TryGetValue("state", out var v) && v is OcfString s && Enum.TryParse<OcfPowerState>(s.Value, out var st) ? st : OcfPowerState.Unknown;
                WriteObject(new OcfPowerStatus(DeviceName, node, state, sw.Elapsed));
            }
            catch (Exception e) when (LocalApi.IsApiError(e))
            {
                WriteError(Error(e, node));
            }
        }
    }

    /// <summary>A STONITH fault as the same ErrorRecord the in-process path writes; other faults as RpcFault.</summary>
    internal static ErrorRecord Error(Exception e, object target) =>
        e is OcfRpcException f && LocalApi.StonithError(f) is { } s ? StonithErrors.Record(s, target) : LocalApi.Record(e, target);

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose()
    {
        _client?.Dispose();
        _stop.Dispose();
    }
}
