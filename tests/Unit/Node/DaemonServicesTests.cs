using Ocf.Data;
using Ocf.Ipc;
using Xunit;
using Xunit.Abstractions;

namespace Ocf.Tests.Node;

/// <summary>
/// Three real ocfd processes with their cluster services: the leader is elected and re-elected after it is killed
/// (EVENT leader lines and ocf.leader), and a process group carries messages between local API clients of two
/// daemons, through the event subscription.
/// </summary>
public sealed class DaemonServicesTests(ITestOutputHelper output)
{
    private static bool LeaderLine(string line, string leader) =>
        line.StartsWith("EVENT leader ", StringComparison.Ordinal) && line.EndsWith($" leader={leader}", StringComparison.Ordinal);

    [Fact]
    public async Task The_daemons_elect_a_leader_reelect_after_a_kill_and_carry_group_messages_between_api_clients()
    {
        if (OperatingSystem.IsWindows()) return; // SIGKILL; the services themselves are platform-neutral
        using var cluster = new DaemonCluster(3, keepalive: 0.1, deadtime: 0.5);
        var n1 = cluster.Start("n1");
        var n2 = cluster.Start("n2");
        var n3 = cluster.Start("n3");
        try
        {
            foreach (var p in new[] { n1, n2, n3 })
                Assert.True(p.WaitFor(l => LeaderLine(l, "n1(1)"), TimeSpan.FromSeconds(20)).HasValue, $"{p.Node} never saw leader n1:\n{p.Transcript}");

            using var api2 = OcfIpcClient.Connect(cluster.SocketPath("n2"));
            using var api3 = OcfIpcClient.Connect(cluster.SocketPath("n3"));
            var leader = (OcfMap)api3.Call("ocf.leader");
            Assert.Equal(1L, ((OcfInteger)leader["leader"]).Value);
            Assert.True(((OcfBoolean)leader["quorate"]).Value);

            // Kill the leader: the survivors elect n2 for their new view.
            var killedAt = n2.Now;
            n1.Kill();
            var elected = n2.WaitFor(l => LeaderLine(l, "n2(2)"), TimeSpan.FromSeconds(10), killedAt);
            Assert.True(elected.HasValue, $"n2 never saw leader n2:\n{n2.Transcript}");
            Assert.True(n3.WaitFor(l => LeaderLine(l, "n2(2)"), TimeSpan.FromSeconds(10), killedAt).HasValue, $"n3 never saw leader n2:\n{n3.Transcript}");
            output.WriteLine($"kill -> new leader on n2: {(elected.Value - killedAt).TotalMilliseconds:0} ms");
            Assert.Equal(2L, ((OcfInteger)((OcfMap)api3.Call("ocf.leader"))["leader"]).Value);

            // A group across the two daemons: the n3 client subscribes, both join, n2's member sends.
            api3.Call("ocf.client.register", "test-client");
            api3.Call("ocf.events.subscribe", new OcfList([(OcfValue)"group.*"]));
            api3.Call("ocf.group.join", "g", "b");
            api2.Call("ocf.group.join", "g", "a");
            await RuntimeCluster.WaitUntilAsync(() => ((OcfList)api2.Call("ocf.group.members", "g")).Count == 2, TimeSpan.FromSeconds(10), "both members in g");
            for (int i = 0; i < 5; i++) api2.Call("ocf.group.send", "g", "a", $"hello {i}");

            var texts = new List<string>();
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (texts.Count < 5 && DateTime.UtcNow < deadline)
            {
                var answer = (OcfMap)api3.Call("ocf.events.wait", 2.0);
                foreach (var e in ((OcfList)answer["events"]).Cast<OcfMap>())
                {
                    Assert.Equal("group.g", ((OcfString)e["topic"]).Value);
                    var data = (OcfMap)e["data"];
                    if (((OcfString)data["kind"]).Value != "message") continue;
                    Assert.Equal("b", ((OcfString)data["member"]).Value);
                    Assert.Equal(2L, ((OcfInteger)((OcfMap)data["sender"])["nodeId"]).Value);
                    texts.Add(System.Text.Encoding.UTF8.GetString(((OcfBinary)data["data"]).Value.Span));
                }
            }
            Assert.Equal(Enumerable.Range(0, 5).Select(i => $"hello {i}"), texts); // exactly once, in order
        }
        finally
        {
            output.WriteLine(n2.Transcript);
        }
    }
}
