namespace Ocf.Communication;

/// <summary>A message reassembled from in-order fragments, still in its transmitted form (maybe compressed).</summary>
internal readonly record struct OcfAssembledMessage(long MessageId, OcfPacketFlags Flags, byte[] Data);
