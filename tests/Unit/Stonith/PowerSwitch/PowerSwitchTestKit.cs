using System.Diagnostics;
using Ocf.Data;
using Ocf.Plugins.Stonith.PowerSwitch;
using Ocf.Stonith;
using Ocf.Tests.Stonith.PowerSwitch.Simulators;
using Xunit;

namespace Ocf.Tests.Stonith.PowerSwitch;

/// <summary>
/// A test that needs the Linux peers (socat ptys, cluster-glue, ip netns): skipped on Windows only, so a missing peer
/// on Linux fails loudly instead of passing silently.
/// </summary>
public sealed class NotOnWindowsFactAttribute : FactAttribute
{
    public NotOnWindowsFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "Needs socat ptys, cluster-glue and network namespaces (Linux).";
    }
}

internal static class PowerSwitchTestKit
{
    /// <summary>Quick confirmation for the simulators, which switch at once.</summary>
    public static readonly OcfStonithDeviceOptions Fast = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(50),
        ConfirmTimeout = TimeSpan.FromSeconds(5),
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>For a device that acknowledges and does nothing: give up confirming after one second.</summary>
    public static readonly OcfStonithDeviceOptions ShortConfirm = Fast with { ConfirmTimeout = TimeSpan.FromSeconds(1) };

    public static OcfMap Config(params (string Key, OcfValue Value)[] entries)
    {
        var b = new OcfMapBuilder();
        foreach (var (k, v) in entries) b.Add(k, v);
        return b.Build();
    }

    public static OcfList Outlets(params (string Host, OcfValue Outlet)[] outlets) =>
        new(outlets.Select(o => (OcfValue)Config(("host", o.Host), ("outlet", o.Outlet))));

    public static OcfList List(params string[] items) => new(items.Select(i => (OcfValue)i));

    public static OcfStonithDevice Device(IOcfStonithPlugin plugin, string type, OcfMap configuration, OcfStonithDeviceOptions? options = null) =>
        OcfStonithDevice.Create("sim-" + type, type, plugin, configuration, options ?? Fast);

    /// <summary>A fresh lock directory per test (the real /var/lock is shared with cluster-glue and other runs).</summary>
    public static string TempDirectory(string prefix)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"ocf-{prefix}-{Guid.NewGuid():N}"[..30]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void AssertSucceeded(OcfStonithResult result, OcfPowerState state)
    {
        Assert.True(result.Success, $"{result.Action} {result.Node} failed at '{result.FailedStep}' ({result.FailureKind}): {result.Message}");
        Assert.Equal(state, result.State);
    }

    /// <summary>An outlet switched off and then on again, in that order, since <paramref name="before"/> changes.</summary>
    public static void AssertCycled(OutletBank outlets, int outlet, int before)
    {
        var changes = outlets.ChangesOf(outlet).Skip(before).ToArray();
        Assert.True(changes.Length >= 2 && !changes[^2].On && changes[^1].On,
            $"outlet {outlet} was not switched off then on: {string.Join(", ", changes)}");
        Assert.True(outlets.IsOn(outlet));
    }

    /// <summary>A process that runs until disposed: its PID is a live lock holder.</summary>
    public static ChildProcess LiveProcess() => ChildProcess.Start("sleep", ["300"]);

    /// <summary>The PID of a process that has exited (reaped): a stale lock holder.</summary>
    public static async Task<int> DeadPidAsync()
    {
        await using var p = ChildProcess.Start("true", []);
        int pid = p.Id;
        await p.WaitForExitAsync(TimeSpan.FromSeconds(10));
        return pid;
    }

    public static async Task<(T Value, TimeSpan Elapsed)> Timed<T>(Func<Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        var value = await call();
        return (value, clock.Elapsed);
    }
}
