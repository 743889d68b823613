namespace Ocf.Communication;

/// <summary>A message, delivered exactly once and in the sender's order (the local node's own messages included).</summary>
public sealed record OcfMessageDelivered(uint Sender, ulong SenderIncarnation, long MessageId, ReadOnlyMemory<byte> Payload) : OcfClusterEvent;
