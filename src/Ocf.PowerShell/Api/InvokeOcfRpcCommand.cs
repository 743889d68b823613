using System.Management.Automation;
using Ocf.Data;
using Ocf.Ipc;
using Ocf.PowerShell.Data;
using Ocf.PowerShell.Node;

namespace Ocf.PowerShell.Api;

/// <summary>
/// Calls a method of a node's local API (ocfd's socket, or a Start-OcfNode job's host in-process) and writes its result
/// as PowerShell objects (structs as PSCustomObject, arrays enumerated). Faults become errors with ErrorId RpcFault.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "OcfRpc", DefaultParameterSetName = SocketSet)]
[OutputType(typeof(PSObject), typeof(string), typeof(int), typeof(bool))]
public sealed class InvokeOcfRpcCommand : PSCmdlet, IDisposable
{
    private const string SocketSet = "Socket";
    private const string JobSet = "Job";
    private readonly CancellationTokenSource _stop = new();
    private OcfIpcClient? _client;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("MethodName")]
    [ValidateNotNullOrEmpty]
    public string Method { get; set; } = "";

    [Parameter(Position = 1)]
    [Alias("Args", "Params")]
    [AllowNull, AllowEmptyCollection]
    public object?[]? ArgumentList { get; set; }

    /// <summary>The local API socket path (a pipe name on Windows); default: the one default endpoint on this machine.</summary>
    [Parameter(ParameterSetName = SocketSet)]
    [ValidateNotNullOrEmpty]
    public string? Socket { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = JobSet)]
    [ValidateNotNull]
    public OcfNodeJob Job { get; set; } = null!;

    /// <summary>Write arrays as one object instead of enumerating them.</summary>
    [Parameter]
    public SwitchParameter NoEnumerate { get; set; }

    protected override void ProcessRecord()
    {
        OcfValue[] args;
        try
        {
            var options = new OcfConversionOptions { Adapter = PSObjectAdapter.Instance };
            args = (ArgumentList ?? []).Select(a => OcfValueConverter.FromObject(a, options)).ToArray();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or Ocf.Encoding.OcfFormatException)
        {
            WriteError(new ErrorRecord(e, "ArgumentNotConvertible", ErrorCategory.InvalidArgument, ArgumentList));
            return;
        }
        OcfValue result;
        try
        {
            if (ParameterSetName == JobSet) result = LocalApi.InvokeInProcess(Job, Method, args, _stop.Token);
            else
            {
                _client ??= LocalApi.Connect(this, Socket);
                result = _client.CallAsync(Method, args, _stop.Token).GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (LocalApi.IsApiError(e))
        {
            WriteError(LocalApi.Record(e, Method));
            return;
        }
        WriteObject(PSValueConverter.ToPowerShell(result, asHashtable: false), enumerateCollection: !NoEnumerate);
    }

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose()
    {
        _client?.Dispose();
        _stop.Dispose();
    }
}
