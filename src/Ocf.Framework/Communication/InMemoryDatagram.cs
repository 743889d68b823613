namespace Ocf.Communication;

/// <summary>A datagram seen on the in-memory network (for taps: capture and inspection in tests).</summary>
public sealed record InMemoryDatagram(uint From, uint To, byte[] Data);
