using System.Collections.Concurrent;
using System.Threading.Channels;
using Ocf.Communication;
using Ocf.Node;
using Xunit;

namespace Ocf.Tests.Node;

public class PortTests
{
    [Fact]
    public async Task Port_messages_reach_their_handler_on_every_member_and_application_messages_stay_on_events()
    {
        var received = new ConcurrentDictionary<uint, ConcurrentQueue<(uint Sender, string Text)>>();
        await using var cluster = new RuntimeCluster(3, onStart: r =>
        {
            var q = received.GetOrAdd(r.NodeId, _ => new());
            r.OpenPort(OcfPorts.FirstUserPort, m => q.Enqueue((m.Sender, System.Text.Encoding.UTF8.GetString(m.Payload.Span))));
        });
        await cluster.WaitForFullViewAsync();

        for (int i = 0; i < 20; i++) Assert.True((await cluster[2].SendAsync(OcfPorts.FirstUserPort, System.Text.Encoding.UTF8.GetBytes($"m{i}"))).IsAccepted);
        Assert.True(cluster[1].Broadcast("app"u8).IsAccepted);

        await RuntimeCluster.WaitUntilAsync(() => received.Values.All(q => q.Count == 20), TimeSpan.FromSeconds(10), "20 port messages everywhere");
        foreach (var q in received.Values)
            Assert.Equal(Enumerable.Range(0, 20).Select(i => (2u, $"m{i}")), q.ToArray()); // in order, exactly once, sender 2

        // The application message arrives on Events without its port byte; port messages never do.
        var app = await FirstDeliveredAsync(cluster[3].Events, TimeSpan.FromSeconds(10));
        Assert.Equal("app", System.Text.Encoding.UTF8.GetString(app.Payload.Span));
        Assert.Equal(1u, app.Sender);
    }

    [Fact]
    public async Task A_port_opens_once_and_port_zero_is_the_applications()
    {
        await using var cluster = new RuntimeCluster(1);
        using var lease = cluster[1].OpenPort(200, _ => { });
        Assert.Throws<InvalidOperationException>(() => cluster[1].OpenPort(200, _ => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => cluster[1].OpenPort(OcfPorts.Application, _ => { }));
        lease.Dispose();
        using var again = cluster[1].OpenPort(200, _ => { }); // closed ports can be reopened
    }

    private static async Task<OcfMessageDelivered> FirstDeliveredAsync(ChannelReader<OcfClusterEvent> events, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await foreach (var e in events.ReadAllAsync(cts.Token))
            if (e is OcfMessageDelivered m) return m;
        throw new InvalidOperationException("the event stream ended");
    }
}
