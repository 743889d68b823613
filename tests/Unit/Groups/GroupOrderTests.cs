using Ocf.Communication;
using Ocf.Groups;
using Xunit;

namespace Ocf.Tests.Groups;

public class GroupOrderTests
{
    [Fact]
    public async Task Every_member_delivers_every_message_exactly_once_in_one_total_order_under_loss_reorder_and_duplication()
    {
        var faults = new InMemoryFaultProfile { Loss = 0.2, Duplicate = 0.1, Reorder = 0.2, MaxDelay = TimeSpan.FromMilliseconds(3) };
        await using var c = new GroupCluster(4, seed: 7, faults);
        await c.Nodes.WaitForFullViewAsync();
        var members = new List<GroupCluster.Recorder>();
        foreach (uint id in new uint[] { 1, 2, 3, 4 }) members.Add(await c.JoinAsync(id, "g", $"m{id}"));
        members.Add(await c.JoinAsync(2, "g", "second")); // two local members on one node
        await c.WaitUntilAsync(() => members.All(m => m.Handle.Members.Count == 5), "five members everywhere");

        const int each = 60;
        await Task.WhenAll(members.Select(m => Task.Run(async () =>
        {
            for (int i = 0; i < each; i++) await m.Handle.SendAsync($"{i}");
        })));
        await c.WaitUntilAsync(() => members.All(m => m.MessageCount == 5 * each), "every message at every member");

        var reference = members[0].Messages;
        foreach (var m in members) Assert.Equal(reference, m.Messages);
        // Joins too: from the last join on, all five delivered the same sequence.
        var suffixes = members.Select(m => m.Lines.SkipWhile(l => !l.EndsWith("second@2 Joined")).ToList()).ToList();
        foreach (var s in suffixes) Assert.Equal(suffixes[0], s); // the same total order
        foreach (var sender in members.Select(m => m.Handle.Member))
        {
            var fromSender = reference.Where(l => l.StartsWith($"msg {sender} ")).ToList();
            Assert.Equal(Enumerable.Range(0, each).Select(i => $"msg {sender} {i}"), fromSender); // exactly once, in the sender's order
        }
    }

    [Fact]
    public async Task Joins_and_leaves_fall_at_the_same_place_among_the_messages_at_every_member()
    {
        await using var c = new GroupCluster(3, seed: 11, new InMemoryFaultProfile { Loss = 0.1, Reorder = 0.1 });
        await c.Nodes.WaitForFullViewAsync();
        var bases = new List<GroupCluster.Recorder>();
        foreach (uint id in new uint[] { 1, 2, 3 }) bases.Add(await c.JoinAsync(id, "g", "base"));
        await c.WaitUntilAsync(() => bases.All(b => b.Handle.Members.Count == 3), "three base members");

        var streams = new[] { bases[0], bases[2] }.Select(b => Task.Run(async () =>
        {
            for (int i = 0; i < 100; i++) await b.Handle.SendAsync($"{i}");
        })).ToList();
        var churn = Task.Run(async () =>
        {
            for (int round = 0; round < 3; round++)
            {
                var extra = await c.JoinAsync(2, "g", $"extra{round}");
                await extra.Handle.SendAsync($"hello from extra{round}");
                await extra.Handle.LeaveAsync();
            }
        });
        await Task.WhenAll([.. streams, churn]);
        await c.WaitUntilAsync(() => bases.All(b => b.MessageCount == 203 && b.Lines.Count(l => l.Contains(" Left")) == 3), "all messages and leaves");

        // From the last base join on (all three see it), the interleaving of joins, leaves and messages is identical.
        var suffixes = bases.Select(b => b.Lines.SkipWhile(l => !l.StartsWith("members [base@1,base@2,base@3]")).ToList()).ToList();
        Assert.Equal(3 + 203 + 3 + 1, suffixes[0].Count); // 3 extra joins, 203 messages, 3 leaves, the starting view
        foreach (var s in suffixes) Assert.Equal(suffixes[0], s);
        // Each extra member's message falls between its join and its leave.
        for (int round = 0; round < 3; round++)
        {
            var lines = suffixes[0];
            int join = lines.FindIndex(l => l.EndsWith($"extra{round}@2 Joined"));
            int msg = lines.IndexOf($"msg extra{round}@2 hello from extra{round}");
            int leave = lines.FindIndex(l => l.EndsWith($"extra{round}@2 Left"));
            Assert.True(join >= 0 && join < msg && msg < leave, $"extra{round}: join {join}, message {msg}, leave {leave}");
        }
    }

    [Fact]
    public async Task A_member_that_leaves_mid_stream_got_a_prefix_of_what_the_others_get_ending_with_its_leave()
    {
        await using var c = new GroupCluster(3, seed: 5);
        await c.Nodes.WaitForFullViewAsync();
        var a = await c.JoinAsync(1, "g", "a");
        var b = await c.JoinAsync(2, "g", "b");
        var leaver = await c.JoinAsync(3, "g", "leaver");
        await c.WaitUntilAsync(() => a.Handle.Members.Count == 3 && leaver.Handle.Members.Count == 3, "three members");

        // The stream goes on until well after the leave, so the leave falls inside it.
        int sent = 0;
        var left = new TaskCompletionSource();
        var sending = Task.Run(async () =>
        {
            for (int extra = 0; !left.Task.IsCompleted || extra++ < 100; sent++) await a.Handle.SendAsync($"{sent}");
        });
        await c.WaitUntilAsync(() => leaver.MessageCount >= 50, "the leaver in the stream");
        await leaver.Handle.LeaveAsync();
        await leaver.Pump; // its deliveries end with the leave
        left.SetResult();
        await sending;
        await c.WaitUntilAsync(() => b.MessageCount == sent, "the stream at b");

        Assert.False(leaver.Handle.IsJoined);
        Assert.Equal("members [a@1,b@2] leaver@3 Left", leaver.Lines[^1]);
        var fromLeaverOn = b.Lines.SkipWhile(l => !l.StartsWith("members [a@1,b@2,leaver@3]")).ToList();
        var leaverFrom = leaver.Lines.SkipWhile(l => !l.StartsWith("members [a@1,b@2,leaver@3]")).ToList();
        Assert.Equal(leaverFrom, fromLeaverOn.Take(leaverFrom.Count)); // the same prefix, the leave at the same place
        Assert.InRange(leaver.MessageCount, 50, sent - 100);
        await Assert.ThrowsAsync<OcfGroupException>(() => leaver.Handle.SendAsync("too late"));
    }

    [Fact]
    public async Task A_local_member_name_joins_a_group_once_and_names_are_checked()
    {
        await using var c = new GroupCluster(1);
        await c.Nodes.WaitForFullViewAsync();
        var a = await c.JoinAsync(1, "g", "a");
        var e = await Assert.ThrowsAsync<OcfGroupException>(() => c[1].JoinAsync("g", "a"));
        Assert.Contains("already a member", e.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => c[1].JoinAsync("", "a"));
        await Assert.ThrowsAsync<ArgumentException>(() => c[1].JoinAsync("g", new string('x', 300)));
        await c.WaitUntilAsync(() => a.Lines.Count >= 1, "the join delivered");
        Assert.Equal("members [a@1] a@1 Joined", a.Lines[0]);
        // One node alone orders its own messages.
        await a.Handle.SendAsync("solo");
        await c.WaitUntilAsync(() => a.MessageCount == 1, "the solo message");
        Assert.Equal(["a@1"], c[1].MembersOf("g").Select(m => m.ToString()));
    }
}
