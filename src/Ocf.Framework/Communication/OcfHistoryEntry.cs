namespace Ocf.Communication;

/// <summary>One sent data fragment kept for retransmission until every live member acknowledged it.</summary>
internal sealed record OcfHistoryEntry(long Sequence, long MessageId, ushort FragmentIndex, ushort FragmentCount, OcfPacketFlags Flags, byte[] Fragment);
