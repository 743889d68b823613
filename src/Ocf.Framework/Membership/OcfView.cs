using System.Collections.Immutable;

namespace Ocf.Membership;

/// <summary>An agreed membership view: every member that installs id <see cref="Id"/> installs exactly these members, ordered by node id.</summary>
public sealed record OcfView
{
    public OcfView(OcfViewId id, IEnumerable<OcfMember> members)
    {
        Id = id;
        Members = [.. members.Order()];
        for (int i = 1; i < Members.Length; i++)
            if (Members[i].NodeId == Members[i - 1].NodeId) throw new ArgumentException($"node {Members[i].NodeId} appears twice in a view", nameof(members));
    }

    public OcfViewId Id { get; }
    public ImmutableArray<OcfMember> Members { get; }
    public IEnumerable<uint> NodeIds => Members.Select(m => m.NodeId);

    public bool Contains(OcfMember member) => Members.Contains(member);
    public bool Contains(uint nodeId) => Members.Any(m => m.NodeId == nodeId);

    public bool Equals(OcfView? other) => other is not null && Id == other.Id && Members.SequenceEqual(other.Members);

    public override int GetHashCode() => HashCode.Combine(Id, Members.Length);

    public override string ToString() => $"view {Id} [{string.Join(", ", Members)}]";
}
