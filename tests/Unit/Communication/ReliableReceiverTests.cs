using Ocf.Communication;
using Xunit;

namespace Ocf.Tests.Communication;

/// <summary>The receiving half of reliable delivery on its own: ordering, gaps, NACKs, rebasing and reassembly timeouts.</summary>
public class ReliableReceiverTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    private static OcfReliableReceiver Create() => new(1, 64, 10_000, new Random(1), Ms * 5, Ms * 10, Ms * 25);

    [Fact]
    public void Fragments_are_reassembled_in_order_and_gaps_are_nacked_after_a_jittered_delay()
    {
        var r = Create();
        var delivered = new List<OcfAssembledMessage>();
        var ranges = new List<OcfSequenceRange>();
        Assert.Null(r.Rebase(10, TimeSpan.Zero, delivered));
        Assert.Equal(OcfReceiveOutcome.Accepted, r.OnFragment(12, 0, 1, 0, [3], TimeSpan.Zero, delivered));
        Assert.Equal(OcfReceiveOutcome.Accepted, r.OnFragment(11, 1, 2, 0, [2], TimeSpan.Zero, delivered));
        Assert.Empty(delivered);
        Assert.False(r.TryCollectNack(Ms * 4, ranges, 10));
        Assert.True(r.TryCollectNack(Ms * 10, ranges, 10));
        Assert.Equal([new OcfSequenceRange(10, 1)], ranges);
        Assert.Equal(OcfReceiveOutcome.Accepted, r.OnFragment(10, 0, 2, 0, [1], Ms * 11, delivered));
        Assert.Equal([10L, 12L], delivered.Select(m => m.MessageId));
        Assert.Equal(new byte[] { 1, 2 }, delivered[0].Data);
        Assert.Equal(12, r.Delivered);
        Assert.Equal(OcfReceiveOutcome.Duplicate, r.OnFragment(11, 1, 2, 0, [2], Ms * 12, delivered));
        Assert.False(r.TryCollectNack(Ms * 100, ranges, 10));
    }

    [Fact]
    public void A_lost_tail_announced_by_a_heartbeat_is_nacked()
    {
        var r = Create();
        var delivered = new List<OcfAssembledMessage>();
        var ranges = new List<OcfSequenceRange>();
        r.Rebase(1, TimeSpan.Zero, delivered);
        r.OnFragment(1, 0, 1, 0, [1], TimeSpan.Zero, delivered);
        r.OnAnnounce(4, TimeSpan.Zero);
        Assert.True(r.TryCollectNack(Ms * 20, ranges, 10));
        Assert.Equal([new OcfSequenceRange(2, 3)], ranges);
    }

    [Fact]
    public void A_stalled_partial_message_is_discarded_after_the_timeout_and_fetched_again()
    {
        var r = Create();
        var delivered = new List<OcfAssembledMessage>();
        var ranges = new List<OcfSequenceRange>();
        r.Rebase(1, TimeSpan.Zero, delivered);
        r.OnFragment(1, 0, 3, 0, [1], TimeSpan.Zero, delivered);
        r.OnFragment(2, 1, 3, 0, [2], TimeSpan.Zero, delivered);
        Assert.True(r.HasPartial);
        Assert.Equal(0, r.Delivered); // fragments of an incomplete message are not acknowledged
        Assert.False(r.CheckReassemblyTimeout(Ms * 100, Ms * 100));
        Assert.True(r.CheckReassemblyTimeout(Ms * 101, Ms * 100));
        Assert.False(r.HasPartial);
        r.OnAnnounce(3, Ms * 101);
        Assert.True(r.TryCollectNack(Ms * 101, ranges, 10));
        Assert.Equal([new OcfSequenceRange(1, 3)], ranges);
        foreach (var (s, b) in new[] { (3L, (byte)3), (1L, (byte)1), (2L, (byte)2) }) r.OnFragment(s, (ushort)(s - 1), 3, 0, [b], Ms * 110, delivered);
        Assert.Equal(new byte[] { 1, 2, 3 }, Assert.Single(delivered).Data);
    }

    [Fact]
    public void A_higher_base_skips_what_the_sender_gave_up_on()
    {
        var r = Create();
        var delivered = new List<OcfAssembledMessage>();
        r.Rebase(1, TimeSpan.Zero, delivered);
        r.OnFragment(1, 0, 1, 0, [1], TimeSpan.Zero, delivered);
        r.OnFragment(3, 0, 2, 0, [3], TimeSpan.Zero, delivered);
        r.OnFragment(6, 0, 1, 0, [6], TimeSpan.Zero, delivered);
        Assert.Equal(new OcfSequenceRange(2, 4), r.Rebase(6, TimeSpan.Zero, delivered));
        Assert.Equal([1L, 6L], delivered.Select(m => m.MessageId));
        Assert.Null(r.Rebase(6, TimeSpan.Zero, delivered));
        Assert.Equal(OcfReceiveOutcome.BeyondWindow, r.OnFragment(6 + 64 + 1, 0, 1, 0, [0], TimeSpan.Zero, delivered));
    }
}
