namespace Ocf.Communication;

/// <summary>
/// Messages this node sent that <see cref="Destination"/> never acknowledged before it died, left or restarted: they
/// were not (or not provably) delivered there. Never silent: every message a member fails to acknowledge ends here.
/// </summary>
public sealed record OcfMessagesUndeliverable(uint Destination, ulong DestinationIncarnation, IReadOnlyList<long> MessageIds, OcfNodeStateReason Reason) : OcfClusterEvent;
