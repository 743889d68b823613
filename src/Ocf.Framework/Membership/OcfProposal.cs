namespace Ocf.Membership;

/// <summary>A view the local node proposes as coordinator, and who acknowledged it.</summary>
internal sealed class OcfProposal(OcfView view, TimeSpan createdAt)
{
    public OcfView View { get; } = view;
    public TimeSpan CreatedAt { get; } = createdAt;
    public TimeSpan LastSentAt { get; set; } = createdAt;
    public HashSet<uint> Acks { get; } = [];
}
