using Ocf.Tests.Stonith.PowerSwitch.Simulators;
using Xunit;

namespace Ocf.Tests.Stonith.PowerSwitch;

/// <summary>
/// The APC Smart-UPS simulator is certified by cluster-glue's apcsmart plugin, pointed at the pty link through its
/// ttydev parameter. Each run walks the UPS's delay registers, sends off/on as two presses 2 s apart and restores the
/// registers on exit (about 50 ms per character sent), so status and off share one run.
/// </summary>
public sealed class ApcSmartCertificationTests
{
    [NotOnWindowsFact]
    public async Task ClusterGlueApcSmart_SwitchesTheSimulatedUps()
    {
        await using var sim = await ApcSmartSimulator.StartAsync();
        string[] config = [$"ttydev={sim.HostPort}", "hostlist=node1"];
        string shutdownDelay = sim.ShutdownDelay, wakeupDelay = sim.WakeupDelay;

        var off = await ClusterGlue.StonithAsync("apcsmart", config, "-S", "-T", "off", "node1");
        Assert.True(off.ExitCode == ClusterGlue.Ok, off.ToString());
        Assert.False(sim.OutputOn);
        Assert.Contains("-", sim.Outlets.Commands); // it walked the delay registers...
        Assert.Equal(shutdownDelay, sim.ShutdownDelay); // ...and left them as it found them
        Assert.Equal(wakeupDelay, sim.WakeupDelay);

        var on = await ClusterGlue.StonithAsync("apcsmart", config, "-T", "on", "node1");
        Assert.True(on.ExitCode == ClusterGlue.Ok, on.ToString());
        Assert.True(sim.OutputOn);

        // Reset: "S" is refused on line power ("NA"), so the plugin falls back to "@000" and watches register 8.
        int before = sim.Outlets.ChangesOf(1).Count;
        var reset = await ClusterGlue.StonithAsync("apcsmart", config, "-T", "reset", "node1");
        Assert.True(reset.ExitCode == ClusterGlue.Ok, reset.ToString());
        Assert.Contains("@000", sim.Outlets.Commands);
        await WaitUntil(() => sim.OutputOn, TimeSpan.FromSeconds(5));
        PowerSwitchTestKit.AssertCycled(sim.Outlets, 1, before);
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var end = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < end) await Task.Delay(50);
    }
}
