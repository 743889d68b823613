using Ocf.Data;
using Ocf.Plugins.Stonith.PowerSwitch;
using Ocf.Stonith;
using Ocf.Tests.Stonith.PowerSwitch.Simulators;
using Xunit;
using static Ocf.Tests.Stonith.PowerSwitch.PowerSwitchTestKit;

namespace Ocf.Tests.Stonith.PowerSwitch;

/// <summary>Our baytech plugin, through the framework's device, against the certified RPC-5 simulator (TCP, ephemeral port).</summary>
public sealed class BayTechPluginTests
{
    private static OcfMap Config(BayTechSimulator sim, string password = "bt-secret", params (string Key, OcfValue Value)[] extra) =>
        PowerSwitchTestKit.Config([("ip", sim.Host), ("port", (long)sim.Port), ("username", "admin"), ("password", password), .. extra]);

    [NotOnWindowsFact]
    public async Task StatusOffOnReboot_ByOutletName_AreConfirmedByTheController()
    {
        await using var sim = BayTechSimulator.Start("admin", "bt-secret", "node1", "node2");
        await using var device = Device(new BayTechPlugin(), "baytech", Config(sim));

        Assert.Equal(["node1", "node2"], await device.ListHostsAsync());
        Assert.Equal(OcfPowerState.On, await device.GetPowerStateAsync("node1"));

        AssertSucceeded(await device.PowerAsync("node1", OcfStonithAction.Off), OcfPowerState.Off);
        Assert.False(sim.Outlets.IsOn(1));
        Assert.Contains("OFF 1", sim.Outlets.Commands);
        Assert.Contains("Y", sim.Outlets.Commands); // the "(Y/N)>" question was answered

        AssertSucceeded(await device.PowerAsync("node1", OcfStonithAction.On), OcfPowerState.On);
        Assert.True(sim.Outlets.IsOn(1));

        int before = sim.Outlets.ChangesOf(1).Count;
        AssertSucceeded(await device.PowerAsync("node1", OcfStonithAction.Reboot), OcfPowerState.On);
        AssertCycled(sim.Outlets, 1, before);

        Assert.Empty(sim.Outlets.ChangesOf(2));
        Assert.Equal(sim.SessionsAccepted, sim.Outlets.Commands.Count(c => c == "6")); // every session logged out
    }

    [NotOnWindowsFact]
    public async Task OutletMapping_AndNativeReboot()
    {
        await using var sim = BayTechSimulator.Start("admin", "bt-secret", "outlet-a", "outlet-b");
        sim.Confirm = false;
        await using var device = Device(new BayTechPlugin(), "baytech",
            Config(sim, extra: [("outlets", Outlets(("web1", 2L))), ("native_reboot", true)]));

        AssertSucceeded(await device.PowerAsync("web1", OcfStonithAction.Reboot), OcfPowerState.On);

        Assert.Contains("REBOOT 2", sim.Outlets.Commands);
        AssertCycled(sim.Outlets, 2, 0);
        Assert.Empty(sim.Outlets.ChangesOf(1));
    }

    [NotOnWindowsFact]
    public async Task UnknownHost_IsNotControlled_AndNoPowerCommandIsSent()
    {
        await using var sim = BayTechSimulator.Start("admin", "bt-secret", "node1", "node2");
        await using var device = Device(new BayTechPlugin(), "baytech", Config(sim));

        var result = await device.PowerAsync("node9", OcfStonithAction.Off);

        Assert.Equal(OcfStonithFailureKind.HostNotControlled, result.FailureKind);
        Assert.DoesNotContain(sim.Outlets.Commands, c => c.StartsWith("OFF", StringComparison.Ordinal) || c.StartsWith("ON", StringComparison.Ordinal));
        Assert.Empty(sim.Outlets.Changes);
    }

    [NotOnWindowsFact]
    public async Task WrongPassword_IsAnAuthenticationFailure()
    {
        await using var sim = BayTechSimulator.Start("admin", "bt-secret", "node1");
        await using var device = Device(new BayTechPlugin(), "baytech", Config(sim, password: "wrong"));

        var e = await Assert.ThrowsAsync<OcfStonithException>(() => device.CheckAsync());
        Assert.Equal(OcfStonithFailureKind.Authentication, e.Kind);
        Assert.Equal("login", e.Step);

        var result = await device.PowerAsync("node1", OcfStonithAction.Off);
        Assert.Equal(OcfStonithFailureKind.Authentication, result.FailureKind);
        Assert.True(sim.Outlets.IsOn(1));
        Assert.Empty(sim.Outlets.Commands);
    }

    [NotOnWindowsFact]
    public async Task ControllerThatAnswersButStaysOn_IsNotConfirmed()
    {
        await using var sim = BayTechSimulator.Start("admin", "bt-secret", "node1", "node2");
        sim.IgnorePowerCommands = true;
        await using var device = Device(new BayTechPlugin(), "baytech", Config(sim), ShortConfirm);

        var result = await device.PowerAsync("node1", OcfStonithAction.Off);

        Assert.Equal(OcfStonithFailureKind.NotConfirmed, result.FailureKind);
        Assert.Equal(OcfPowerState.On, result.State);
        Assert.Contains("OFF 1", sim.Outlets.Commands);
        Assert.True(sim.Outlets.IsOn(1));
    }

    [NotOnWindowsFact]
    public async Task ControllerThatStopsAnsweringAfterLogin_IsUnreachableWithinTheResponseTimeout()
    {
        await using var sim = BayTechSimulator.Start("admin", "bt-secret", "node1");
        sim.StopAnswering = true;
        await using var device = Device(new BayTechPlugin(), "baytech", Config(sim, extra: [("response_timeout", 1.0)]));

        var (result, elapsed) = await Timed(() => device.PowerAsync("node1", OcfStonithAction.Off));

        Assert.Equal(OcfStonithFailureKind.Unreachable, result.FailureKind);
        Assert.Equal("outlet control", result.FailedStep);
        Assert.True(elapsed < TimeSpan.FromSeconds(4), $"took {elapsed}");
        Assert.True(sim.Outlets.IsOn(1));
    }
}
