using Ocf.Data;
using Ocf.Plugins.Stonith.PowerSwitch;
using Ocf.Stonith;
using Ocf.Tests.Stonith.PowerSwitch.Simulators;
using Xunit;
using static Ocf.Tests.Stonith.PowerSwitch.PowerSwitchTestKit;

namespace Ocf.Tests.Stonith.PowerSwitch;

/// <summary>Our rps10 plugin, through the framework's device, against the certified RPS-10 simulator on a pty.</summary>
public sealed class Rps10PluginTests : IDisposable
{
    private readonly string _lockDir = TempDirectory("rps10");

    public void Dispose() => Directory.Delete(_lockDir, recursive: true);

    private string LockFile => Path.Combine(_lockDir, "LCK..ttyB");

    private OcfMap Config(Rps10Simulator sim, params (string Key, OcfValue Value)[] extra) => PowerSwitchTestKit.Config(
        [
            ("serial_port", sim.HostPort),
            ("outlets", Outlets(("node1", "0"), ("node2", "1"))),
            ("lock_dir", _lockDir),
            .. extra,
        ]);

    [NotOnWindowsFact]
    public async Task StatusOffOnReboot_AreConfirmedByTheSwitch()
    {
        await using var sim = await Rps10Simulator.StartAsync();
        await using var device = Device(new Rps10Plugin(), "rps10", Config(sim));

        Assert.Equal(["node1", "node2"], await device.ListHostsAsync());
        Assert.Equal(OcfPowerState.On, await device.GetPowerStateAsync("node1"));

        AssertSucceeded(await device.PowerAsync("node1", OcfStonithAction.Off), OcfPowerState.Off);
        Assert.False(sim.Outlets.IsOn(0));
        Assert.Equal(OcfPowerState.Off, await device.GetPowerStateAsync("NODE1")); // host names are case-insensitive

        AssertSucceeded(await device.PowerAsync("node1", OcfStonithAction.On), OcfPowerState.On);
        Assert.True(sim.Outlets.IsOn(0));

        int before = sim.Outlets.ChangesOf(0).Count;
        AssertSucceeded(await device.PowerAsync("node1", OcfStonithAction.Reboot), OcfPowerState.On);
        AssertCycled(sim.Outlets, 0, before);
        Assert.DoesNotContain("0T", sim.Outlets.Commands); // off, confirmed, then on: not the switch's toggle

        Assert.Empty(sim.Outlets.ChangesOf(1));
        Assert.DoesNotContain(sim.Outlets.Commands, c => c[0] == '1');
        Assert.False(File.Exists(LockFile), "the lock is released after each session");
    }

    [NotOnWindowsFact]
    public async Task NativeReboot_UsesTheSwitchToggle()
    {
        await using var sim = await Rps10Simulator.StartAsync();
        await using var device = Device(new Rps10Plugin(), "rps10", Config(sim, ("native_reboot", true)));

        AssertSucceeded(await device.PowerAsync("node2", OcfStonithAction.Reboot), OcfPowerState.On);

        Assert.Contains("1T", sim.Outlets.Commands);
        AssertCycled(sim.Outlets, 1, 0);
        Assert.Empty(sim.Outlets.ChangesOf(0));
    }

    [NotOnWindowsFact]
    public async Task Session_HoldsAnHdbUucpLockWithOurPid()
    {
        await using var sim = await Rps10Simulator.StartAsync();
        var seen = new List<string?>();
        sim.OnCommand = _ => seen.Add(File.Exists(LockFile) ? File.ReadAllText(LockFile) : null);
        await using var device = Device(new Rps10Plugin(), "rps10", Config(sim));

        await device.CheckAsync();

        string expected = Environment.ProcessId.ToString().PadLeft(10) + "\n"; // ten characters, right-aligned, newline
        Assert.Equal([expected], seen);
        Assert.False(File.Exists(LockFile));
    }

    [NotOnWindowsFact]
    public async Task UnknownHost_IsNotControlled_AndNothingIsSent()
    {
        await using var sim = await Rps10Simulator.StartAsync();
        await using var device = Device(new Rps10Plugin(), "rps10", Config(sim));

        var result = await device.PowerAsync("node9", OcfStonithAction.Off);

        Assert.False(result.Success);
        Assert.Equal(OcfStonithFailureKind.HostNotControlled, result.FailureKind);
        Assert.Empty(sim.Outlets.Commands);
    }

    [NotOnWindowsFact]
    public async Task SwitchThatAcknowledgesButStaysOn_IsNotConfirmed()
    {
        await using var sim = await Rps10Simulator.StartAsync();
        sim.IgnorePowerCommands = true;
        await using var device = Device(new Rps10Plugin(), "rps10", Config(sim), ShortConfirm);

        var result = await device.PowerAsync("node1", OcfStonithAction.Off);

        Assert.Equal(OcfStonithFailureKind.NotConfirmed, result.FailureKind);
        Assert.Equal("confirm off", result.FailedStep);
        Assert.Equal(OcfPowerState.On, result.State);
        Assert.Contains("00", sim.Outlets.Commands); // it was sent, and "Plug 0 Off" came back
        Assert.True(sim.Outlets.IsOn(0));
    }

    [NotOnWindowsFact]
    public async Task SwitchThatStopsAnswering_IsUnreachableWithinTheResponseTimeout()
    {
        await using var sim = await Rps10Simulator.StartAsync();
        sim.StopAnswering = true; // still says "RPS-10 Ready", never answers a command
        await using var device = Device(new Rps10Plugin(), "rps10", Config(sim, ("response_timeout", 1.0), ("power_timeout", 1.0)));

        var (result, elapsed) = await Timed(() => device.PowerAsync("node1", OcfStonithAction.Off));

        Assert.Equal(OcfStonithFailureKind.Unreachable, result.FailureKind);
        Assert.Equal("power off", result.FailedStep);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"took {elapsed}");
        Assert.True(sim.Outlets.IsOn(0));
        Assert.False(File.Exists(LockFile));
    }

    [NotOnWindowsFact]
    public async Task SilentSwitch_IsCutOffByTheDeviceTimeout_WhenThatIsShorter()
    {
        await using var sim = await Rps10Simulator.StartAsync();
        sim.StopAnswering = true;
        await using var device = Device(new Rps10Plugin(), "rps10", Config(sim, ("response_timeout", 30.0)), Fast with { Timeout = TimeSpan.FromSeconds(1) });

        var (result, elapsed) = await Timed(() => device.PowerAsync("node1", OcfStonithAction.Off));

        Assert.Equal(OcfStonithFailureKind.Timeout, result.FailureKind);
        Assert.True(elapsed < TimeSpan.FromSeconds(4), $"took {elapsed}: a serial read did not honour cancellation");
        Assert.False(File.Exists(LockFile), "the lock is released when the operation is cancelled");
    }

    [NotOnWindowsFact]
    public async Task PortLockedByALiveProcess_IsBusy_AndTheLockIsLeftAlone()
    {
        await using var sim = await Rps10Simulator.StartAsync();
        await using var holder = LiveProcess();
        File.WriteAllText(LockFile, holder.Id.ToString().PadLeft(10) + "\n");
        await using var device = Device(new Rps10Plugin(), "rps10", Config(sim, ("lock_timeout", 0.3)));

        var result = await device.PowerAsync("node1", OcfStonithAction.Off);

        Assert.Equal(OcfStonithFailureKind.Busy, result.FailureKind);
        Assert.Contains(holder.Id.ToString(), result.Message);
        Assert.Empty(sim.Outlets.Commands);
        Assert.Equal(holder.Id.ToString().PadLeft(10) + "\n", File.ReadAllText(LockFile));
    }

    [NotOnWindowsFact]
    public async Task StaleLockOfADeadProcess_IsRemoved()
    {
        await using var sim = await Rps10Simulator.StartAsync();
        File.WriteAllText(LockFile, (await DeadPidAsync()).ToString().PadLeft(10) + "\n");
        await using var device = Device(new Rps10Plugin(), "rps10", Config(sim, ("lock_timeout", 0.0)));

        Assert.Equal(OcfPowerState.On, await device.GetPowerStateAsync("node2"));
        Assert.False(File.Exists(LockFile));
    }
}
