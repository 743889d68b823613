using System.Globalization;
using Ocf.Data;
using Ocf.Node;
using Ocf.Rpc;

namespace Ocf.Ipc;

/// <summary>The built-in methods of a node's local API: ocf.membership and ocf.nodes (plus the registry's introspection methods).</summary>
public static class OcfNodeRpcMethods
{
    public const string Membership = "ocf.membership";
    public const string Nodes = "ocf.nodes";

    /// <summary>A registry with the introspection methods, and the node methods bound to <paramref name="node"/> when one is given.</summary>
    public static OcfRpcRegistry CreateRegistry(OcfNodeRuntime? node = null, Func<(uint NodeId, string Name)?>? leader = null)
    {
        var registry = new OcfRpcRegistry();
        if (node is not null) Register(registry, node, leader);
        return registry;
    }

    /// <param name="leader">The elected leader of the node's view, when an election runs (ocf.membership then reports it).</param>
    public static void Register(OcfRpcRegistry registry, OcfNodeRuntime node, Func<(uint NodeId, string Name)?>? leader = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(node);
        registry.Register(new OcfRpcMethod(Membership,
            "The current membership view of this node: {cluster, node, viewId, epoch, coordinator, members: [{nodeId, name, incarnation}], "
            + "quorum: {quorate, votes, expectedVotes, needed, mode, waitingForAll, policy}}. viewId is nil before a view is installed.",
            [], OcfRpcTypes.Struct, (_, _) => ValueTask.FromResult<OcfValue>(MembershipOf(node, leader?.Invoke()))));
        registry.Register(new OcfRpcMethod(Nodes,
            "Every configured node as this node sees it: an array of {name, id, state, incarnation, votes, local, sinceLastHeard (seconds or nil)}.",
            [], OcfRpcTypes.Array, (_, _) => ValueTask.FromResult<OcfValue>(NodesOf(node))));
    }

    // Incarnations are 64-bit unsigned: sent as decimal strings, since XML-RPC integers are signed.
    private static OcfValue Incarnation(ulong value) => new OcfString(value.ToString(CultureInfo.InvariantCulture));

    public static OcfMap MembershipOf(OcfNodeRuntime node, (uint NodeId, string Name)? leader = null)
    {
        var names = node.Nodes.ToDictionary(n => n.NodeId, n => n.Name);
        var view = node.View;
        var quorum = node.Quorum;
        var members = view is null ? OcfList.Empty : new OcfList(view.Members.Select(m => (OcfValue)new OcfMapBuilder()
            .Add("nodeId", (long)m.NodeId)
            .Add("name", OcfValue.From(names.TryGetValue(m.NodeId, out var n) ? n : null))
            .Add("incarnation", Incarnation(m.Incarnation))
            .Build()));
        return new OcfMapBuilder()
            .Add("cluster", node.ClusterName)
            .Add("node", node.Local.Name)
            .Add("viewId", view is null ? OcfValue.Nil : view.Id.ToString())
            .Add("epoch", view is null ? OcfValue.Nil : view.Id.Epoch)
            .Add("coordinator", view is null ? OcfValue.Nil : (long)view.Id.Coordinator)
            .Add("members", members)
            .Add("leader", leader is { } l ? (long)l.NodeId : OcfValue.Nil)
            .Add("leaderName", OcfValue.From(leader?.Name))
            .Add("quorum", new OcfMapBuilder()
                .Add("quorate", quorum.Quorate)
                .Add("votes", (long)quorum.Votes)
                .Add("expectedVotes", (long)quorum.ExpectedVotes)
                .Add("needed", (long)quorum.Needed)
                .Add("mode", quorum.Mode.ToString())
                .Add("waitingForAll", quorum.WaitingForAll)
                .Add("policy", quorum.Policy.ToString())
                .Build())
            .Build();
    }

    public static OcfList NodesOf(OcfNodeRuntime node) => new(node.Nodes.Select(n => (OcfValue)new OcfMapBuilder()
        .Add("name", n.Name)
        .Add("id", (long)n.NodeId)
        .Add("state", n.State.ToString())
        .Add("incarnation", Incarnation(n.Incarnation))
        .Add("votes", (long)n.Votes)
        .Add("local", n.IsLocal)
        .Add("sinceLastHeard", n.SinceLastHeard is { } t ? t.TotalSeconds : OcfValue.Nil)
        .Build()));
}
