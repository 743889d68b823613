using Ocf.Tests.Stonith.PowerSwitch.Simulators;
using Xunit;

namespace Ocf.Tests.Stonith.PowerSwitch;

/// <summary>
/// The BayTech RPC-5 simulator is certified by cluster-glue's baytech plugin, which only connects to port 23: it runs
/// in a network namespace of its own where 127.0.0.1:23 is relayed to the simulator (<see cref="Port23Namespace"/>).
/// For on/off the plugin opens a second session while the first is still open; the simulator allows that.
/// </summary>
public sealed class BayTechCertificationTests
{
    [NotOnWindowsFact]
    public async Task ClusterGlueBayTech_SwitchesTheSimulatedOutlets()
    {
        await using var sim = BayTechSimulator.Start("admin", "bt-secret", "node1", "node2");
        await using var ns = await Port23Namespace.StartAsync(sim.Port);
        string[] config = ["ipaddr=127.0.0.1", "login=admin", "password=bt-secret"];

        var off = await ClusterGlue.StonithAsync(ns, "baytech", config, "-S", "-l", "-T", "off", "node1");
        Assert.True(off.ExitCode == ClusterGlue.Ok, off.ToString());
        Assert.Contains("node1", off.StandardOutput);
        Assert.Contains("node2", off.StandardOutput);
        Assert.False(sim.Outlets.IsOn(1));
        Assert.True(sim.Outlets.IsOn(2));

        var on = await ClusterGlue.StonithAsync(ns, "baytech", config, "-T", "on", "node1");
        Assert.True(on.ExitCode == ClusterGlue.Ok, on.ToString());
        Assert.True(sim.Outlets.IsOn(1));

        int before = sim.Outlets.ChangesOf(1).Count;
        var reset = await ClusterGlue.StonithAsync(ns, "baytech", config, "-T", "reset", "node1");
        Assert.True(reset.ExitCode == ClusterGlue.Ok, reset.ToString());
        Assert.Contains("REBOOT 1", sim.Outlets.Commands);
        PowerSwitchTestKit.AssertCycled(sim.Outlets, 1, before);
        Assert.Empty(sim.Outlets.ChangesOf(2));
    }
}
