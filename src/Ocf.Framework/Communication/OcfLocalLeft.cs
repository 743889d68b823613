namespace Ocf.Communication;

/// <summary>The local node finished its graceful leave (outstanding messages flushed or timed out, peers told).</summary>
/// <param name="Acknowledged">Every up peer confirmed the leave (otherwise the leave timed out).</param>
public sealed record OcfLocalLeft(bool Acknowledged) : OcfClusterEvent;
