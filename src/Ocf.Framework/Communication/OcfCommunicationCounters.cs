using System.Collections.Immutable;

namespace Ocf.Communication;

/// <summary>An immutable snapshot of one node's communication counters.</summary>
public sealed record OcfCommunicationCounters
{
    public long DatagramsSent { get; init; }
    public long DatagramsReceived { get; init; }
    /// <summary>Received datagrams that passed every check.</summary>
    public long DatagramsAccepted { get; init; }
    public long HeartbeatsSent { get; init; }
    public long MessagesSent { get; init; }
    public long MessagesDelivered { get; init; }
    public long Retransmissions { get; init; }
    public long NacksSent { get; init; }
    /// <summary>Authentic data datagrams already delivered or buffered (network duplicates, answered NACKs that crossed).</summary>
    public long DuplicatesIgnored { get; init; }
    /// <summary>Authentic data datagrams beyond the receive window (cannot happen with a correctly configured sender).</summary>
    public long BeyondWindow { get; init; }
    /// <summary>Partially reassembled messages discarded after the reassembly timeout (and fetched again).</summary>
    public long ReassemblyTimeouts { get; init; }
    /// <summary>Broadcasts refused because the send window was full.</summary>
    public long WindowFullRefusals { get; init; }
    public long MessagesUndeliverable { get; init; }
    public long LocalStalls { get; init; }
    /// <summary>Dropped datagrams per reason (every reason present, zero if none).</summary>
    public ImmutableSortedDictionary<OcfDropReason, long> Dropped { get; init; } = ImmutableSortedDictionary<OcfDropReason, long>.Empty;

    public long DroppedTotal => Dropped.Values.Sum();

    public long this[OcfDropReason reason] => Dropped.TryGetValue(reason, out long n) ? n : 0;
}
