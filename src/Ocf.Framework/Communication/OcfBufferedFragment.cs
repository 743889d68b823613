namespace Ocf.Communication;

/// <summary>A received data fragment waiting in the reorder buffer.</summary>
internal sealed record OcfBufferedFragment(long Sequence, ushort FragmentIndex, ushort FragmentCount, OcfPacketFlags Flags, byte[] Data);
