namespace Ocf.Communication;

/// <summary>
/// The receiving side of <see cref="OcfMessagesUndeliverable"/>: <see cref="Sender"/> declared this node dead and
/// restarted its stream to it, so stream sequences <see cref="FirstSequence"/>..<see cref="LastSequence"/> will never arrive.
/// </summary>
public sealed record OcfMessagesSkipped(uint Sender, ulong SenderIncarnation, long FirstSequence, long LastSequence) : OcfClusterEvent;
