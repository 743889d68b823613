using BenchmarkDotNet.Attributes;
using Ocf.Data;
using Ocf.Plugins.Stonith.Ipmi;
using Ocf.Stonith;

namespace Ocf.PluginBenchmarks;

/// <summary>
/// (d) The native ipmilan plugin in-process against ipmi_sim on 127.0.0.1 (a free UDP port), through the framework's
/// <see cref="OcfStonithDevice"/> with its default options (power-wait 0, poll every 100 ms, confirm within 20 s) and
/// the plugin's defaults (1 s request timeout, 3 retries, reboot = off then on):
/// <list type="bullet">
/// <item>Status: one session (open, Get Chassis Status, close).</item>
/// <item>Off / On: verified — session 1 sends Chassis Control, session 2 reads the status and must see the new state.</item>
/// <item>Reboot: verified off, then verified on (4 sessions).</item>
/// </list>
/// LanPlus=true is IPMI 2.0 RMCP+ cipher suite 3 (what fence_ipmilan -P -C 3 and ipmitool -I lanplus use);
/// LanPlus=false is IPMI 1.5 with MD5 (what cluster-glue's C ipmilan plugin speaks). Before each Off and Reboot the
/// simulated machine is switched on, before each On it is switched off (not timed), so every command changes the state.
/// BenchmarkDotNet runs each case in its own process: 15 warm-up operations let tiered JIT settle (methods reach tier 1
/// after 30 calls, and every operation makes several calls of the session code) before the 30 measured ones.
/// </summary>
[SingleShotJob(warmup: 15, iterations: 30)]
public class IpmiLanBenchmarks
{
    public const string Host = "node1";
    private IpmiSimulator _sim = null!;
    private OcfStonithDevice _device = null!;

    [Params(false, true)]
    public bool LanPlus { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _sim = new IpmiSimulator();
        _device = CreateDevice(_sim.Port, LanPlus);
    }

    internal static OcfStonithDevice CreateDevice(int port, bool lanPlus)
    {
        var config = new OcfMapBuilder()
            .Add("ip", "127.0.0.1")
            .Add("ipport", (long)port)
            .Add("username", IpmiSimulator.User)
            .Add("password", IpmiSimulator.Password)
            .Add("lanplus", lanPlus)
            .Add("authtype", "md5")
            .Add("hostname", Host)
            .Build();
        return OcfStonithDevice.Create("bmc1", IpmiLanStonithPlugin.PluginName, new IpmiLanStonithPlugin(), config);
    }

    [IterationSetup(Targets = [nameof(Off), nameof(Reboot), nameof(Status)])]
    public void MachineOn() => _sim.SetPower(true);

    [IterationSetup(Target = nameof(On))]
    public void MachineOff() => _sim.SetPower(false);

    [Benchmark]
    public OcfPowerState Status()
    {
        var state = _device.GetPowerStateAsync(Host).GetAwaiter().GetResult();
        return state == OcfPowerState.On ? state : throw new InvalidOperationException($"status read {state}, the machine is on");
    }

    [Benchmark]
    public OcfStonithResult Off() => Confirmed(OcfStonithAction.Off, OcfPowerState.Off, false);

    [Benchmark]
    public OcfStonithResult On() => Confirmed(OcfStonithAction.On, OcfPowerState.On, true);

    [Benchmark]
    public OcfStonithResult Reboot() => Confirmed(OcfStonithAction.Reboot, OcfPowerState.On, true);

    private bool? _expectPowerOn;

    private OcfStonithResult Confirmed(OcfStonithAction action, OcfPowerState expected, bool powerFileOn)
    {
        var r = _device.PowerAsync(Host, action).GetAwaiter().GetResult();
        if (!r.Success || r.State != expected)
            throw new InvalidOperationException($"{action} was not confirmed: {r.FailedStep} {r.FailureKind} {r.Message}");
        _expectPowerOn = powerFileOn;
        return r;
    }

    /// <summary>Not timed: the simulated machine really is in the state the framework confirmed.</summary>
    [IterationCleanup]
    public void CheckMachine()
    {
        if (_expectPowerOn is { } on && _sim.PowerIsOn != on)
            throw new InvalidOperationException($"the simulated machine's power is {(_sim.PowerIsOn ? "on" : "off")}, expected {(on ? "on" : "off")}");
        _expectPowerOn = null;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _device.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _sim.Dispose();
    }
}
