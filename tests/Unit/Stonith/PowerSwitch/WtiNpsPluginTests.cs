using Ocf.Data;
using Ocf.Plugins.Stonith.PowerSwitch;
using Ocf.Stonith;
using Ocf.Tests.Stonith.PowerSwitch.Simulators;
using Xunit;
using static Ocf.Tests.Stonith.PowerSwitch.PowerSwitchTestKit;

namespace Ocf.Tests.Stonith.PowerSwitch;

/// <summary>Our wti_nps plugin, through the framework's device, against the certified WTI NPS simulator (TCP, ephemeral port).</summary>
public sealed class WtiNpsPluginTests
{
    private const string Password = "nps-secret";

    private static OcfMap Config(WtiNpsSimulator sim, params (string Key, OcfValue Value)[] extra) => Config(sim, Password, extra);

    private static OcfMap Config(WtiNpsSimulator sim, string password, params (string Key, OcfValue Value)[] extra) => PowerSwitchTestKit.Config(
        [("ip", sim.Host), ("port", (long)sim.Port), ("password", password), .. extra]);

    [NotOnWindowsFact]
    public async Task StatusOffOnReboot_ByPlugName_AreConfirmedByTheSwitch()
    {
        await using var sim = WtiNpsSimulator.Start(Password, "node1", "node2", "(undefined)");
        await using var device = Device(new WtiNpsPlugin(), "wti_nps", Config(sim));

        Assert.Equal(["node1", "node2"], await device.ListHostsAsync()); // the plug names; unnamed plugs are not hosts
        Assert.Equal(OcfPowerState.On, await device.GetPowerStateAsync("node2"));

        AssertSucceeded(await device.PowerAsync("node2", OcfStonithAction.Off), OcfPowerState.Off);
        Assert.False(sim.Outlets.IsOn(2));
        Assert.Contains("/Off 2,y", sim.Outlets.Commands);

        AssertSucceeded(await device.PowerAsync("node2", OcfStonithAction.On), OcfPowerState.On);
        Assert.True(sim.Outlets.IsOn(2));

        int before = sim.Outlets.ChangesOf(2).Count;
        AssertSucceeded(await device.PowerAsync("node2", OcfStonithAction.Reboot), OcfPowerState.On);
        AssertCycled(sim.Outlets, 2, before);

        Assert.Empty(sim.Outlets.ChangesOf(1));
        // One session at a time: every operation logged out and waited for the close, so none was ever turned away.
        Assert.Equal(0, sim.SessionsRefused);
        Assert.Equal(sim.SessionsAccepted, sim.Outlets.Commands.Count(c => c == "/x,y"));
    }

    [NotOnWindowsFact]
    public async Task OutletMapping_AndNativeBoot()
    {
        await using var sim = WtiNpsSimulator.Start(Password, "plug-a", "plug-b");
        await using var device = Device(new WtiNpsPlugin(), "wti_nps",
            Config(sim, ("outlets", Outlets(("db1", 2L))), ("native_reboot", true)));

        Assert.Equal(["db1"], await device.ListHostsAsync());
        AssertSucceeded(await device.PowerAsync("db1", OcfStonithAction.Reboot), OcfPowerState.On);

        Assert.Contains("/Boot 2,y", sim.Outlets.Commands);
        AssertCycled(sim.Outlets, 2, 0);
        Assert.Empty(sim.Outlets.ChangesOf(1));
    }

    [NotOnWindowsFact]
    public async Task UnknownHost_IsNotControlled_AndNoPowerCommandIsSent()
    {
        await using var sim = WtiNpsSimulator.Start(Password, "node1", "node2");
        await using var device = Device(new WtiNpsPlugin(), "wti_nps", Config(sim));

        var result = await device.PowerAsync("node9", OcfStonithAction.Off);

        Assert.Equal(OcfStonithFailureKind.HostNotControlled, result.FailureKind);
        Assert.All(sim.Outlets.Commands, c => Assert.True(c is "/s" or "/x,y", c));
        Assert.Empty(sim.Outlets.Changes);
    }

    [NotOnWindowsFact]
    public async Task WrongPassword_IsAnAuthenticationFailure()
    {
        await using var sim = WtiNpsSimulator.Start(Password, "node1");
        await using var device = Device(new WtiNpsPlugin(), "wti_nps", Config(sim, "wrong"));

        var e = await Assert.ThrowsAsync<OcfStonithException>(() => device.CheckAsync());
        Assert.Equal(OcfStonithFailureKind.Authentication, e.Kind);
        Assert.Equal("login", e.Step);
        Assert.DoesNotContain("wrong", e.Message);

        var result = await device.PowerAsync("node1", OcfStonithAction.Off);
        Assert.Equal(OcfStonithFailureKind.Authentication, result.FailureKind);
        Assert.True(sim.Outlets.IsOn(1));
        Assert.Empty(sim.Outlets.Commands);
    }

    [NotOnWindowsFact]
    public async Task SwitchThatProcessesButStaysOn_IsNotConfirmed()
    {
        await using var sim = WtiNpsSimulator.Start(Password, "node1", "node2");
        sim.IgnorePowerCommands = true;
        await using var device = Device(new WtiNpsPlugin(), "wti_nps", Config(sim), ShortConfirm);

        var result = await device.PowerAsync("node1", OcfStonithAction.Off);

        Assert.Equal(OcfStonithFailureKind.NotConfirmed, result.FailureKind);
        Assert.Equal(OcfPowerState.On, result.State);
        Assert.Contains("/Off 1,y", sim.Outlets.Commands);
        Assert.True(sim.Outlets.IsOn(1));
    }

    [NotOnWindowsFact]
    public async Task SwitchThatStopsAnsweringAfterLogin_IsUnreachableWithinTheResponseTimeout()
    {
        await using var sim = WtiNpsSimulator.Start(Password, "node1");
        sim.StopAnswering = true;
        await using var device = Device(new WtiNpsPlugin(), "wti_nps", Config(sim, ("response_timeout", 1.0)));

        var (result, elapsed) = await Timed(() => device.PowerAsync("node1", OcfStonithAction.Off));

        Assert.Equal(OcfStonithFailureKind.Unreachable, result.FailureKind);
        Assert.Equal("status", result.FailedStep);
        Assert.True(elapsed < TimeSpan.FromSeconds(4), $"took {elapsed}");
        Assert.True(sim.Outlets.IsOn(1));
    }

    [NotOnWindowsFact]
    public async Task SilentSwitch_IsCutOffByTheDeviceTimeout_WhenThatIsShorter()
    {
        await using var sim = WtiNpsSimulator.Start(Password, "node1");
        sim.StopAnswering = true;
        await using var device = Device(new WtiNpsPlugin(), "wti_nps", Config(sim, ("response_timeout", 30.0)), Fast with { Timeout = TimeSpan.FromSeconds(1) });

        var (result, elapsed) = await Timed(() => device.PowerAsync("node1", OcfStonithAction.Off));

        Assert.Equal(OcfStonithFailureKind.Timeout, result.FailureKind);
        Assert.True(elapsed < TimeSpan.FromSeconds(4), $"took {elapsed}");
    }

    [NotOnWindowsFact]
    public async Task SwitchWithAnotherSessionOpen_IsBusy()
    {
        await using var sim = WtiNpsSimulator.Start(Password, "node1");
        using var other = new System.Net.Sockets.TcpClient();
        await other.ConnectAsync(sim.Host, sim.Port); // someone else's telnet session, left open
        while (sim.SessionsAccepted == 0) await Task.Delay(10);
        await using var device = Device(new WtiNpsPlugin(), "wti_nps", Config(sim));

        var e = await Assert.ThrowsAsync<OcfStonithException>(() => device.CheckAsync());

        Assert.Equal(OcfStonithFailureKind.Busy, e.Kind);
        Assert.Equal(1, sim.SessionsRefused);
    }

    [NotOnWindowsFact]
    public async Task NothingListening_IsUnreachable()
    {
        int port;
        await using (var gone = WtiNpsSimulator.Start(Password, "node1")) port = gone.Port;
        await using var device = Device(new WtiNpsPlugin(), "wti_nps", PowerSwitchTestKit.Config(
            ("ip", "127.0.0.1"), ("port", (long)port), ("password", Password)));

        var e = await Assert.ThrowsAsync<OcfStonithException>(() => device.CheckAsync());

        Assert.Equal(OcfStonithFailureKind.Unreachable, e.Kind);
        Assert.Equal("connect", e.Step);
    }
}
