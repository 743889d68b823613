using System.Diagnostics;
using System.Globalization;
using Ocf.Data;
using Ocf.Plugins.External;
using Ocf.Stonith;
using Ocf.Tests.Stonith.Ipmi;
using Xunit;

namespace Ocf.Tests.Stonith.FenceAgents;

/// <summary>
/// The fence-agent bridge with the real fence_ipmilan driving the real ipmi_sim: every installed fence agent is a
/// stonith plugin, and the framework's confirmation holds for it like for a native plugin.
/// </summary>
public sealed class FenceAgentBridgeTests : IClassFixture<IpmiSimulatorFixture>
{
    private readonly IpmiSimulatorFixture _sim;

    public FenceAgentBridgeTests(IpmiSimulatorFixture sim) => _sim = sim;

    private static FenceAgentStonithPlugin Agent(string name, string directory = "/usr/sbin")
    {
        var catalog = new ExternalAgentCatalog(new ExternalAgentCatalogOptions
        {
            FenceAgentDirectories = [directory],
            IncludeResourceAgents = false,
        });
        var entry = catalog.Enumerate().Single(e => e.Name == name);
        return Assert.IsType<FenceAgentStonithPlugin>(entry.Plugin);
    }

    private OcfStonithDevice Device(string password = IpmiSimulatorFixture.AdminPassword, double confirmSeconds = 15, int agentPowerTimeout = 20) =>
        OcfStonithDevice.Create("bmc", "fence_ipmilan", Agent("fence_ipmilan"), new OcfMap([
            new("ip", new OcfString("127.0.0.1")),
            new("ipport", new OcfInteger(_sim.Port)),
            new("username", new OcfString(IpmiSimulatorFixture.AdminUser)),
            new("password", new OcfString(password)),
            new("lanplus", OcfBoolean.True),
            new("cipher", new OcfString("3")),
            new("power_wait", new OcfInteger(0)),
            new("power_timeout", new OcfInteger(agentPowerTimeout)),
            new("ocf_hosts", new OcfList(new OcfString("node1"))),
        ]), new OcfStonithDeviceOptions { ConfirmTimeout = TimeSpan.FromSeconds(confirmSeconds), Timeout = TimeSpan.FromSeconds(60) });

    [IpmiSimFact]
    public async Task StatusOffOn_AreConfirmed_AndIpmitoolAgrees()
    {
        await using var device = Device();
        _sim.SetPower(true);
        Assert.Equal(OcfPowerState.On, await device.GetPowerStateAsync("node1"));

        var off = await device.PowerAsync("node1", OcfStonithAction.Off);
        Assert.True(off.Success, off.Message);
        Assert.Equal(OcfPowerState.Off, off.State);
        Assert.False(_sim.IpmitoolSaysOn());

        var on = await device.PowerAsync("node1", OcfStonithAction.On);
        Assert.True(on.Success, on.Message);
        Assert.True(_sim.IpmitoolSaysOn());

        var reboot = await device.PowerAsync("node1", OcfStonithAction.Reboot);
        Assert.True(reboot.Success, reboot.Message);
        Assert.Equal(OcfPowerState.On, reboot.State);
    }

    [IpmiSimFact]
    public async Task AHostTheDeviceDoesNotFence_IsRefusedBeforeAnythingRuns()
    {
        await using var device = Device();
        string before = _sim.ChassisLog;
        var r = await device.PowerAsync("node2", OcfStonithAction.Off);
        Assert.False(r.Success);
        Assert.Equal(OcfStonithFailureKind.HostNotControlled, r.FailureKind);
        Assert.Equal(before, _sim.ChassisLog); // the BMC was never asked to switch anything
    }

    [IpmiSimFact]
    public async Task WrongPassword_IsReportedAsAFailureWithTheAgentsWords()
    {
        await using var device = Device(password: "wrongpw");
        var e = await Assert.ThrowsAsync<OcfStonithException>(() => device.CheckAsync());
        Assert.Contains("fence_ipmilan", e.Message);
        Assert.NotEqual(OcfStonithFailureKind.NotConfirmed, e.Kind);
        Assert.Equal("check", e.Step);
    }

    [IpmiSimFact]
    public async Task AnAgentThatSaysDoneButTheChassisStaysOn_IsNotConfirmed()
    {
        await using var device = Device(confirmSeconds: 1.5, agentPowerTimeout: 2);
        _sim.SetPower(true);
        _sim.IgnoreSetPower(true);
        try
        {
            var r = await device.PowerAsync("node1", OcfStonithAction.Off);
            Assert.False(r.Success);
            // fence_ipmilan itself waits and verifies too: either it fails the off, or our confirmation does.
            Assert.Equal(OcfStonithFailureKind.NotConfirmed, r.FailureKind);
            Assert.True(_sim.IpmitoolSaysOn());
        }
        finally { _sim.IgnoreSetPower(false); }
    }

    [IpmiSimFact]
    public async Task AHangingAgent_IsKilledAtTheTimeout_WithNoProcessLeft()
    {
        string dir = Directory.CreateTempSubdirectory("ocf-fence-hang").FullName;
        try
        {
            string agent = Path.Combine(dir, "fence_hangs");
            // Answers metadata like a fence agent, then hangs on every real action.
            File.WriteAllText(agent, """
                #!/bin/sh
                if [ "$1" = "-o" ] && [ "$2" = "metadata" ]; then
                cat <<'XML'
                <?xml version="1.0" ?>
                <resource-agent name="fence_hangs" shortdesc="hangs">
                <parameters><parameter name="port" unique="0" required="0"><content type="string"/><shortdesc lang="en">plug</shortdesc></parameter></parameters>
                <actions><action name="on"/><action name="off"/><action name="status"/><action name="list"/><action name="monitor"/><action name="metadata"/></actions>
                </resource-agent>
                XML
                exit 0
                fi
                echo $$ > "$(dirname "$0")/pid"
                exec sleep 300
                """.Replace("\r", ""));
            File.SetUnixFileMode(agent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var plugin = Agent("fence_hangs", dir);
            await using var device = OcfStonithDevice.Create("hang", "fence_hangs", plugin, OcfMap.Empty,
                new OcfStonithDeviceOptions { Timeout = TimeSpan.FromSeconds(1) });
            var sw = Stopwatch.StartNew();
            var e = await Assert.ThrowsAsync<OcfStonithException>(() => device.GetPowerStateAsync("n1"));
            Assert.Equal(OcfStonithFailureKind.Timeout, e.Kind);
            Assert.InRange(sw.Elapsed.TotalSeconds, 0.8, 4.0);
            int pid = int.Parse(File.ReadAllText(Path.Combine(dir, "pid")).Trim(), CultureInfo.InvariantCulture);
            // killed and reaped: no /proc entry, not even a zombie
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (Directory.Exists($"/proc/{pid}") && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.False(Directory.Exists($"/proc/{pid}"), $"agent process {pid} is still there");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [IpmiSimFact]
    public async Task AnAgentThatPrintsGarbage_IsAFailureWithItsWords_NeverAState()
    {
        string dir = Directory.CreateTempSubdirectory("ocf-fence-garbage").FullName;
        try
        {
            string agent = Path.Combine(dir, "fence_garbage");
            File.WriteAllText(agent, """
                #!/bin/sh
                if [ "$1" = "-o" ] && [ "$2" = "metadata" ]; then
                cat <<'XML'
                <?xml version="1.0" ?>
                <resource-agent name="fence_garbage" shortdesc="garbage">
                <parameters><parameter name="port" unique="0" required="0"><content type="string"/><shortdesc lang="en">plug</shortdesc></parameter></parameters>
                <actions><action name="on"/><action name="off"/><action name="status"/><action name="monitor"/><action name="metadata"/></actions>
                </resource-agent>
                XML
                exit 0
                fi
                head -c 200 /dev/urandom | tr -dc 'a-z%$#@!' ; echo
                echo "Status: MAYBE" >&2
                exit 7
                """.Replace("\r", ""));
            File.SetUnixFileMode(agent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await using var device = OcfStonithDevice.Create("junk", "fence_garbage", Agent("fence_garbage", dir),
                new OcfMap([new("ocf_hosts", new OcfList(new OcfString("n1")))]));
            var e = await Assert.ThrowsAsync<OcfStonithException>(() => device.GetPowerStateAsync("n1"));
            Assert.Equal(OcfStonithFailureKind.UnknownState, e.Kind);
            Assert.Contains("exited with 7", e.Message);
            Assert.Contains("Status: MAYBE", e.Message);
            var off = await device.PowerAsync("n1", OcfStonithAction.Off);
            Assert.False(off.Success);
            Assert.Equal(OcfStonithFailureKind.DeviceRefused, off.FailureKind);
            Assert.Equal("power off", off.FailedStep);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
