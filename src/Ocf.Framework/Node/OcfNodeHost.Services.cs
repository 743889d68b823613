using Ocf.Data;
using Ocf.Election;
using Ocf.Groups;
using Ocf.Rpc.Cluster;

namespace Ocf.Node;

/// <summary>The cluster services every host runs: cluster RPC, leader election and process groups.</summary>
public sealed partial class OcfNodeHost
{
    public const string LeaderTopic = "leader";
    public const string GroupTopicPrefix = "group.";

    /// <summary>Request/response, one-way and cluster-wide calls to other nodes (port <see cref="OcfPorts.Rpc"/>).</summary>
    public OcfClusterRpc ClusterRpc { get; }
    /// <summary>The leader of the quorate view (one-way RPCs).</summary>
    public OcfLeaderElection Election { get; }
    /// <summary>Named process groups with agreed order (port <see cref="OcfPorts.Groups"/>).</summary>
    public OcfGroupService Groups { get; }

    // Attached before the node starts: every member's group service takes part in each view change's flush, and the
    // election must see the first view.
    private (OcfClusterRpc, OcfLeaderElection, OcfGroupService) AttachServices()
    {
        var rpc = new OcfClusterRpc(Runtime, Dispatcher, logger: _log);
        OcfClusterRpcMethods.Register(Registry, rpc);
        var election = new OcfLeaderElection(rpc, logger: _log);
        OcfLeaderElection.Register(Registry, election);
        var groups = new OcfGroupService(Runtime, _log);
        OcfGroupRpcMethods.Register(Registry, groups);

        Events.DeclareTopic(LeaderTopic);
        election.LeaderChanged += c => Publish(LeaderTopic, LeaderData(c));
        // Every local member's deliveries, in agreed order, on "group.<name>" (subscribe "group.*" for all groups).
        groups.Delivered += (handle, e) => Publish(GroupTopicPrefix + e.Group, GroupData(handle, e));
        return (rpc, election, groups);
    }

    private void Publish(string topic, OcfValue data)
    {
        try { Events.Publish(topic, data); }
        catch (Exception ex) { Microsoft.Extensions.Logging.LoggerExtensions.LogError(_log, ex, "Publishing {Topic} failed", topic); }
    }

    private static OcfMap LeaderData(OcfLeaderChanged c) => new OcfMapBuilder()
        .Add("viewId", c.ViewId.ToString())
        .Add("leader", c.Current is { } l ? (long)l.NodeId : OcfValue.Nil)
        .Add("leaderName", OcfValue.From(c.Current?.Name))
        .Add("previous", c.Previous is { } p ? (long)p.NodeId : OcfValue.Nil)
        .Build();

    private static OcfMap GroupData(OcfGroupHandle handle, OcfGroupEvent e)
    {
        static OcfValue Member(OcfGroupMember m) => new OcfMapBuilder().Add("nodeId", (long)m.NodeId).Add("name", m.Name).Build();
        var b = new OcfMapBuilder()
            .Add("group", e.Group)
            .Add("member", handle.Member.Name)
            .Add("viewId", e.View.ToString());
        switch (e)
        {
            case OcfGroupMessage m:
                b.Add("kind", "message").Add("sender", Member(m.Sender)).Add("data", OcfValue.From(m.Payload.ToArray()));
                break;
            case OcfGroupMembershipChanged c:
                b.Add("kind", "membership")
                 .Add("members", new OcfList(c.Members.Select(Member)))
                 .Add("changes", new OcfList(c.Changes.Select(x => (OcfValue)new OcfMapBuilder()
                     .Add("member", Member(x.Member)).Add("reason", x.Reason.ToString()).Build())));
                break;
        }
        return b.Build();
    }
}
