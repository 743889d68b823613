namespace Ocf.Communication;

/// <summary>What the in-memory network did so far.</summary>
public sealed record InMemoryNetworkStatistics(long Sent, long Lost, long Duplicated, long Reordered, long Delivered, long Partitioned, long Unreachable, long Oversized);
