using Ocf.Communication;

namespace Ocf.Membership;

/// <summary>The local partition gained or lost quorum (or its vote count changed).</summary>
public sealed record OcfQuorumChanged(OcfQuorumState? Previous, OcfQuorumState Current) : OcfClusterEvent;
