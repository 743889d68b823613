using Ocf.Membership;

namespace Ocf.Groups;

/// <summary>
/// What a group member receives, in the agreed order (identical at every member): messages and membership changes.
/// <see cref="View"/> is the cluster view the event was delivered in.
/// </summary>
public abstract record OcfGroupEvent(string Group, OcfViewId View);

/// <summary>A message sent to <see cref="OcfGroupEvent.Group"/> by <see cref="Sender"/>.</summary>
public sealed record OcfGroupMessage(string Group, OcfViewId View, OcfGroupMember Sender, ReadOnlyMemory<byte> Payload) : OcfGroupEvent(Group, View)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Payload.Span);

    public override string ToString() => $"{Group}: {Payload.Length} byte(s) from {Sender}";
}

/// <summary>The member list of <see cref="OcfGroupEvent.Group"/> changed: <see cref="Members"/> is the list after the change.</summary>
public sealed record OcfGroupMembershipChanged(string Group, OcfViewId View, IReadOnlyList<OcfGroupMember> Members, IReadOnlyList<OcfGroupMemberChange> Changes)
    : OcfGroupEvent(Group, View)
{
    public IReadOnlyList<OcfGroupMember> Joined => [.. Changes.Where(c => c.Reason == OcfGroupChangeReason.Joined).Select(c => c.Member)];
    public IReadOnlyList<OcfGroupMember> Left => [.. Changes.Where(c => c.Reason != OcfGroupChangeReason.Joined).Select(c => c.Member)];

    public override string ToString() => $"{Group}: [{string.Join(", ", Members)}] ({string.Join(", ", Changes)})";
}
