using Ocf.Groups;
using Xunit;

namespace Ocf.Tests.Groups;

public class GroupFailureTests
{
    [Theory]
    [InlineData(3, 0.0)]
    [InlineData(8, 0.1)]
    public async Task When_the_sequencer_dies_mid_stream_the_survivors_deliver_the_same_sequence_and_every_survivor_message_once(int seed, double loss)
    {
        await using var c = new GroupCluster(4, seed, new Ocf.Communication.InMemoryFaultProfile { Loss = loss, Reorder = loss, Duplicate = loss / 2 });
        await c.Nodes.WaitForFullViewAsync();
        var members = new Dictionary<uint, GroupCluster.Recorder>();
        foreach (uint id in new uint[] { 1, 2, 3, 4 }) members[id] = await c.JoinAsync(id, "g", $"m{id}");
        await c.WaitUntilAsync(() => members.Values.All(m => m.Handle.Members.Count == 4), "four members");

        const int each = 200;
        var killed = new TaskCompletionSource();
        var senders = members.Select(kv => Task.Run(async () =>
        {
            try
            {
                for (int i = 0; i < each; i++)
                {
                    await kv.Value.Handle.SendAsync($"{i}");
                    if (i == each / 4) await Task.Yield();
                }
            }
            catch (OcfGroupException) when (kv.Key == 1) { } // the killed node's own service stops
        })).ToList();
        // Node 1 is the lowest, so the view's coordinator and the group sequencer: kill it while everyone is sending.
        await c.WaitUntilAsync(() => members[2].MessageCount >= 100, "the stream under way");
        await c[1].DisposeAsync();
        await c.Nodes.KillAsync(1);
        await Task.WhenAll(senders);

        var survivors = new uint[] { 2, 3, 4 }.Select(id => members[id]).ToList();
        await c.WaitUntilAsync(() => survivors.All(s =>
            new uint[] { 2, 3, 4 }.All(from => s.Messages.Count(l => l.StartsWith($"msg m{from}@{from} ")) == each)), "every survivor message at every survivor");
        await c.WaitUntilAsync(() => survivors.All(s => s.Lines.Any(l => l.Contains("m1@1 NodeFailed"))), "node 1's member removed");

        // Members joined at different times: compare from the last join on, which all of them delivered.
        var all = survivors.Select(s => FromFullGroup(s.Lines)).ToList();
        var reference = all[0];
        foreach (var s in all) Assert.Equal(reference, s); // same set and order of old-view messages, same view change point
        int failedAt = reference.ToList().FindIndex(l => l.Contains("m1@1 NodeFailed"));
        Assert.Equal("members [m2@2,m3@3,m4@4] m1@1 NodeFailed", reference[failedAt]);
        Assert.DoesNotContain(reference.Skip(failedAt), l => l.StartsWith("msg m1@1 ")); // nothing of node 1 after its removal
        foreach (uint from in new uint[] { 1, 2, 3, 4 })
        {
            var got = reference.Where(l => l.StartsWith($"msg m{from}@{from} ")).Select(l => int.Parse(l.Split(' ')[2])).ToList();
            Assert.Equal(got.Distinct().Count(), got.Count); // exactly once
            Assert.Equal(Enumerable.Range(0, got.Count), got); // a prefix in the sender's order (all of it for survivors)
        }
    }

    [Fact]
    public async Task A_partition_splits_the_group_in_two_orders_and_a_heal_merges_them_with_every_member_agreeing()
    {
        await using var c = new GroupCluster(4, seed: 9);
        await c.Nodes.WaitForFullViewAsync();
        var members = new Dictionary<uint, GroupCluster.Recorder>();
        foreach (uint id in new uint[] { 1, 2, 3, 4 }) members[id] = await c.JoinAsync(id, "g", $"m{id}");
        await c.WaitUntilAsync(() => members.Values.All(m => m.Handle.Members.Count == 4), "four members");

        c.Nodes.Network.Partition([1, 2], [3, 4]);
        await c.WaitUntilAsync(() => members.All(kv => kv.Value.Lines.Any(l => l.StartsWith("members [m1@1,m2@2] ") || l.StartsWith("members [m3@3,m4@4] "))), "each side alone");
        Assert.Equal(["m1@1", "m2@2"], members[1].Handle.Members.Select(m => m.ToString()));
        Assert.Equal(["m3@3", "m4@4"], members[4].Handle.Members.Select(m => m.ToString()));
        foreach (var (id, m) in members) for (int i = 0; i < 20; i++) await m.Handle.SendAsync($"split {i}");
        await c.WaitUntilAsync(() => members.Values.All(m => m.Messages.Count(l => l.Contains("split")) == 40), "each side's messages on its side");
        Assert.Equal(FromFullGroup(members[1].Lines), FromFullGroup(members[2].Lines));
        Assert.Equal(FromFullGroup(members[3].Lines), FromFullGroup(members[4].Lines));
        // Failure detection may remove 3 and 4 in one view change or in two: either way both are reported.
        Assert.Contains(members[1].Lines, l => l.StartsWith("members [") && l.Contains("m3@3 NodeFailed"));
        Assert.Contains(members[1].Lines, l => l.StartsWith("members [") && l.Contains("m4@4 NodeFailed"));

        c.Nodes.Network.Heal();
        await c.Nodes.WaitForFullViewAsync();
        await c.WaitUntilAsync(() => members.Values.All(m => m.Lines[^1].StartsWith("members [m1@1,m2@2,m3@3,m4@4] ")), "merged");
        var marks = members.ToDictionary(kv => kv.Key, kv => kv.Value.Lines.Count);
        foreach (var (id, m) in members) for (int i = 0; i < 20; i++) await m.Handle.SendAsync($"healed {i}");
        await c.WaitUntilAsync(() => members.Values.All(m => m.Messages.Count(l => l.Contains("healed")) == 80), "the merged group's messages");

        var after = members.ToDictionary(kv => kv.Key, kv => kv.Value.Lines.Skip(marks[kv.Key]).ToList());
        foreach (var m in after.Values) Assert.Equal(after[1], m); // one order again
        foreach (var joined in new[] { "m3@3 Joined", "m4@4 Joined" }) Assert.Contains(members[1].Lines, l => l.Contains(joined));
        foreach (var joined in new[] { "m1@1 Joined", "m2@2 Joined" }) Assert.Contains(members[3].Lines, l => l.Contains(joined));
    }

    [Fact]
    public async Task A_survivor_that_missed_the_dead_sequencers_last_messages_gets_them_in_the_flush()
    {
        await using var c = new GroupCluster(4, seed: 6);
        await c.Nodes.WaitForFullViewAsync();
        var members = new Dictionary<uint, GroupCluster.Recorder>();
        foreach (uint id in new uint[] { 1, 2, 3, 4 }) members[id] = await c.JoinAsync(id, "g", $"m{id}");
        await c.WaitUntilAsync(() => members.Values.All(m => m.Handle.Members.Count == 4), "four members");

        // The sequencer's datagrams stop reaching node 4, so node 4 falls behind in the order; then the sequencer dies.
        c.Nodes.Network.SetLink(1, 4, up: false);
        for (int i = 0; i < 100; i++) await members[2].Handle.SendAsync($"{i}");
        await c.WaitUntilAsync(() => members[2].MessageCount == 100 && members[3].MessageCount == 100, "the messages at 2 and 3");
        Assert.True(members[4].MessageCount < 100, "node 4 cannot have them all yet");
        await c[1].DisposeAsync();
        await c.Nodes.KillAsync(1);

        var survivors = new uint[] { 2, 3, 4 }.Select(id => members[id]).ToList();
        // Waits on the recorded deliveries (a handle's member list changes before its reader sees the event).
        await c.WaitUntilAsync(() => survivors.All(s => s.Lines.Any(l => l.Contains("m1@1 NodeFailed"))), "node 1 removed");
        await c.WaitUntilAsync(() => members[4].MessageCount == 100, "the missing messages at node 4, from the flush");
        var all = survivors.Select(s => FromFullGroup(s.Lines)).ToList();
        foreach (var s in all) Assert.Equal(all[0], s);
        // Delivered before node 1's removal, in the old view: view synchrony.
        int removed = all[0].FindIndex(l => l.Contains("m1@1 NodeFailed"));
        Assert.Equal(100, all[0].Take(removed).Count(l => l.StartsWith("msg m2@2 ")));
    }

    [Fact]
    public async Task Two_nodes_dying_together_mid_stream_leave_three_survivors_in_agreement()
    {
        await using var c = new GroupCluster(5, seed: 12);
        await c.Nodes.WaitForFullViewAsync();
        var members = new Dictionary<uint, GroupCluster.Recorder>();
        foreach (uint id in new uint[] { 1, 2, 3, 4, 5 }) members[id] = await c.JoinAsync(id, "g", $"m{id}");
        await c.WaitUntilAsync(() => members.Values.All(m => m.Handle.Members.Count == 5), "five members");

        const int each = 150;
        var senders = members.Where(kv => kv.Key >= 3).Select(kv => Task.Run(async () =>
        {
            for (int i = 0; i < each; i++) await kv.Value.Handle.SendAsync($"{i}");
        })).ToList();
        await c.WaitUntilAsync(() => members[3].MessageCount >= 50, "the stream under way");
        // The sequencer and the next in line die at once: the flush may restart for a second view.
        await Task.WhenAll(c[1].DisposeAsync().AsTask(), c[2].DisposeAsync().AsTask());
        await Task.WhenAll(c.Nodes.KillAsync(1), c.Nodes.KillAsync(2));
        await Task.WhenAll(senders);

        var survivors = new uint[] { 3, 4, 5 }.Select(id => members[id]).ToList();
        await c.WaitUntilAsync(() => survivors.All(s => s.MessageCount == 3 * each
            && s.Lines.Any(l => l.Contains("m1@1 NodeFailed")) && s.Lines.Any(l => l.Contains("m2@2 NodeFailed"))), "every message and both removals at every survivor");
        var all = survivors.Select(s => s.Lines.SkipWhile(l => l != "members [m1@1,m2@2,m3@3,m4@4,m5@5] m5@5 Joined").ToList()).ToList();
        foreach (var s in all) Assert.Equal(all[0], s);
        foreach (uint from in new uint[] { 3, 4, 5 })
            Assert.Equal(Enumerable.Range(0, each).Select(i => $"msg m{from}@{from} {i}"), all[0].Where(l => l.StartsWith($"msg m{from}@{from} ")));
        Assert.Contains(all[0], l => l.Contains("m1@1 NodeFailed"));
        Assert.Contains(all[0], l => l.Contains("m2@2 NodeFailed"));
    }

    private static List<string> FromFullGroup(IEnumerable<string> lines) =>
        [.. lines.SkipWhile(l => l != "members [m1@1,m2@2,m3@3,m4@4] m4@4 Joined")];

    [Fact]
    public async Task A_restarted_node_rejoins_and_its_members_see_the_current_member_list()
    {
        await using var c = new GroupCluster(3, seed: 4);
        await c.Nodes.WaitForFullViewAsync();
        var a = await c.JoinAsync(1, "g", "a");
        var b = await c.JoinAsync(2, "g", "b");
        await c[3].DisposeAsync();
        await c.Nodes.KillAsync(3);
        c.Nodes.Start(3);
        await c.Nodes.WaitForFullViewAsync();
        var again = await c.JoinAsync(3, "g", "c");
        Assert.Equal(["a@1", "b@2", "c@3"], again.Handle.Members.Select(m => m.ToString()));
        await again.Handle.SendAsync("back");
        await c.WaitUntilAsync(() => a.Messages.Contains("msg c@3 back") && b.Messages.Contains("msg c@3 back"), "the restarted node's message");
    }
}
