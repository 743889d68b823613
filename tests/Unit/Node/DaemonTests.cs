using Xunit;
using Xunit.Abstractions;

namespace Ocf.Tests.Node;

/// <summary>Three real ocfd processes on loopback: membership, a SIGKILLed node, its restart, and a graceful stop.</summary>
public sealed class DaemonTests(ITestOutputHelper output)
{
    private static bool ViewWith(string line, string members) => line.StartsWith("EVENT view ", StringComparison.Ordinal) && line.Contains($" members={members} ", StringComparison.Ordinal);

    [Fact]
    public void ThreeDaemons_AgreeOnAView_DetectAKill_AcceptTheRestart_AndSeeAGracefulLeave()
    {
        if (OperatingSystem.IsWindows()) return; // SIGKILL/SIGTERM semantics; ocfd itself runs on Windows too
        using var cluster = new DaemonCluster(3, keepalive: 0.1, deadtime: 0.5);
        var n1 = cluster.Start("n1");
        var n2 = cluster.Start("n2");
        var n3 = cluster.Start("n3");
        try
        {
            // 1. one agreed view of all three
            foreach (var p in new[] { n1, n2, n3 })
                Assert.True(p.WaitFor(l => ViewWith(l, "1,2,3"), TimeSpan.FromSeconds(20)).HasValue, $"{p.Node} never saw the 3-member view:\n{p.Transcript}");

            // 2. SIGKILL n3: the survivors declare it dead and install a view without it
            var killedAt1 = n1.Now;
            var killedAt2 = n2.Now;
            n3.Kill();
            var dead1 = n1.WaitFor(l => l.StartsWith("EVENT node name=n3 ", StringComparison.Ordinal) && l.Contains(" to=Dead ", StringComparison.Ordinal), TimeSpan.FromSeconds(10), killedAt1);
            var view1 = n1.WaitFor(l => ViewWith(l, "1,2"), TimeSpan.FromSeconds(10), killedAt1);
            var view2 = n2.WaitFor(l => ViewWith(l, "1,2"), TimeSpan.FromSeconds(10), killedAt2);
            Assert.True(dead1.HasValue && view1.HasValue && view2.HasValue, $"no 2-member view after the kill:\n{n1.Transcript}\n---\n{n2.Transcript}");
            var detection = view1!.Value - killedAt1;
            output.WriteLine($"kill -> new view on n1: {detection.TotalSeconds:0.000} s (deadtime 0.5 s, keepalive 0.1 s)");
            // deadtime + one keepalive is the goal; allow slack for a loaded 2-core CI machine, but not a timeout guess.
            Assert.True(detection < TimeSpan.FromSeconds(3), $"detection took {detection}");

            // 3. restart n3: it rejoins
            var restartAt = n1.Now;
            var again = cluster.Start("n3");
            Assert.True(n1.WaitFor(l => ViewWith(l, "1,2,3"), TimeSpan.FromSeconds(20), restartAt).HasValue, $"n3 did not rejoin:\n{n1.Transcript}\n---\n{again.Transcript}");
            Assert.True(again.WaitFor(l => ViewWith(l, "1,2,3"), TimeSpan.FromSeconds(20)).HasValue, again.Transcript);

            // 4. SIGTERM n2: it leaves gracefully, the others record "left", not "dead"
            var termAt = n1.Now;
            n2.Terminate();
            Assert.True(n2.WaitForExit(TimeSpan.FromSeconds(10)), "n2 did not exit after SIGTERM");
            Assert.Equal(0, n2.ExitCode);
            Assert.Contains(n2.Lines, l => l.StartsWith("EVENT left", StringComparison.Ordinal));
            Assert.True(n1.WaitFor(l => l.StartsWith("EVENT node name=n2 ", StringComparison.Ordinal) && l.Contains(" to=Left ", StringComparison.Ordinal), TimeSpan.FromSeconds(10), termAt).HasValue,
                $"n1 did not see n2 leave:\n{n1.Transcript}");
            Assert.True(n1.WaitFor(l => ViewWith(l, "1,3"), TimeSpan.FromSeconds(10), termAt).HasValue, n1.Transcript);
            Assert.DoesNotContain(n1.Lines, l => l.StartsWith("EVENT node name=n2 ", StringComparison.Ordinal) && l.Contains(" to=Dead ", StringComparison.Ordinal));
        }
        finally
        {
            output.WriteLine(n1.Transcript);
        }
    }

    [Fact]
    public void ADaemonWithALooseKeyFile_RefusesToStart()
    {
        if (OperatingSystem.IsWindows()) return;
        using var cluster = new DaemonCluster(1);
        File.SetUnixFileMode(cluster.Configuration.AuthKey, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var p = cluster.Start("n1");
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Equal(3, p.ExitCode);
        Assert.Contains("authkey", p.Transcript);
    }
}
