using System.Buffers.Binary;
using Ocf.Communication;
using Xunit;
using Xunit.Abstractions;

namespace Ocf.Tests.Communication;

/// <summary>Reliable delivery over a lossy, duplicating, reordering network, in fake time.</summary>
public class ReliableDeliveryTests(ITestOutputHelper output)
{
    private static readonly InMemoryFaultProfile Harsh = new()
    {
        Loss = 0.30,
        Duplicate = 0.10,
        Reorder = 0.20,
        MinDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
        ReorderDelay = TimeSpan.FromMilliseconds(30),
    };

    /// <summary>Deadtime 3 s at keepalive 100 ms: 30 heartbeats in a row would have to be lost for a false "dead".</summary>
    private static OcfClusterOptions Tolerant(OcfClusterOptions o) =>
        o with { Deadtime = TimeSpan.FromSeconds(3), Warntime = TimeSpan.FromSeconds(2), Initdead = TimeSpan.FromSeconds(6) };

    /// <summary>Deterministic message content: sender, index, then bytes from a seeded generator (every 37th is large and random, every 53rd large and compressible).</summary>
    internal static byte[] Message(uint sender, int index)
    {
        var random = new Random((int)sender * 1_000_003 + index);
        int length = index % 37 == 36 ? 40_000 : index % 53 == 52 ? 30_000 : random.Next(0, 1500);
        var data = new byte[8 + length];
        BinaryPrimitives.WriteUInt32LittleEndian(data, sender);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), index);
        if (index % 53 == 52) for (int i = 8; i < data.Length; i++) data[i] = (byte)"the quick brown fox "[i % 20];
        else random.NextBytes(data.AsSpan(8));
        return data;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_message_reaches_every_member_exactly_once_and_in_order_at_30_percent_loss(int seed)
    {
        const int perNode = 1000;
        using var cluster = new ClusterHarness(5, seed, configure: Tolerant);
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(10)), "the cluster formed a view");
        cluster.Network.Faults = Harsh;

        var sent = new int[6];
        var deadline = cluster.Time.Elapsed + TimeSpan.FromMinutes(5);
        while (cluster.Running.Any(n => sent[n.Id] < perNode))
        {
            Assert.True(cluster.Time.Elapsed < deadline, "all messages were accepted by the senders");
            foreach (var node in cluster.Running)
            {
                for (int burst = 0; burst < 3 && sent[node.Id] < perNode; burst++)
                {
                    var result = node.Node.Broadcast(Message(node.Id, sent[node.Id]));
                    if (result.Status == OcfSendStatus.WindowFull) break;
                    Assert.Equal(OcfSendStatus.Accepted, result.Status);
                    sent[node.Id]++;
                }
            }
            cluster.Advance(TimeSpan.FromMilliseconds(5));
        }
        bool complete = cluster.RunUntil(() => cluster.Running.All(n => n.Deliveries.Count == 5 * perNode), TimeSpan.FromMinutes(2));

        foreach (var receiver in cluster.Running)
        {
            foreach (var sender in cluster.Running)
            {
                var got = receiver.Deliveries.Where(d => d.Sender == sender.Id).ToList();
                var indices = got.Select(d => BinaryPrimitives.ReadInt32LittleEndian(d.Payload.Span[4..])).ToList();
                Assert.True(Enumerable.Range(0, perNode).SequenceEqual(indices),
                    $"node {receiver.Id} got {indices.Count} messages from node {sender.Id}, first wrong at {indices.Select((v, i) => (v, i)).FirstOrDefault(p => p.v != p.i).i}");
                foreach (var d in got) Assert.True(d.Payload.Span.SequenceEqual(Message(sender.Id, BinaryPrimitives.ReadInt32LittleEndian(d.Payload.Span[4..]))));
            }
            Assert.DoesNotContain(receiver.EventsOf<OcfNodeStateChanged>(), e => e.Current == OcfNodeState.Dead);
            Assert.Empty(receiver.EventsOf<OcfMessagesUndeliverable>());
        }
        Assert.True(complete);
        var stats = cluster.Network.Statistics;
        output.WriteLine($"fake time {cluster.Time.Elapsed}, network {stats}");
        foreach (var n in cluster.Running) output.WriteLine($"node {n.Id}: {n.Node.Counters with { Dropped = n.Node.Counters.Dropped }}");
        Assert.True(stats.Lost > 0 && stats.Duplicated > 0 && stats.Reordered > 0);
        Assert.True(cluster.Running.Sum(n => n.Node.Counters.Retransmissions) > 0);
        Assert.True(cluster.Running.Sum(n => n.Node.Counters.Dropped[OcfDropReason.Replayed]) > 0, "network duplicates are refused by the replay window");
    }

    [Fact]
    public void Messages_of_256_KiB_are_fragmented_and_reassembled_under_loss()
    {
        using var cluster = new ClusterHarness(3, 7, configure: Tolerant);
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(10)));
        cluster.Network.Faults = Harsh;
        var random = new byte[256 * 1024];
        new Random(1).NextBytes(random);
        var text = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("compressible cluster payload ", 256 * 1024 / 29 + 1)))[..(256 * 1024)];
        Assert.True(cluster[1].Node.Broadcast(random).IsAccepted);
        Assert.True(cluster[2].Node.Broadcast(text).IsAccepted);
        Assert.Equal(OcfSendStatus.TooLarge, cluster[3].Node.Broadcast(new byte[256 * 1024 + 1]).Status);
        Assert.True(cluster.RunUntil(() => cluster.Running.All(n => n.Deliveries.Count == 2), TimeSpan.FromSeconds(60)));
        foreach (var node in cluster.Running)
        {
            Assert.True(node.Deliveries.Single(d => d.Sender == 1).Payload.Span.SequenceEqual(random));
            Assert.True(node.Deliveries.Single(d => d.Sender == 2).Payload.Span.SequenceEqual(text));
        }
    }

    [Fact]
    public void A_slow_receiver_fills_the_send_window_and_cannot_grow_the_senders_memory()
    {
        using var cluster = new ClusterHarness(2, 11, configure: o => o with { SendWindow = 256, MaxMessageSize = 64 * 1024 });
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(10)));
        cluster.Network.Pause(2); // node 2 stops reading: its heartbeats still arrive, its acks stop moving
        int accepted = 0;
        OcfSendResult result;
        while ((result = cluster[1].Node.Broadcast(new byte[100])).IsAccepted) accepted++;
        Assert.Equal(OcfSendStatus.WindowFull, result.Status);
        Assert.Equal(256, accepted);
        Assert.Equal(0, cluster[1].Node.SendWindowFree);
        cluster.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(OcfSendStatus.WindowFull, cluster[1].Node.Broadcast(new byte[100]).Status);
        Assert.Empty(cluster[1].EventsOf<OcfSendWindowOpened>());

        cluster.Network.Resume(2);
        Assert.True(cluster.RunUntil(() => cluster[1].EventsOf<OcfSendWindowOpened>().Any(), TimeSpan.FromSeconds(2)));
        Assert.True(cluster[1].Node.Broadcast(new byte[100]).IsAccepted);
        Assert.True(cluster.RunUntil(() => cluster[2].Deliveries.Count(d => d.Sender == 1) == 257, TimeSpan.FromSeconds(5)));
        Assert.Equal(2, cluster[1].Node.Counters.WindowFullRefusals);
    }

    [Fact]
    public void Messages_a_dead_member_never_acknowledged_are_reported_undeliverable()
    {
        using var cluster = new ClusterHarness(3, 12);
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(10)));
        var early = Enumerable.Range(0, 5).Select(i => cluster[1].Node.Broadcast([(byte)i]).MessageId).ToList();
        Assert.True(cluster.RunUntil(() => cluster[3].Deliveries.Count == 5 && cluster[1].Node.SendWindowFree == 1024, TimeSpan.FromSeconds(2)));

        cluster.Network.SetLink(1, 3, up: false); // node 3 no longer hears node 1, but node 1 still hears node 3
        var late = Enumerable.Range(0, 4).Select(i => cluster[1].Node.Broadcast([(byte)(10 + i)]).MessageId).ToList();
        cluster.Advance(TimeSpan.FromMilliseconds(300));
        cluster.Crash(3);
        Assert.True(cluster.RunUntil(() => cluster[1].EventsOf<OcfMessagesUndeliverable>().Any(), TimeSpan.FromSeconds(3)));

        var report = Assert.Single(cluster[1].EventsOf<OcfMessagesUndeliverable>());
        Assert.Equal(3u, report.Destination);
        Assert.Equal(OcfNodeStateReason.Silent, report.Reason);
        Assert.Equal(late, report.MessageIds);
        Assert.Equal(1024, cluster[1].Node.SendWindowFree);
        Assert.Equal(9, cluster[2].Deliveries.Count(d => d.Sender == 1));
        Assert.DoesNotContain(cluster[1].EventsOf<OcfMessagesUndeliverable>(), e => e.Destination == 2);
    }
}
