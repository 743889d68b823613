using Ocf.Tests.Stonith.PowerSwitch.Simulators;
using Xunit;

namespace Ocf.Tests.Stonith.PowerSwitch;

/// <summary>
/// The WTI NPS simulator is certified by two independent clients: cluster-glue's wti_nps (which only connects to
/// port 23, so it runs in a network namespace of its own where 127.0.0.1:23 is relayed to the simulator — see
/// <see cref="Port23Namespace"/>) and fence-agents' fence_wti (which drives the real telnet client and takes
/// --ipport, so it reaches the simulator's ephemeral port directly).
/// </summary>
public sealed class WtiNpsCertificationTests
{
    private const string Password = "nps-secret";

    [NotOnWindowsFact]
    public async Task ClusterGlueWtiNps_SwitchesTheSimulatedPlugs()
    {
        await using var sim = WtiNpsSimulator.Start(Password, "node1", "node2");
        await using var ns = await Port23Namespace.StartAsync(sim.Port);
        string[] config = ["ipaddr=127.0.0.1", $"password={Password}"];

        var off = await ClusterGlue.StonithAsync(ns, "wti_nps", config, "-S", "-l", "-T", "off", "node1");
        Assert.True(off.ExitCode == ClusterGlue.Ok, off.ToString());
        Assert.Contains("node1", off.StandardOutput);
        Assert.Contains("node2", off.StandardOutput);
        Assert.False(sim.Outlets.IsOn(1));
        Assert.True(sim.Outlets.IsOn(2));

        var on = await ClusterGlue.StonithAsync(ns, "wti_nps", config, "-T", "on", "node1");
        Assert.True(on.ExitCode == ClusterGlue.Ok, on.ToString());
        Assert.True(sim.Outlets.IsOn(1));

        int before = sim.Outlets.ChangesOf(1).Count;
        var reset = await ClusterGlue.StonithAsync(ns, "wti_nps", config, "-T", "reset", "node1");
        Assert.True(reset.ExitCode == ClusterGlue.Ok, reset.ToString());
        Assert.Contains(sim.Outlets.Commands, c => c.StartsWith("/BOOT 1", StringComparison.OrdinalIgnoreCase));
        PowerSwitchTestKit.AssertCycled(sim.Outlets, 1, before);
        Assert.Empty(sim.Outlets.ChangesOf(2));
    }

    [NotOnWindowsFact]
    public async Task FenceWti_SwitchesTheSimulatedPlugs()
    {
        Assert.True(File.Exists("/usr/bin/telnet"),
            "fence_wti drives /usr/bin/telnet: install the Debian package 'telnet' (CI installs it in .ci/run).");
        await using var sim = WtiNpsSimulator.Start(Password, "node1", "node2");

        Task<ProcessResult> FenceWti(string action) => ChildProcess.RunAsync("fence_wti",
            ["--ip=127.0.0.1", $"--ipport={sim.Port}", $"--password={Password}", "--plug=1", $"--action={action}", "--verbose"], TimeSpan.FromSeconds(60));

        var status = await FenceWti("status");
        Assert.True(status.ExitCode == 0, status.ToString()); // 0: on

        var off = await FenceWti("off");
        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.False(sim.Outlets.IsOn(1));
        Assert.True(sim.Outlets.IsOn(2));

        var statusOff = await FenceWti("status");
        Assert.True(statusOff.ExitCode == 2, statusOff.ToString()); // 2: off

        var on = await FenceWti("on");
        Assert.True(on.ExitCode == 0, on.ToString());
        Assert.True(sim.Outlets.IsOn(1));

        int before = sim.Outlets.ChangesOf(1).Count;
        var reboot = await FenceWti("reboot");
        Assert.True(reboot.ExitCode == 0, reboot.ToString());
        PowerSwitchTestKit.AssertCycled(sim.Outlets, 1, before);
        Assert.Empty(sim.Outlets.ChangesOf(2));
    }
}
