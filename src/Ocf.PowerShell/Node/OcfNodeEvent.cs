using Ocf.Communication;
using Ocf.Membership;

namespace Ocf.PowerShell.Node;

/// <summary>One cluster event as Receive-Job returns it from a node job: when, what, about whom, and the view.</summary>
public sealed class OcfNodeEvent
{
    internal OcfNodeEvent(string localNode, OcfClusterEvent e, OcfView? view)
    {
        Time = DateTime.Now;
        LocalNode = localNode;
        Event = e;
        ViewId = view?.Id.ToString();
        Members = view?.Members.Select(m => m.NodeId).ToArray() ?? [];
        (Kind, Subject, Message) = e switch
        {
            OcfNodeStateChanged s => ($"Node{s.Current}", s.Name, $"{s.Name} (id {s.NodeId}): {s.Previous} -> {s.Current} ({s.Reason})"),
            OcfViewChanged v => ("ViewChanged", v.Current.Id.ToString(),
                $"view {v.Current.Id}: members {string.Join(",", v.Current.NodeIds)}; joined {string.Join(",", v.Joined.Select(m => m.NodeId))}; left {string.Join(",", v.Left.Select(m => m.NodeId))}"),
            OcfQuorumChanged q => ("QuorumChanged", q.Current.Quorate ? "quorate" : "not quorate", q.Current.ToString()),
            OcfNodeLate l => ("Warning", l.Name, $"{l.Name} late: silent for {l.Silence.TotalSeconds:0.000} s"),
            OcfPacketDropped d => ("Warning", d.Sender?.ToString() ?? "", $"packet dropped ({d.Reason}): {d.Detail}"),
            OcfLocalStall s => ("Warning", localNode, $"local stall of {s.Duration.TotalSeconds:0.000} s"),
            OcfLocalLeft l => ("Left", localNode, l.Acknowledged ? "left the cluster (acknowledged)" : "left the cluster"),
            OcfMessageDelivered m => ("Message", m.Sender.ToString(), $"{m.Payload.Length} bytes from node {m.Sender}"),
            _ => (e.GetType().Name.Replace("Ocf", ""), "", e.ToString()),
        };
    }

    public DateTime Time { get; }
    public string LocalNode { get; }
    public string Kind { get; }
    public string Subject { get; }
    public string Message { get; }
    public string? ViewId { get; }
    public uint[] Members { get; }
    /// <summary>The core's own event record.</summary>
    public OcfClusterEvent Event { get; }
}

/// <summary>What Get-OcfMembership returns: the agreed view and the quorum.</summary>
public sealed record OcfMembershipInfo(string Cluster, string LocalNode, string? ViewId, string[] Members, bool Quorate, int Votes, int ExpectedVotes, string Quorum, string? Leader = null);
