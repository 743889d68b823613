namespace Ocf.Communication;

/// <summary>Heartbeat's "late heartbeat" warning: nothing heard from an up node for the warn time (raised once per silence).</summary>
public sealed record OcfNodeLate(uint NodeId, string Name, TimeSpan Silence) : OcfClusterEvent;
