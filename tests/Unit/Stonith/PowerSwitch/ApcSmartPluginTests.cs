using Ocf.Data;
using Ocf.Plugins.Stonith.PowerSwitch;
using Ocf.Stonith;
using Ocf.Tests.Stonith.PowerSwitch.Simulators;
using Xunit;
using static Ocf.Tests.Stonith.PowerSwitch.PowerSwitchTestKit;

namespace Ocf.Tests.Stonith.PowerSwitch;

/// <summary>Our apcsmart plugin, through the framework's device, against the certified Smart-UPS simulator on a pty.</summary>
public sealed class ApcSmartPluginTests : IDisposable
{
    private readonly string _lockDir = TempDirectory("apc");

    public void Dispose() => Directory.Delete(_lockDir, recursive: true);

    private string LockFile => Path.Combine(_lockDir, "LCK..ttyB");

    private OcfMap Config(ApcSmartSimulator sim, params (string Key, OcfValue Value)[] extra) => PowerSwitchTestKit.Config(
        [
            ("serial_port", sim.HostPort),
            ("hosts", List("node1", "node1-ipmi")), // both are powered by the UPS output
            ("lock_dir", _lockDir),
            // 2.5 s between the two presses (the UPS wants 1.5-10 s): a second of margin for a loaded CI machine,
            // where the simulator may read the first press late.
            ("press_gap", 2.5),
            .. extra,
        ]);

    [NotOnWindowsFact]
    public async Task StatusOffOnReboot_AreConfirmedByTheUps()
    {
        await using var sim = await ApcSmartSimulator.StartAsync();
        await using var device = Device(new ApcSmartPlugin(), "apcsmart", Config(sim));

        Assert.Equal(["node1", "node1-ipmi"], await device.ListHostsAsync());
        Assert.Equal(OcfPowerState.On, await device.GetPowerStateAsync("node1"));

        AssertSucceeded(await device.PowerAsync("node1", OcfStonithAction.Off), OcfPowerState.Off);
        Assert.False(sim.OutputOn);
        Assert.Equal(2, sim.Outlets.Commands.Count(c => c == "Z")); // two presses, the second one acted

        AssertSucceeded(await device.PowerAsync("node1", OcfStonithAction.On), OcfPowerState.On);
        Assert.True(sim.OutputOn);

        int before = sim.Outlets.ChangesOf(1).Count;
        AssertSucceeded(await device.PowerAsync("node1", OcfStonithAction.Reboot), OcfPowerState.On);
        AssertCycled(sim.Outlets, 1, before);
        Assert.False(File.Exists(LockFile));
    }

    [NotOnWindowsFact]
    public async Task UnknownHost_IsNotControlled_AndNothingIsSent()
    {
        await using var sim = await ApcSmartSimulator.StartAsync();
        await using var device = Device(new ApcSmartPlugin(), "apcsmart", Config(sim));

        var result = await device.PowerAsync("node2", OcfStonithAction.Off);

        Assert.Equal(OcfStonithFailureKind.HostNotControlled, result.FailureKind);
        Assert.Empty(sim.Outlets.Commands);
    }

    [NotOnWindowsFact]
    public async Task UpsThatTakesThePressesButStaysOn_IsNotConfirmed()
    {
        await using var sim = await ApcSmartSimulator.StartAsync();
        sim.IgnorePowerCommands = true;
        await using var device = Device(new ApcSmartPlugin(), "apcsmart", Config(sim), ShortConfirm);

        var result = await device.PowerAsync("node1", OcfStonithAction.Off);

        Assert.Equal(OcfStonithFailureKind.NotConfirmed, result.FailureKind);
        Assert.Equal(OcfPowerState.On, result.State);
        Assert.True(sim.OutputOn);
    }

    [NotOnWindowsFact]
    public async Task UpsThatStopsAnswering_IsUnreachableWithinTheResponseTimeout()
    {
        await using var sim = await ApcSmartSimulator.StartAsync();
        sim.StopAnswering = true; // answers "Y" with "SM", then nothing
        await using var device = Device(new ApcSmartPlugin(), "apcsmart", Config(sim, ("response_timeout", 1.0)));

        var (state, elapsed) = await Timed(async () =>
            await Assert.ThrowsAsync<OcfStonithException>(() => device.GetPowerStateAsync("node1")));

        Assert.Equal(OcfStonithFailureKind.Unreachable, state.Kind);
        Assert.Equal("status", state.Step);
        Assert.True(elapsed < TimeSpan.FromSeconds(4), $"took {elapsed}");
        Assert.Contains("~", sim.Outlets.Commands);
    }

    [NotOnWindowsFact]
    public async Task PortLockedByALiveProcess_IsBusy()
    {
        await using var sim = await ApcSmartSimulator.StartAsync();
        await using var holder = LiveProcess();
        File.WriteAllText(LockFile, holder.Id.ToString().PadLeft(10) + "\n");
        await using var device = Device(new ApcSmartPlugin(), "apcsmart", Config(sim, ("lock_timeout", 0.2)));

        var result = await device.PowerAsync("node1", OcfStonithAction.Off);

        Assert.Equal(OcfStonithFailureKind.Busy, result.FailureKind);
        Assert.Empty(sim.Outlets.Commands);
        Assert.True(sim.OutputOn);
        Assert.True(File.Exists(LockFile));
    }

    [NotOnWindowsFact]
    public async Task StaleLockOfADeadProcess_IsRemoved()
    {
        await using var sim = await ApcSmartSimulator.StartAsync();
        File.WriteAllText(LockFile, (await DeadPidAsync()).ToString().PadLeft(10) + "\n");
        await using var device = Device(new ApcSmartPlugin(), "apcsmart", Config(sim, ("lock_timeout", 0.0)));

        await device.CheckAsync();

        Assert.False(File.Exists(LockFile));
        Assert.Equal(["Y", "Q"], sim.Outlets.Commands);
    }
}
