namespace Ocf.Membership;

/// <summary>The outcome of <see cref="OcfQuorum.Evaluate"/> for one partition.</summary>
/// <param name="Needed">Votes needed for quorum.</param>
/// <param name="WaitingForAll">Wait-for-all is on and not every voting node has been seen together yet.</param>
/// <param name="Policy">What the partition does without quorum.</param>
public sealed record OcfQuorumState(bool Quorate, int Votes, int ExpectedVotes, int Needed, OcfQuorumMode Mode, bool WaitingForAll, OcfNoQuorumPolicy Policy)
{
    /// <summary>Resources may run here: quorate, or the policy ignores quorum.</summary>
    public bool MayRunResources => Quorate || Policy == OcfNoQuorumPolicy.Ignore;

    public override string ToString() => $"{(Quorate ? "quorate" : "not quorate")} ({Votes}/{ExpectedVotes} votes, {Needed} needed{(WaitingForAll ? ", waiting for all" : "")})";
}
