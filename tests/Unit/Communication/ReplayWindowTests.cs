using Ocf.Communication;
using Xunit;

namespace Ocf.Tests.Communication;

public class ReplayWindowTests
{
    private static OcfDropReason? Offer(OcfReplayWindow window, ulong incarnation, ulong sequence)
    {
        var verdict = window.Check(incarnation, sequence);
        if (verdict is null) window.Accept(incarnation, sequence);
        return verdict;
    }

    [Fact]
    public void Accepts_each_sequence_once_in_any_order_within_the_window()
    {
        var window = new OcfReplayWindow(128);
        foreach (ulong s in new ulong[] { 5, 3, 4, 10, 6, 200, 150, 73 }) Assert.Null(Offer(window, 1, s));
        foreach (ulong s in new ulong[] { 200, 150, 73 }) Assert.Equal(OcfDropReason.Replayed, Offer(window, 1, s));
        Assert.Equal(OcfDropReason.TooOld, Offer(window, 1, 5));
        Assert.Equal(OcfDropReason.TooOld, Offer(window, 1, 72));
        Assert.Equal(OcfDropReason.TooOld, Offer(window, 1, 10));
        Assert.Null(Offer(window, 1, 199));
    }

    [Fact]
    public void A_newer_incarnation_resets_and_an_older_one_is_refused()
    {
        var window = new OcfReplayWindow(64);
        Assert.Null(Offer(window, 3, 1000));
        Assert.Null(Offer(window, 4, 1));
        Assert.Equal(OcfDropReason.StaleIncarnation, Offer(window, 3, 1001));
        Assert.Equal(OcfDropReason.Replayed, Offer(window, 4, 1));
        Assert.Null(Offer(window, 4, 2));
    }

    [Fact]
    public void A_jump_beyond_the_window_clears_it()
    {
        var window = new OcfReplayWindow(64);
        for (ulong s = 1; s <= 64; s++) Assert.Null(Offer(window, 1, s));
        Assert.Null(Offer(window, 1, 1000));
        Assert.Null(Offer(window, 1, 990));
        Assert.Equal(OcfDropReason.Replayed, Offer(window, 1, 990));
        Assert.Equal(OcfDropReason.TooOld, Offer(window, 1, 936));
    }
}
