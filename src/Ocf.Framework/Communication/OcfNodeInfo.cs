namespace Ocf.Communication;

/// <summary>A snapshot of one configured node as this node sees it.</summary>
/// <param name="SinceLastHeard">Time since the last authentic packet from it; null if never heard.</param>
/// <param name="IsLocal">This is the local node (always <see cref="OcfNodeState.Up"/> while running).</param>
public sealed record OcfNodeInfo(uint NodeId, string Name, OcfNodeState State, ulong Incarnation, TimeSpan? SinceLastHeard, int Votes, bool IsLocal);
