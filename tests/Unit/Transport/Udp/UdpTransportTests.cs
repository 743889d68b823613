using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ocf.Plugins.Comm.Udp;
using Xunit;
using static Ocf.Tests.Transport.Udp.UdpTestKit;

namespace Ocf.Tests.Transport.Udp;

/// <summary>The UDP transport over loopback (127.0.0.1 and ::1, ephemeral ports): exchange, sizes, rings, dead peers, disposal.</summary>
public class UdpTransportTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void Two_transports_exchange_datagrams_both_ways(string host)
    {
        var nodes = Nodes(host, 2);
        using var t1 = Create(1, nodes);
        using var t2 = Create(2, nodes);
        using var in1 = new Inbox();
        using var in2 = new Inbox();
        t1.Start(in1.Handler);
        t2.Start(in2.Handler);
        Assert.Equal(Loopback(host), Assert.Single(t1.LocalEndPoints).Address);
        Assert.Equal(Assert.Single(t2.LocalEndPoints), Assert.Single(t1.EndPointsOf(2)));

        for (int i = 0; i < 20; i++)
        {
            t1.Send(2, Bytes($"1->2 #{i}"));
            t2.Send(1, Bytes($"2->1 #{i}"));
        }

        var got2 = in2.Take(20).Select(Text).ToHashSet();
        var got1 = in1.Take(20).Select(Text).ToHashSet();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"1->2 #{i}").ToHashSet(), got2);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"2->1 #{i}").ToHashSet(), got1);
        Assert.Equal(20, t1.Statistics.DatagramsSent);
        Assert.Equal(20, t2.Statistics.DatagramsReceived);
        Assert.Equal(0, t1.Statistics.SendFailures);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void Three_transports_each_reach_the_two_others(string host)
    {
        var nodes = Nodes(host, 3);
        var transports = nodes.Select(n => Create(n.NodeId, nodes)).ToArray();
        var inboxes = nodes.Select(_ => new Inbox()).ToArray();
        try
        {
            for (int i = 0; i < 3; i++) transports[i].Start(inboxes[i].Handler);
            for (uint from = 1; from <= 3; from++)
                for (uint to = 1; to <= 3; to++)
                    if (from != to) transports[from - 1].Send(to, Bytes($"{from}->{to}"));

            for (uint to = 1; to <= 3; to++)
            {
                var expected = Enumerable.Range(1, 3).Where(f => f != to).Select(f => $"{f}->{to}").ToHashSet();
                Assert.Equal(expected, inboxes[to - 1].Take(2).Select(Text).ToHashSet());
            }
            // Sending to oneself or to an unconfigured node goes nowhere (counted).
            transports[0].Send(1, Bytes("self"));
            transports[0].Send(99, Bytes("nobody"));
            Assert.Equal(2, transports[0].Statistics.UnknownDestination);
            Assert.Empty(inboxes[0].Drain(TimeSpan.FromMilliseconds(100)));
        }
        finally
        {
            foreach (var t in transports) t.Dispose();
            foreach (var i in inboxes) i.Dispose();
        }
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void Datagrams_up_to_the_maximum_size_arrive_intact_and_larger_ones_are_refused(string host)
    {
        var nodes = Nodes(host, 2);
        using var t1 = Create(1, nodes);
        using var t2 = Create(2, nodes);
        using var in2 = new Inbox();
        t1.Start(_ => { });
        t2.Start(in2.Handler);
        Assert.Equal(65507, t1.MaxDatagramSize);

        var random = new Random(7);
        foreach (int size in new[] { 1, 1400, 9000, 32768, t1.MaxDatagramSize })
        {
            var data = new byte[size];
            random.NextBytes(data);
            t1.Send(2, data);
            var got = in2.Next();
            Assert.NotNull(got);
            Assert.Equal(data, got);
        }

        t1.Send(2, new byte[t1.MaxDatagramSize + 1]);
        Assert.Equal(1, t1.Statistics.Oversized);
        Assert.Null(in2.Next(TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public void A_node_with_two_addresses_receives_on_both_rings()
    {
        var v4 = FreePorts("127.0.0.1", 2);
        var v6 = FreePorts("::1", 2);
        // Two rings of mixed families: ring 0 on IPv4, ring 1 on IPv6.
        var nodes = new[]
        {
            NodeDef(1, Address("127.0.0.1", v4[0]), Address("::1", v6[0])),
            NodeDef(2, Address("127.0.0.1", v4[1]), Address("::1", v6[1])),
        };
        using var t1 = Create(1, nodes);
        using var t2 = Create(2, nodes);
        using var in1 = new Inbox();
        using var in2 = new Inbox();
        t1.Start(in1.Handler);
        t2.Start(in2.Handler);
        Assert.Equal(2, t2.LocalEndPoints.Count);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, v4[1]), new IPEndPoint(IPAddress.IPv6Loopback, v6[1])], t1.EndPointsOf(2));

        // One send reaches the destination once per ring.
        t1.Send(2, Bytes("both rings"));
        Assert.Equal(["both rings", "both rings"], in2.Take(2).Select(Text));
        Assert.Equal(2, t1.Statistics.DatagramsSent);

        // Each ring's socket receives on its own: a datagram sent to just one of the addresses arrives.
        using (var raw4 = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            raw4.SendTo(Bytes("ring 0 only"), new IPEndPoint(IPAddress.Loopback, v4[1]));
        using (var raw6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp))
            raw6.SendTo(Bytes("ring 1 only"), new IPEndPoint(IPAddress.IPv6Loopback, v6[1]));
        Assert.Equal(["ring 0 only", "ring 1 only"], in2.Take(2).Select(Text).Order());

        t2.Send(1, Bytes("back"));
        Assert.Equal(["back", "back"], in1.Take(2).Select(Text));
    }

    [Fact]
    public void A_dual_mode_wildcard_socket_reaches_ipv4_and_ipv6_peers()
    {
        int p1 = FreePorts("127.0.0.1", 1)[0];
        int p2 = FreePorts("127.0.0.1", 1)[0];
        int p3 = FreePorts("::1", 1)[0];
        var nodes = new[] { NodeDef(1, Address("127.0.0.1", p1)), NodeDef(2, Address("127.0.0.1", p2)), NodeDef(3, Address("::1", p3)) };
        using var t1 = Create(1, nodes, new UdpTransportSettings { BindAddress = IPAddress.IPv6Any });
        // Nodes 2 (IPv4 only) and 3 (IPv6 only) cannot reach each other, so each is told only of node 1, which its
        // wildcard socket makes reachable over IPv6 as well: node 3 knows it as [::1].
        using var t2 = Create(2, [nodes[0], nodes[1]]);
        using var t3 = Create(3, [NodeDef(1, Address("::1", p1)), nodes[2]]);
        using var in1 = new Inbox();
        using var in2 = new Inbox();
        using var in3 = new Inbox();
        t1.Start(in1.Handler);
        t2.Start(in2.Handler);
        t3.Start(in3.Handler);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Any, p1), Assert.Single(t1.LocalEndPoints));

        t1.Send(2, Bytes("to v4"));
        t1.Send(3, Bytes("to v6"));
        Assert.Equal("to v4", Text(in2.Next()!));
        Assert.Equal("to v6", Text(in3.Next()!));
        t2.Send(1, Bytes("from v4"));
        t3.Send(1, Bytes("from v6"));
        Assert.Equal(["from v4", "from v6"], in1.Take(2).Select(Text).Order());
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void A_dead_peer_address_breaks_neither_sending_nor_receiving(string host)
    {
        var ports = FreePorts(host, 4);
        string a1 = Address(host, ports[0]), a2 = Address(host, ports[1]), dead2 = Address(host, ports[2]), dead3 = Address(host, ports[3]);
        // Node 1 believes node 2 has a second (dead) ring and knows node 3, which never runs; node 2 only has its live address.
        using var t1 = Create(1, [NodeDef(1, a1), NodeDef(2, dead2, a2), NodeDef(3, dead3)]);
        using var t2 = Create(2, [NodeDef(1, a1), NodeDef(2, a2), NodeDef(3, dead3)]);
        using var in1 = new Inbox();
        using var in2 = new Inbox();
        t1.Start(in1.Handler);
        t2.Start(in2.Handler);

        for (int i = 0; i < 50; i++)
        {
            t1.Send(3, Bytes($"void {i}"));
            t1.Send(2, Bytes($"1->2 #{i}"));
            t2.Send(3, Bytes($"void {i}"));
            t2.Send(1, Bytes($"2->1 #{i}"));
            if (i % 10 == 9) Thread.Sleep(20); // let ICMP port-unreachable reports come back between bursts
        }

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"1->2 #{i}").ToHashSet(), in2.Take(50).Select(Text).ToHashSet());
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"2->1 #{i}").ToHashSet(), in1.Take(50).Select(Text).ToHashSet());

        // And the loops still run after the unreachable reports.
        t2.Send(1, Bytes("still alive"));
        Assert.Equal("still alive", Text(in1.Next()!));
        Assert.Equal(150, t1.Statistics.DatagramsSent + t1.Statistics.SendFailures);
    }

    [Fact]
    public void Dispose_stops_the_receive_thread_promptly_and_releases_the_port()
    {
        var nodes = Nodes("127.0.0.1", 2);
        var t1 = Create(1, nodes);
        using var t2 = Create(2, nodes);
        using var in1 = new Inbox();
        t1.Start(in1.Handler);
        t2.Start(_ => { });
        t2.Send(1, Bytes("before"));
        Assert.Equal("before", Text(in1.Next()!));

        var watch = Stopwatch.StartNew();
        t1.Dispose();
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(500), $"Dispose took {watch.Elapsed}");
        Assert.True(t1.Stopped.Wait(TimeSpan.FromSeconds(1)), "the receive thread did not end within 1 s");
        watch.Stop();

        t2.Send(1, Bytes("after"));
        Assert.Null(in1.Next(TimeSpan.FromMilliseconds(200)));
        t1.Send(2, Bytes("ignored")); // no exception after disposal
        t1.Dispose();                 // idempotent
        Assert.Throws<ObjectDisposedException>(() => t1.Start(_ => { }));

        // The port is free again: the node can restart on it.
        using var again = Create(1, nodes);
        using var inAgain = new Inbox();
        again.Start(inAgain.Handler);
        t2.Send(1, Bytes("restarted"));
        Assert.Equal("restarted", Text(inAgain.Next()!));
    }

    [Fact]
    public void A_transport_disposed_without_being_started_is_stopped_at_once()
    {
        var t = Create(1, Nodes("127.0.0.1", 2));
        Assert.False(t.Stopped.IsCompleted);
        t.Dispose();
        Assert.True(t.Stopped.IsCompleted);
    }

    [Fact]
    public void A_throwing_handler_does_not_stop_the_receive_loop_and_start_is_once_only()
    {
        var nodes = Nodes("127.0.0.1", 2);
        using var t1 = Create(1, nodes);
        using var t2 = Create(2, nodes);
        using var in1 = new Inbox();
        t1.Start(d =>
        {
            if (d.SequenceEqual("boom"u8)) throw new InvalidOperationException("handler failure");
            in1.Handler(d);
        });
        Assert.Throws<InvalidOperationException>(() => t1.Start(_ => { }));
        t2.Send(1, Bytes("boom"));
        t2.Send(1, Bytes("next"));
        Assert.Equal("next", Text(in1.Next()!));
        Assert.Equal(1, t1.Statistics.HandlerErrors);
        Assert.IsType<InvalidOperationException>(t1.LastHandlerError);
    }

    [Fact]
    public void Tuned_sockets_still_exchange_datagrams()
    {
        var nodes = Nodes("127.0.0.1", 2);
        using var t = Create(1, nodes, new UdpTransportSettings { ReceiveBufferSize = 128 * 1024, SendBufferSize = 64 * 1024, Ttl = 7 });
        using var peer = Create(2, nodes);
        using var inbox = new Inbox();
        peer.Start(inbox.Handler);
        t.Send(2, Bytes("tuned"));
        Assert.Equal("tuned", Text(inbox.Next()!));

        var dual = Nodes("127.0.0.1", 2);
        using var wildcard = Create(1, dual, new UdpTransportSettings { BindAddress = IPAddress.IPv6Any, Ttl = 3, ReceiveBufferSize = 1 << 20 });
        using var peer2 = Create(2, dual);
        using var inbox2 = new Inbox();
        peer2.Start(inbox2.Handler);
        wildcard.Send(2, Bytes("tuned dual-mode"));
        Assert.Equal("tuned dual-mode", Text(inbox2.Next()!));
    }
}
