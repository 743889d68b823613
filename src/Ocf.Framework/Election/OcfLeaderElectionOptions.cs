namespace Ocf.Election;

/// <summary>Settings of leader election.</summary>
public sealed record OcfLeaderElectionOptions
{
    /// <summary>
    /// How often a member that knows no leader for its quorate view sends its acknowledgement again (and the
    /// candidate re-announces an election it won). One-way calls are reliable while both ends stay members, so this
    /// only covers an acknowledgement that could not be sent (the candidate not yet up at the voter).
    /// </summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public static readonly OcfLeaderElectionOptions Default = new();
}
