using Ocf.Groups;
using Ocf.PowerShell.Node;

namespace Ocf.PowerShell.Groups;

/// <summary>A local member of a process group, as Join-OcfGroup returns it: the other group cmdlets take it as -Group.</summary>
public sealed class OcfGroupMembership
{
    internal OcfGroupMembership(OcfNodeJob job, OcfGroupHandle handle)
    {
        Job = job;
        Handle = handle;
    }

    internal OcfGroupHandle Handle { get; }
    public OcfNodeJob Job { get; }
    public string Group => Handle.Group;
    public string Member => Handle.Member.Name;
    public string Node => Job.Node;
    public uint NodeId => Handle.Member.NodeId;
    public bool IsJoined => Handle.IsJoined;
    /// <summary>The group's members (Name@NodeId) in the agreed order, as delivered on this node so far.</summary>
    public string[] Members => [.. Handle.Members.Select(m => m.ToString())];

    public override string ToString() => $"{Member}@{Node} in {Group}";
}

/// <summary>One delivery to a group member (Receive-OcfGroupMessage), in the group's agreed order.</summary>
public sealed class OcfGroupDelivery
{
    internal OcfGroupDelivery(OcfGroupMembership recipient, OcfGroupEvent e)
    {
        Group = e.Group;
        Recipient = recipient.Member;
        ViewId = e.View.ToString();
        Event = e;
        switch (e)
        {
            case OcfGroupMessage m:
                Kind = "Message";
                Sender = m.Sender.ToString();
                Data = m.Payload.ToArray();
                Message = m.Text;
                break;
            case OcfGroupMembershipChanged c:
                Kind = "Membership";
                Members = [.. c.Members.Select(x => x.ToString())];
                Changes = [.. c.Changes.Select(x => x.ToString())];
                Message = string.Join(", ", Changes);
                break;
            default:
                Kind = e.GetType().Name;
                Message = e.ToString();
                break;
        }
    }

    /// <summary>Message or Membership.</summary>
    public string Kind { get; }
    public string Group { get; }
    public string Recipient { get; }
    public string? Sender { get; }
    /// <summary>The message as UTF-8 text, or the membership changes ("name@node Joined", "... Left", "... NodeFailed").</summary>
    public string Message { get; }
    public byte[]? Data { get; }
    public string[]? Members { get; }
    public string[]? Changes { get; }
    public string ViewId { get; }
    public OcfGroupEvent Event { get; }
}
