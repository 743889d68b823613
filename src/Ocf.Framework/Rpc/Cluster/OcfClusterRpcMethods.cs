using Ocf.Configuration;
using Ocf.Data;

namespace Ocf.Rpc.Cluster;

/// <summary>
/// The local API of cluster RPC: methods a local client (IPC, PowerShell) calls on its node to reach other nodes.
/// Nodes are named by name or id; params is an array of the remote method's positional parameters.
/// </summary>
public static class OcfClusterRpcMethods
{
    public const string Call = "ocf.rpc.call";
    public const string CallAll = "ocf.rpc.callAll";
    public const string Notify = "ocf.rpc.notify";

    /// <summary>
    /// Methods nodes call on each other for the framework's own protocols (leader election): a local client may not
    /// send them through its node, or it could speak for the node (e.g. announce an election it did not win).
    /// </summary>
    public static readonly IReadOnlyList<string> InternalPrefixes = ["ocf.election."];

    private static readonly OcfField NodeField = new() { FieldName = "node", BasicType = OcfBasicType.String, Required = true, ShortText = "the node's name or id" };
    private static readonly OcfField MethodField = new() { FieldName = "method", BasicType = OcfBasicType.String, Required = true, ShortText = "the method to run there" };
    private static readonly OcfField ParamsField = new() { FieldName = "params", BasicType = OcfBasicType.String, IsArray = true, ShortText = "its positional parameters (any types)" };
    private static readonly OcfField TimeoutField = new() { FieldName = "timeout", BasicType = OcfBasicType.Double, ShortText = "seconds to wait for the answer (default: the service's)" };

    /// <summary>Registers ocf.rpc.call, ocf.rpc.callAll and ocf.rpc.notify, served by <paramref name="rpc"/>.</summary>
    public static void Register(OcfRpcRegistry registry, OcfClusterRpc rpc)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(rpc);
        // Parameters are checked here, not by the registry: params holds values of any type and node may be an int.
        registry.Register(new OcfRpcMethod(Call,
            "Calls a method on one cluster node and returns its result; the node's fault comes back as is. Fails with "
            + "NodeDied/NodeLeft/NodeRestarted/NodeNotMember (-32310…-32313) when the node is not a live member or stops being one before it answers, "
            + "CallTimedOut (-32314) after the timeout.",
            [NodeField, MethodField, ParamsField, TimeoutField], OcfRpcTypes.Undefined,
            async (args, ct) =>
            {
                uint node = ResolveNode(rpc, Arg(args, 0, NodeField), allowAll: false);
                return await rpc.CallAsync(node, MethodName(args), Params(args), Timeout(args), ct).ConfigureAwait(false);
            })
        { ValidateParameters = false });

        registry.Register(new OcfRpcMethod(CallAll,
            "Calls a method on every member of the current view (this node included). Returns a struct: answers, an array of "
            + "{node, name, result} or {node, name, faultCode, faultString}; notAnswered, an array of {node, name, faultCode, reason} "
            + "for members that died, left, restarted or timed out.",
            [MethodField, ParamsField, TimeoutField], OcfRpcTypes.Struct,
            async (args, ct) =>
            {
                var shifted = new List<OcfValue> { OcfValue.Nil };
                shifted.AddRange(args);
                var results = await rpc.CallAllAsync(MethodName(shifted), Params(shifted), Timeout(shifted), ct).ConfigureAwait(false);
                return ToValue(results);
            })
        { ValidateParameters = false });

        registry.Register(new OcfRpcMethod(Notify,
            "Sends a one-way call (no result) to one node, or to every member when node is 0 or \"all\". Returns true once it is queued.",
            [NodeField, MethodField, ParamsField], OcfRpcTypes.Boolean,
            async (args, ct) =>
            {
                uint node = ResolveNode(rpc, Arg(args, 0, NodeField), allowAll: true);
                await rpc.NotifyAsync(node, MethodName(args), Params(args), ct).ConfigureAwait(false);
                return OcfBoolean.True;
            })
        { ValidateParameters = false });
    }

    /// <summary>The struct ocf.rpc.callAll returns.</summary>
    public static OcfMap ToValue(OcfClusterCallResults results)
    {
        var answers = results.Answers.Values.OrderBy(a => a.NodeId).Select(a =>
        {
            var b = new OcfMapBuilder().Add("node", a.NodeId).Add("name", a.NodeName);
            if (a.IsFault) b.Add("faultCode", a.FaultCode!.Value).Add("faultString", a.FaultString!);
            else b.Add("result", a.Result!);
            return (OcfValue)b.Build();
        });
        var missing = results.NotAnswered.Select(m => (OcfValue)new OcfMapBuilder()
            .Add("node", m.NodeId).Add("name", m.NodeName).Add("faultCode", m.FaultCode).Add("reason", m.Reason).Build());
        return new OcfMapBuilder().Add("answers", new OcfList(answers)).Add("notAnswered", new OcfList(missing)).Build();
    }

    private static OcfValue Arg(IReadOnlyList<OcfValue> args, int index, OcfField field) =>
        index < args.Count && args[index] is not OcfNil ? args[index]
        : throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, $"invalid method parameters: '{field.FieldName}' is required");

    private static uint ResolveNode(OcfClusterRpc rpc, OcfValue value, bool allowAll)
    {
        string text = value switch
        {
            OcfInteger i => i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            OcfString s => s.Value,
            _ => throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, "invalid method parameters: 'node' must be a node name or id"),
        };
        if (allowAll && (text == "0" || string.Equals(text, "all", StringComparison.OrdinalIgnoreCase))) return OcfRpcEnvelope.AllNodes;
        return rpc.Runtime.Configuration.FindNode(text)?.NodeId
            ?? throw new OcfRpcException(OcfRpcFaultCodes.NodeNotMember, $"node '{text}' is not in cluster '{rpc.Runtime.ClusterName}'");
    }

    private static string MethodName(IReadOnlyList<OcfValue> args)
    {
        if (Arg(args, 1, MethodField) is not OcfString { Value.Length: > 0 } s)
            throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, "invalid method parameters: 'method' must be a non-empty string");
        if (InternalPrefixes.Any(p => s.Value.StartsWith(p, StringComparison.Ordinal)))
            throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, $"invalid method parameters: '{s.Value}' is cluster-internal and cannot be sent through the local API");
        return s.Value;
    }

    private static IReadOnlyList<OcfValue> Params(IReadOnlyList<OcfValue> args) =>
        args.Count <= 2 || args[2] is OcfNil ? [] : args[2] as OcfList
            ?? throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, "invalid method parameters: 'params' must be an array");

    private static TimeSpan? Timeout(IReadOnlyList<OcfValue> args) => args.Count <= 3 ? null : args[3] switch
    {
        OcfNil => null,
        OcfDouble d when d.Value > 0 => TimeSpan.FromSeconds(d.Value),
        OcfInteger i when i.Value > 0 => TimeSpan.FromSeconds(i.Value),
        _ => throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, "invalid method parameters: 'timeout' must be a positive number of seconds"),
    };
}
