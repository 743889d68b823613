namespace Ocf.Membership;

public enum OcfQuorumMode
{
    /// <summary>Quorate with more than half of the expected votes (votequorum: 50 % + 1).</summary>
    Majority,
    /// <summary>
    /// corosync's two_node: a 2-node cluster is quorate with one vote, wait-for-all implied. Both halves of a split
    /// are quorate by design: fencing decides (enable <see cref="OcfQuorumPolicy.AutoTieBreaker"/> in Majority mode
    /// instead for a deterministic winner).
    /// </summary>
    TwoNode,
}
