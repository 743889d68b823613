using Ocf.Tests.Stonith.PowerSwitch.Simulators;
using Xunit;

namespace Ocf.Tests.Stonith.PowerSwitch;

/// <summary>
/// The RPS-10 simulator is certified by cluster-glue's own rps10 plugin: if the unmodified C plugin can switch the
/// simulated outlets, the simulator speaks the protocol our plugin is then tested against. cluster-glue takes the tty
/// from its one parameter, <c>serial_to_targets="&lt;tty&gt; &lt;node&gt; &lt;unit&gt; ..."</c>, so it is simply given the
/// pty link. Each invocation costs a fixed 2 s (its DTR "toggle" sleep), so status, list and off share one run.
/// </summary>
public sealed class Rps10CertificationTests
{
    [NotOnWindowsFact]
    public async Task ClusterGlueRps10_SwitchesTheSimulatedOutlets()
    {
        await using var sim = await Rps10Simulator.StartAsync(units: 2);
        string[] config = [$"serial_to_targets={sim.HostPort} node1 0 node2 1"];

        // -S (device status: reset + "RPS-10 Ready"), -l (the configured hosts), then off.
        var off = await ClusterGlue.StonithAsync("rps10", config, "-S", "-l", "-T", "off", "node1");
        Assert.True(off.ExitCode == ClusterGlue.Ok, off.ToString());
        Assert.Contains("node1", off.StandardOutput);
        Assert.Contains("node2", off.StandardOutput);
        Assert.False(sim.Outlets.IsOn(0));
        Assert.True(sim.Outlets.IsOn(1));
        Assert.Contains("00", sim.Outlets.Commands);

        var on = await ClusterGlue.StonithAsync("rps10", config, "-T", "on", "node1");
        Assert.True(on.ExitCode == ClusterGlue.Ok, on.ToString());
        Assert.True(sim.Outlets.IsOn(0));

        int before = sim.Outlets.ChangesOf(0).Count;
        var reset = await ClusterGlue.StonithAsync("rps10", config, "-T", "reset", "node1");
        Assert.True(reset.ExitCode == ClusterGlue.Ok, reset.ToString());
        Assert.Contains("0T", sim.Outlets.Commands);
        PowerSwitchTestKit.AssertCycled(sim.Outlets, 0, before);
        Assert.True(sim.Outlets.IsOn(1));
        Assert.Empty(sim.Outlets.ChangesOf(1));
    }
}
