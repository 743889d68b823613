using System.Collections.Immutable;

namespace Ocf.Communication;

/// <summary>The engine's mutable counters (touched only on the engine's thread); <see cref="Snapshot"/> is immutable.</summary>
internal sealed class OcfCounterSet
{
    private readonly long[] _dropped = new long[Enum.GetValues<OcfDropReason>().Length];

    public long DatagramsSent, DatagramsReceived, DatagramsAccepted, HeartbeatsSent, MessagesSent, MessagesDelivered,
        Retransmissions, NacksSent, DuplicatesIgnored, BeyondWindow, ReassemblyTimeouts, WindowFullRefusals, MessagesUndeliverable, LocalStalls;

    public void Drop(OcfDropReason reason) => _dropped[(int)reason]++;

    public long Dropped(OcfDropReason reason) => _dropped[(int)reason];

    public OcfCommunicationCounters Snapshot() => new()
    {
        DatagramsSent = DatagramsSent,
        DatagramsReceived = DatagramsReceived,
        DatagramsAccepted = DatagramsAccepted,
        HeartbeatsSent = HeartbeatsSent,
        MessagesSent = MessagesSent,
        MessagesDelivered = MessagesDelivered,
        Retransmissions = Retransmissions,
        NacksSent = NacksSent,
        DuplicatesIgnored = DuplicatesIgnored,
        BeyondWindow = BeyondWindow,
        ReassemblyTimeouts = ReassemblyTimeouts,
        WindowFullRefusals = WindowFullRefusals,
        MessagesUndeliverable = MessagesUndeliverable,
        LocalStalls = LocalStalls,
        Dropped = Enum.GetValues<OcfDropReason>().ToImmutableSortedDictionary(r => r, r => _dropped[(int)r]),
    };
}
