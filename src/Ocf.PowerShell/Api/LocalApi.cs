using System.Globalization;
using System.Management.Automation;
using Ocf.Communication;
using Ocf.Data;
using Ocf.Ipc;
using Ocf.Membership;
using Ocf.PowerShell.Node;
using Ocf.Rpc;
using Ocf.Stonith;

namespace Ocf.PowerShell.Api;

/// <summary>What the cmdlets share to talk to a node's local API: connecting, errors, and turning answers back into the -Job objects.</summary>
internal static class LocalApi
{
    public const string FaultErrorId = "RpcFault";
    public const string UnreachableErrorId = "LocalApiUnreachable";
    public const string DeniedErrorId = "LocalApiAccessDenied";

    /// <summary>A client for -Socket (a path, resolved against the current location; a pipe name on Windows), or for the one default endpoint.</summary>
    public static OcfIpcClient Connect(PSCmdlet cmdlet, string? socket)
    {
        string? endpoint = socket is null ? null : OperatingSystem.IsWindows() ? socket : cmdlet.GetUnresolvedProviderPathFromPSPath(socket);
        return OcfIpcClient.Connect(endpoint);
    }

    public static bool IsApiError(Exception e) => e is OcfIpcException or OcfRpcException;

    /// <summary>An ErrorRecord for a fault (ErrorId RpcFault, the code in the message and on the exception) or a transport failure.</summary>
    public static ErrorRecord Record(Exception e, object? target)
    {
        switch (e)
        {
            case OcfRpcException f:
                var category = f.FaultCode switch
                {
                    OcfRpcFaultCodes.MethodNotFound => ErrorCategory.ObjectNotFound,
                    OcfRpcFaultCodes.InvalidParams => ErrorCategory.InvalidArgument,
                    OcfRpcFaultCodes.ParseError or OcfRpcFaultCodes.InvalidRequest => ErrorCategory.InvalidData,
                    OcfLocalApiFaults.NoSuchDevice => ErrorCategory.ObjectNotFound,
                    OcfLocalApiFaults.NotRegistered => ErrorCategory.InvalidOperation,
                    _ => ErrorCategory.InvalidOperation,
                };
                return new ErrorRecord(f, FaultErrorId, category, target) { ErrorDetails = new ErrorDetails($"XML-RPC fault {f.FaultCode}: {f.FaultString}") };
            case OcfIpcException { HttpStatus: 403 } d:
                return new ErrorRecord(d, DeniedErrorId, ErrorCategory.PermissionDenied, target);
            default:
                return new ErrorRecord(e, UnreachableErrorId, ErrorCategory.ConnectionError, target);
        }
    }

    /// <summary>A STONITH fault (1100 + kind) back as the exception the in-process cmdlets report, so ErrorIds match.</summary>
    public static OcfStonithException? StonithError(OcfRpcException f)
    {
        int kind = f.FaultCode - OcfLocalApiFaults.StonithFailureBase;
        return Enum.IsDefined(typeof(OcfStonithFailureKind), kind) ? new OcfStonithException((OcfStonithFailureKind)kind, f.FaultString, inner: f) : null;
    }

    private static string Str(OcfMap m, string key) => m.TryGetValue(key, out var v) && v is OcfString s ? s.Value : "";
    private static long Int(OcfMap m, string key) => m.TryGetValue(key, out var v) && v is OcfInteger i ? i.Value : 0;
    private static bool Bool(OcfMap m, string key) => m.TryGetValue(key, out var v) && v is OcfBoolean b && b.Value;
    private static double? Dbl(OcfMap m, string key) => m.TryGetValue(key, out var v) ? v switch { OcfDouble d => d.Value, OcfInteger i => i.Value, _ => null } : null;

    /// <summary>ocf.nodes → the OcfNodeInfo objects Get-OcfNode -Job returns.</summary>
    public static IEnumerable<OcfNodeInfo> Nodes(OcfValue value) =>
        ((OcfList)value).OfType<OcfMap>().Select(m => new OcfNodeInfo(
            (uint)Int(m, "id"), Str(m, "name"),
            Enum.TryParse<OcfNodeState>(Str(m, "state"), out var st) ? st : default,
            ulong.TryParse(Str(m, "incarnation"), NumberStyles.None, CultureInfo.InvariantCulture, out var inc) ? inc : 0,
            Dbl(m, "sinceLastHeard") is { } s ? TimeSpan.FromSeconds(s) : null,
            (int)Int(m, "votes"), Bool(m, "local")));

    /// <summary>ocf.membership → the OcfMembershipInfo Get-OcfMembership -Job returns.</summary>
    public static OcfMembershipInfo Membership(OcfValue value)
    {
        var m = (OcfMap)value;
        var q = m.TryGetValue("quorum", out var qv) && qv is OcfMap qm ? qm : OcfMap.Empty;
        var members = m.TryGetValue("members", out var mv) && mv is OcfList l
            ? l.OfType<OcfMap>().Select(x => Str(x, "name") is { Length: > 0 } n ? n : Int(x, "nodeId").ToString(CultureInfo.InvariantCulture)).ToArray()
            : [];
        var quorum = new OcfQuorumState(Bool(q, "quorate"), (int)Int(q, "votes"), (int)Int(q, "expectedVotes"), (int)Int(q, "needed"),
            Enum.TryParse<OcfQuorumMode>(Str(q, "mode"), out var mode) ? mode : default, Bool(q, "waitingForAll"),
            Enum.TryParse<OcfNoQuorumPolicy>(Str(q, "policy"), out var policy) ? policy : default);
        return new OcfMembershipInfo(Str(m, "cluster"), Str(m, "node"), m.TryGetValue("viewId", out var id) && id is OcfString ids ? ids.Value : null,
            members, quorum.Quorate, quorum.Votes, quorum.ExpectedVotes, quorum.ToString(),
            Str(m, "leaderName") is { Length: > 0 } leader ? leader : null);
    }

    /// <summary>ocf.stonith.reset's struct → the OcfStonithResult Invoke-OcfReset -Device returns.</summary>
    public static OcfStonithResult ResetResult(OcfValue value)
    {
        var m = (OcfMap)value;
        OcfStonithFailureKind? kind = Enum.TryParse<OcfStonithFailureKind>(Str(m, "failureKind"), out var k) ? k : null;
        string? step = Str(m, "failedStep") is { Length: > 0 } s ? s : null;
        string? message = Str(m, "message") is { Length: > 0 } msg ? msg : null;
        return new OcfStonithResult
        {
            Device = Str(m, "device"),
            Node = Str(m, "host"),
            Action = Str(m, "action"),
            Success = Bool(m, "success"),
            State = Enum.TryParse<OcfPowerState>(Str(m, "state"), out var st) ? st : OcfPowerState.Unknown,
            Duration = TimeSpan.FromSeconds(Dbl(m, "duration") ?? 0),
            FailedStep = step,
            FailureKind = kind,
            Message = message,
            Error = kind is { } fk ? new OcfStonithException(fk, message ?? "the operation failed", step) : null,
        };
    }

    /// <summary>Runs a call against a node job's host in-process (a call context of its own, dropped afterwards).</summary>
    public static OcfValue InvokeInProcess(OcfNodeJob job, string method, IReadOnlyList<OcfValue> args, CancellationToken ct)
    {
        long connection = -Interlocked.Increment(ref _inProcessCalls);
        return Task.Run(async () =>
        {
            OcfRpcCallContext.Current = new OcfRpcCallContext("in-process", connection, Environment.ProcessId, OcfPeerCredentials.EffectiveUserId(), null);
            try { return await job.Host.Registry.InvokeAsync(method, args, ct).ConfigureAwait(false); }
            finally { job.Host.Events.Disconnect(connection); }
        }, ct).GetAwaiter().GetResult();
    }

    private static long _inProcessCalls;
}
