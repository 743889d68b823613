using Ocf.Rpc.Cluster;
using Xunit;

namespace Ocf.Tests.Rpc.Cluster;

public class ReplyCacheTests
{
    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualTime : TimeProvider
    {
        public long Ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Ticks;
    }

    private static OcfRpcRequestKey K(ulong id, uint caller = 1, ulong incarnation = 10) => new(caller, incarnation, id);

    [Fact]
    public void A_request_begins_once_then_its_duplicates_get_nothing_while_it_runs_and_the_response_after()
    {
        var cache = new OcfRpcReplyCache(10, TimeSpan.FromMinutes(1), new ManualTime());
        Assert.True(cache.TryBegin(K(1), out _));
        Assert.False(cache.TryBegin(K(1), out var running));
        Assert.Null(running);
        cache.Complete(K(1), [1, 2]);
        Assert.False(cache.TryBegin(K(1), out var done));
        Assert.Equal(new byte[] { 1, 2 }, done);
        Assert.True(cache.TryBegin(K(1, caller: 2), out _));
        Assert.True(cache.TryBegin(K(1, incarnation: 11), out _));
    }

    [Fact]
    public void The_cache_forgets_the_oldest_finished_requests_by_count_and_age_but_never_a_running_one()
    {
        var time = new ManualTime();
        var cache = new OcfRpcReplyCache(3, TimeSpan.FromSeconds(10), time);
        Assert.True(cache.TryBegin(K(1), out _)); // stays running
        Assert.True(cache.TryBegin(K(2), out _));
        cache.Complete(K(2), [2]);
        Assert.True(cache.TryBegin(K(3), out _));
        cache.Complete(K(3), [3]);
        Assert.True(cache.TryBegin(K(4), out _)); // full: 2 (the oldest finished) goes, 1 (running) stays
        Assert.Equal(3, cache.Count);
        Assert.False(cache.TryBegin(K(1), out _));
        Assert.False(cache.TryBegin(K(3), out _));
        Assert.True(cache.TryBegin(K(2), out _)); // forgotten: it would run again (the bound's price)


        var aging = new OcfRpcReplyCache(10, TimeSpan.FromSeconds(10), time);
        Assert.True(aging.TryBegin(K(1), out _));
        aging.Complete(K(1), [1]);
        Assert.True(aging.TryBegin(K(2), out _)); // stays running
        time.Ticks += TimeSpan.FromSeconds(11).Ticks;
        Assert.True(aging.TryBegin(K(3), out _)); // 1 aged out; 2 runs, so it stays however old
        Assert.True(aging.TryBegin(K(1), out _));
        Assert.False(aging.TryBegin(K(2), out _));
    }

    [Fact]
    public void An_envelope_round_trips_and_a_short_or_foreign_one_is_refused()
    {
        var e = new OcfRpcEnvelope(OcfRpcMessageKind.OneWay, 7, 123456789012, 42);
        var bytes = e.Encode("<x/>"u8);
        Assert.Equal(OcfRpcEnvelope.HeaderSize + 4, bytes.Length);
        Assert.True(OcfRpcEnvelope.TryDecode(bytes, out var back, out var doc));
        Assert.Equal(e, back);
        Assert.Equal("<x/>"u8.ToArray(), doc.ToArray());
        Assert.False(OcfRpcEnvelope.TryDecode(bytes.AsMemory(0, OcfRpcEnvelope.HeaderSize - 1), out _, out _));
        bytes[0] = 2;
        Assert.False(OcfRpcEnvelope.TryDecode(bytes, out _, out _));
    }
}
