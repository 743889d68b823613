namespace Ocf.Communication;

public sealed record OcfNodeStateChanged(uint NodeId, string Name, ulong Incarnation, OcfNodeState Previous, OcfNodeState Current, OcfNodeStateReason Reason) : OcfClusterEvent;
