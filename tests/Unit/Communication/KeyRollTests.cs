using Ocf.Communication;
using Xunit;

namespace Ocf.Tests.Communication;

/// <summary>Rolling the cluster key without downtime: add the new key everywhere, sign with it everywhere, drop the old.</summary>
public class KeyRollTests
{
    [Fact]
    public void A_key_roll_in_three_staggered_steps_loses_nothing()
    {
        using var cluster = new ClusterHarness(3, 61);
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(3)));
        var newKey = OcfKeyRing.GenerateKey();
        int sent = 0;
        void Traffic(TimeSpan duration)
        {
            var end = cluster.Time.Elapsed + duration;
            while (cluster.Time.Elapsed < end)
            {
                foreach (var n in cluster.Running) if (n.Node.Broadcast(BitConverter.GetBytes(sent)).IsAccepted) sent++;
                cluster.Advance(TimeSpan.FromMilliseconds(7));
            }
        }

        Traffic(TimeSpan.FromMilliseconds(200));
        foreach (var n in cluster.Running) { n.Keys.Update(n.Keys.Current.WithKey(2, newKey)); Traffic(TimeSpan.FromMilliseconds(150)); }   // 1: accept key 2
        foreach (var n in cluster.Running) { n.Keys.Update(n.Keys.Current.WithSigningKey(2)); Traffic(TimeSpan.FromMilliseconds(150)); }  // 2: sign with key 2
        foreach (var n in cluster.Running) { n.Keys.Update(n.Keys.Current.WithoutKey(1)); Traffic(TimeSpan.FromMilliseconds(150)); }      // 3: forget key 1
        Traffic(TimeSpan.FromMilliseconds(200));
        Assert.True(cluster.RunUntil(() => cluster.Running.All(n => n.Deliveries.Count == sent), TimeSpan.FromSeconds(2)));

        foreach (var n in cluster.Running)
        {
            Assert.Equal(0, n.Node.Counters.DroppedTotal);
            Assert.Equal([2], n.Keys.Current.KeyIds);
            Assert.DoesNotContain(n.EventsOf<OcfNodeStateChanged>(), e => e.Current != OcfNodeState.Up);
            foreach (var sender in cluster.Running)
            {
                var own = n.Deliveries.Where(d => d.Sender == sender.Id).Select(d => BitConverter.ToInt32(d.Payload.Span)).ToList();
                Assert.Equal(own.Order(), own);
            }
        }
        Assert.True(sent > 300);
    }

    [Fact]
    public void Signing_with_a_key_the_others_do_not_hold_yet_is_refused_as_an_unknown_key()
    {
        using var cluster = new ClusterHarness(2, 62);
        Assert.True(cluster.RunUntil(cluster.ViewsConverged, TimeSpan.FromSeconds(3)));
        cluster[2].Keys.Update(cluster[2].Keys.Current.WithKey(2, OcfKeyRing.GenerateKey(), sign: true));
        cluster[2].Node.Broadcast("too early"u8);
        cluster.Advance(TimeSpan.FromMilliseconds(300));
        Assert.True(cluster[1].Node.Counters[OcfDropReason.UnknownKey] > 0);
        Assert.DoesNotContain(cluster[1].Deliveries, d => d.Sender == 2);
    }
}
