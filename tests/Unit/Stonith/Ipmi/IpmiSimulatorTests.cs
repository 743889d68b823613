using System.Diagnostics;
using System.Globalization;
using Ocf.Data;
using Ocf.Plugins;
using Ocf.Plugins.Stonith.Ipmi;
using Ocf.Stonith;
using Xunit;
using Xunit.Abstractions;

namespace Ocf.Tests.Stonith.Ipmi;

/// <summary>
/// The ipmilan plugin against a real BMC implementation (OpenIPMI's ipmi_sim) through the framework's
/// <see cref="OcfStonithDevice"/>: every power operation is confirmed by the framework, cross-checked with ipmitool
/// and fence_ipmilan, and the failure kinds are the ones the framework's callers rely on.
/// </summary>
public sealed class IpmiSimulatorTests : IClassFixture<IpmiSimulatorFixture>
{
    private const string Host = "node1";
    private readonly IpmiSimulatorFixture _sim;
    private readonly ITestOutputHelper _output;

    public IpmiSimulatorTests(IpmiSimulatorFixture sim, ITestOutputHelper output)
    {
        _sim = sim;
        _output = output;
        if (OperatingSystem.IsWindows()) return;
        _sim.IgnoreSetPower(false);
        _sim.SetPower(true);
    }

    public static TheoryData<bool, string> Transports => new() { { true, "md5" }, { false, "md5" }, { false, "password" } };
    public static TheoryData<bool, string> AllTransports => new() { { true, "md5" }, { false, "md5" }, { false, "password" }, { false, "none" } };

    private OcfStonithDevice Device(bool lanplus, string authtype = "md5", string user = IpmiSimulatorFixture.AdminUser,
        string password = IpmiSimulatorFixture.AdminPassword, string privlvl = "administrator", string method = "onoff",
        double timeout = 0.5, int retries = 2, int? port = null, OcfStonithDeviceOptions? options = null)
    {
        var config = new OcfMapBuilder()
            .Add("ip", "127.0.0.1")
            .Add("ipport", (long)(port ?? _sim.Port))
            .Add("username", user)
            .Add("password", password)
            .Add("lanplus", lanplus)
            .Add("authtype", authtype)
            .Add("privlvl", privlvl)
            .Add("hostname", Host)
            .Add("timeout", timeout)
            .Add("retries", (long)retries)
            .Add("method", method)
            .Build();
        return OcfStonithDevice.Create("bmc1", IpmiLanStonithPlugin.PluginName, new IpmiLanStonithPlugin(), config,
            options ?? new OcfStonithDeviceOptions { PollInterval = TimeSpan.FromMilliseconds(50), ConfirmTimeout = TimeSpan.FromSeconds(5), Timeout = TimeSpan.FromSeconds(20) });
    }

    private static void AssertSuccess(OcfStonithResult result, OcfPowerState expected)
    {
        Assert.True(result.Success, $"{result.Action} failed at '{result.FailedStep}' ({result.FailureKind}): {result.Message}");
        Assert.Equal(expected, result.State);
    }

    [IpmiSimTheory]
    [MemberData(nameof(AllTransports))]
    public async Task Status_IsWhatTheSimulatedMachineIs_AndWhatIpmitoolReads(bool lanplus, string authtype)
    {
        await using var device = Device(lanplus, authtype);
        Assert.Equal(OcfPowerState.On, await device.GetPowerStateAsync(Host));
        Assert.True(_sim.IpmitoolSaysOn());
        _sim.SetPower(false);
        Assert.Equal(OcfPowerState.Off, await device.GetPowerStateAsync(Host));
        Assert.False(_sim.IpmitoolSaysOn());
        await device.CheckAsync();
    }

    [IpmiSimTheory]
    [MemberData(nameof(Transports))]
    public async Task OffOnReboot_AreConfirmed_AndIpmitoolSeesTheSameState(bool lanplus, string authtype)
    {
        await using var device = Device(lanplus, authtype);

        AssertSuccess(await device.PowerAsync(Host, OcfStonithAction.Off), OcfPowerState.Off);
        Assert.False(_sim.PowerFileSaysOn);
        Assert.False(_sim.IpmitoolSaysOn());

        AssertSuccess(await device.PowerAsync(Host, OcfStonithAction.On), OcfPowerState.On);
        Assert.True(_sim.PowerFileSaysOn);
        Assert.True(_sim.IpmitoolSaysOn());

        int logBefore = _sim.ChassisLog.Length;
        AssertSuccess(await device.PowerAsync(Host, OcfStonithAction.Reboot), OcfPowerState.On);
        string log = _sim.ChassisLog[logBefore..];
        int off = log.IndexOf("set power 0", StringComparison.Ordinal), on = log.IndexOf("set power 1", StringComparison.Ordinal);
        Assert.True(off >= 0 && on > off, $"reboot (onoff) should switch off, then on:\n{log}");
        Assert.True(_sim.IpmitoolSaysOn());
    }

    [IpmiSimTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Reboot_WithMethodCycle_UsesTheBmcPowerCycle(bool lanplus)
    {
        await using var device = Device(lanplus, method: "cycle");
        int logBefore = _sim.ChassisLog.Length;
        var result = await device.PowerAsync(Host, OcfStonithAction.Reboot);
        AssertSuccess(result, OcfPowerState.On);
        string log = _sim.ChassisLog[logBefore..];
        int off = log.IndexOf("set power 0", StringComparison.Ordinal), on = log.IndexOf("set power 1", StringComparison.Ordinal);
        Assert.True(off >= 0 && on > off, $"a power cycle switches off, then on:\n{log}");
        Assert.True(_sim.IpmitoolSaysOn());

        // A power cycle does nothing to an off chassis (IPMI v2.0 §28.3): the plugin powers it up instead.
        _sim.SetPower(false);
        logBefore = _sim.ChassisLog.Length;
        AssertSuccess(await device.PowerAsync(Host, OcfStonithAction.Reboot), OcfPowerState.On);
        log = _sim.ChassisLog[logBefore..];
        Assert.Contains("set power 1", log);
        Assert.DoesNotContain("set power 0", log);
    }

    [IpmiSimFact]
    public async Task WhatIpmitoolSets_ThePluginReads()
    {
        await using var plus = Device(lanplus: true);
        await using var v15 = Device(lanplus: false);
        _sim.IpmitoolPower("off");
        Assert.False(_sim.PowerFileSaysOn);
        Assert.Equal(OcfPowerState.Off, await plus.GetPowerStateAsync(Host));
        Assert.Equal(OcfPowerState.Off, await v15.GetPowerStateAsync(Host));
        _sim.IpmitoolPower("on");
        Assert.Equal(OcfPowerState.On, await plus.GetPowerStateAsync(Host));
        Assert.Equal(OcfPowerState.On, await v15.GetPowerStateAsync(Host));
    }

    [IpmiSimFact]
    public async Task FenceIpmilan_AgreesWithThePlugin()
    {
        await using var device = Device(lanplus: true);
        foreach (var action in new[] { OcfStonithAction.Off, OcfStonithAction.On })
        {
            AssertSuccess(await device.PowerAsync(Host, action), action == OcfStonithAction.Off ? OcfPowerState.Off : OcfPowerState.On);
            var ours = await device.GetPowerStateAsync(Host);
            var (exit, output) = IpmiSimulatorFixture.Run("fence_ipmilan", TimeSpan.FromSeconds(20),
                "-P", "-C", "3", "-a", "127.0.0.1", "-u", _sim.Port.ToString(CultureInfo.InvariantCulture),
                "-l", IpmiSimulatorFixture.AdminUser, "-p", IpmiSimulatorFixture.AdminPassword, "-o", "status");
            // fence agents: status exit code 0 = on, 2 = off, 1 = error.
            Assert.True(exit is 0 or 2, $"fence_ipmilan failed ({exit}): {output}");
            Assert.Equal(ours, exit == 0 ? OcfPowerState.On : OcfPowerState.Off);
        }
    }

    [IpmiSimTheory]
    [MemberData(nameof(Transports))]
    public async Task WrongPassword_IsAnAuthenticationFailure_AndNothingIsSwitched(bool lanplus, string authtype)
    {
        // IPMI 1.5 BMCs drop a request whose auth code fails: keep that silence short.
        await using var device = Device(lanplus, authtype, password: "wrongpw", timeout: 0.2, retries: 1);
        var e = await Assert.ThrowsAsync<OcfStonithException>(() => device.CheckAsync());
        Assert.Equal(OcfStonithFailureKind.Authentication, e.Kind);
        Assert.Contains("password", e.Message);
        Assert.DoesNotContain("wrongpw", e.Message);

        var result = await device.PowerAsync(Host, OcfStonithAction.Off);
        Assert.False(result.Success);
        Assert.Equal(OcfStonithFailureKind.Authentication, result.FailureKind);
        Assert.True(_sim.PowerFileSaysOn);
    }

    [IpmiSimTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UnknownUser_IsAnAuthenticationFailure(bool lanplus)
    {
        await using var device = Device(lanplus, user: "nobody", password: "x");
        var e = await Assert.ThrowsAsync<OcfStonithException>(() => device.CheckAsync());
        Assert.Equal(OcfStonithFailureKind.Authentication, e.Kind);
        Assert.Contains("nobody", e.Message);
    }

    [IpmiSimFact]
    public async Task OperatorAskingForAdministrator_Ipmi15_IsRefusedAtActivation()
    {
        await using var device = Device(lanplus: false, user: IpmiSimulatorFixture.OperatorUser, password: IpmiSimulatorFixture.OperatorPassword);
        var e = await Assert.ThrowsAsync<OcfStonithException>(() => device.CheckAsync());
        Assert.Equal(OcfStonithFailureKind.Authentication, e.Kind);
        Assert.Equal("0x86", e.DeviceCode);
        Assert.Contains("privilege", e.Message);
        Assert.Equal("check", e.Step);
    }

    [IpmiSimTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Operator_AtOperatorPrivilege_CanFence(bool lanplus)
    {
        await using var device = Device(lanplus, user: IpmiSimulatorFixture.OperatorUser, password: IpmiSimulatorFixture.OperatorPassword, privlvl: "operator");
        AssertSuccess(await device.PowerAsync(Host, OcfStonithAction.Off), OcfPowerState.Off);
        AssertSuccess(await device.PowerAsync(Host, OcfStonithAction.On), OcfPowerState.On);
    }

    [IpmiSimTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UserPrivilege_ReadsStatus_ButPowerControlIsRefusedWith0xD4(bool lanplus)
    {
        await using var device = Device(lanplus, user: IpmiSimulatorFixture.ViewerUser, password: IpmiSimulatorFixture.ViewerPassword, privlvl: "user");
        await device.CheckAsync();
        Assert.Equal(OcfPowerState.On, await device.GetPowerStateAsync(Host));
        var result = await device.PowerAsync(Host, OcfStonithAction.Off);
        Assert.False(result.Success);
        Assert.Equal(OcfStonithFailureKind.Authentication, result.FailureKind);
        Assert.Equal("0xD4", result.Error?.DeviceCode);
        Assert.Equal("power off", result.FailedStep);
        Assert.Contains("insufficient privilege", result.Message);
        Assert.True(_sim.PowerFileSaysOn);
    }

    [IpmiSimTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NothingListening_IsUnreachable_AfterTimeoutTimesAttempts(bool lanplus)
    {
        const double timeout = 0.3;
        const int retries = 2;
        await using var device = Device(lanplus, timeout: timeout, retries: retries, port: IpmiSimulatorFixture.FreeUdpPort());
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<OcfStonithException>(() => device.CheckAsync());
        double elapsed = clock.Elapsed.TotalSeconds, expected = timeout * (retries + 1);
        Assert.Equal(OcfStonithFailureKind.Unreachable, e.Kind);
        Assert.InRange(elapsed, expected * 0.8, expected * 1.2);
        _output.WriteLine($"unreachable after {elapsed:0.000} s (expected {expected:0.000} s): {e.Message}");
    }

    [IpmiSimFact]
    public async Task TheFrameworksOperationTimeout_CancelsAWaitForAnAnswer()
    {
        await using var device = Device(lanplus: true, timeout: 1.0, retries: 3, port: IpmiSimulatorFixture.FreeUdpPort(),
            options: new OcfStonithDeviceOptions { Timeout = TimeSpan.FromSeconds(0.4) });
        var clock = Stopwatch.StartNew();
        var result = await device.PowerAsync(Host, OcfStonithAction.Off);
        Assert.Equal(OcfStonithFailureKind.Timeout, result.FailureKind);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.3, 0.9);
    }

    [IpmiSimFact]
    public async Task DeviceSaysDoneButPowerStaysOn_IsNotConfirmed()
    {
        _sim.IgnoreSetPower(true);
        try
        {
            await using var device = Device(lanplus: true, options: new OcfStonithDeviceOptions
            {
                PollInterval = TimeSpan.FromMilliseconds(100),
                ConfirmTimeout = TimeSpan.FromSeconds(0.5),
                Timeout = TimeSpan.FromSeconds(10),
            });
            var result = await device.PowerAsync(Host, OcfStonithAction.Off);
            Assert.False(result.Success);
            Assert.Equal(OcfStonithFailureKind.NotConfirmed, result.FailureKind);
            Assert.Equal("confirm off", result.FailedStep);
            Assert.Equal(OcfPowerState.On, result.State);
            Assert.Contains("IGNORED power 0", _sim.ChassisLog);
            Assert.True(_sim.IpmitoolSaysOn());
        }
        finally
        {
            _sim.IgnoreSetPower(false);
        }
    }

    [IpmiSimTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EveryOperationClosesItsSession(bool lanplus)
    {
        // ipmi_sim holds at most 63 sessions (then: RMCP+ status 0x01, or 0xC4 for Get Session Challenge) and times an
        // idle one out only after 30 s: 80 operations in a row work only if each one closes its session.
        await using var device = Device(lanplus);
        for (int i = 0; i < 80; i++) await device.CheckAsync();
        Assert.Equal(OcfPowerState.On, await device.GetPowerStateAsync(Host));
    }

    [IpmiSimFact]
    public async Task OtherHosts_AreNotControlled()
    {
        await using var device = Device(lanplus: true);
        Assert.Equal([Host], await device.ListHostsAsync());
        var result = await device.PowerAsync("node2", OcfStonithAction.Off);
        Assert.Equal(OcfStonithFailureKind.HostNotControlled, result.FailureKind);
        var e = await Assert.ThrowsAsync<OcfStonithException>(() => device.GetPowerStateAsync("node2"));
        Assert.Equal(OcfStonithFailureKind.HostNotControlled, e.Kind);
        Assert.True(_sim.PowerFileSaysOn);
    }

    [IpmiSimFact]
    public async Task TheModule_LoadsFromAPluginFolder_AndItsPluginFencesThroughTheFramework()
    {
        // The module as users deploy it: its own folder under a plugin search path, loaded in its own context.
        string root = Directory.CreateTempSubdirectory("ocf-ipmi-module-").FullName;
        try
        {
            string folder = Path.Combine(root, "Ocf.Plugins.Stonith.Ipmi");
            Directory.CreateDirectory(folder);
            string built = typeof(IpmiLanStonithPlugin).Assembly.Location;
            File.Copy(built, Path.Combine(folder, Path.GetFileName(built)));
            var manager = new Ocf.Plugins.OcfPluginManager(new Ocf.Encoding.OcfCodecRegistry());
            manager.AddSearchPath(root);
            var module = manager.LoadModule("Ocf.Plugins.Stonith.Ipmi");
            Assert.Equal(["stonith/ipmilan"], module.Plugins);
            var info = manager.GetPlugins().Single(p => p.Type == OcfPluginTypes.Stonith && p.Name == "ipmilan");
            Assert.Contains(info.Fields, f => f.FieldName == "password" && f.Secret);

            using var lease = manager.Acquire<IOcfStonithPlugin>(OcfPluginTypes.Stonith, "ipmilan");
            Assert.NotSame(typeof(IpmiLanStonithPlugin), lease.Instance.GetType());        // a separate load context
            var config = new OcfMapBuilder().Add("ip", "127.0.0.1").Add("ipport", (long)_sim.Port).Add("username", IpmiSimulatorFixture.AdminUser)
                .Add("password", IpmiSimulatorFixture.AdminPassword).Add("hostname", Host).Build();
            await using var device = OcfStonithDevice.Create("bmc1", "ipmilan", lease.Instance, config);
            AssertSuccess(await device.PowerAsync(Host, OcfStonithAction.Off), OcfPowerState.Off);
            Assert.False(_sim.IpmitoolSaysOn());
            AssertSuccess(await device.PowerAsync(Host, OcfStonithAction.On), OcfPowerState.On);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [IpmiSimTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Timing_MedianOfFive(bool lanplus)
    {
        await using var device = Device(lanplus);
        await device.CheckAsync();      // warm-up (JIT)
        var status = new List<double>();
        var off = new List<double>();
        var on = new List<double>();
        var reboot = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            await device.GetPowerStateAsync(Host);
            status.Add(clock.Elapsed.TotalSeconds);
            var r = await device.PowerAsync(Host, OcfStonithAction.Off);
            AssertSuccess(r, OcfPowerState.Off);
            off.Add(r.Duration.TotalSeconds);
            r = await device.PowerAsync(Host, OcfStonithAction.On);
            AssertSuccess(r, OcfPowerState.On);
            on.Add(r.Duration.TotalSeconds);
            r = await device.PowerAsync(Host, OcfStonithAction.Reboot);
            AssertSuccess(r, OcfPowerState.On);
            reboot.Add(r.Duration.TotalSeconds);
        }
        static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ipmilan {(lanplus ? "lanplus -C 3" : "IPMI 1.5 md5")} (median of 5, in-process): status {Median(status):0.0000} s, off {Median(off):0.0000} s, on {Median(on):0.0000} s, reboot (onoff) {Median(reboot):0.0000} s"));
        Assert.True(Median(status) < 0.5, $"status took {Median(status):0.000} s");
    }
}
