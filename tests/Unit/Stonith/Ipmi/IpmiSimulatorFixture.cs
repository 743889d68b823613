using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Ocf.Tests.Stonith.Ipmi;

/// <summary>
/// One OpenIPMI ipmi_sim BMC on 127.0.0.1 at an ephemeral UDP port, in a temporary state folder, for the tests of
/// <see cref="IpmiSimulatorTests"/>. The configuration comes from the project's own fixtures (Fixtures/ beside the
/// test assembly). Started once, checked with ipmitool until it answers, killed with its children on dispose.
/// </summary>
public sealed class IpmiSimulatorFixture : IDisposable
{
    public const string AdminUser = "admin", AdminPassword = "fencepw";
    public const string OperatorUser = "oper", OperatorPassword = "operpw";
    public const string ViewerUser = "viewer", ViewerPassword = "viewpw";

    private readonly Process? _process;
    private readonly StringBuilder _log = new();

    public IpmiSimulatorFixture()
    {
        StateDirectory = Directory.CreateTempSubdirectory("ocf-ipmisim-").FullName;
        if (OperatingSystem.IsWindows()) return;
        string fixtures = Path.Combine(AppContext.BaseDirectory, "Stonith", "Ipmi", "Fixtures");
        foreach (var name in new[] { "chassisctl.sh", "fencebmc.emu" })
            File.Copy(Path.Combine(fixtures, name), Path.Combine(StateDirectory, name));
        Port = FreeUdpPort();
        File.WriteAllText(Path.Combine(StateDirectory, "lan.conf"), File.ReadAllText(Path.Combine(fixtures, "lan.conf.in"))
            .Replace("@PORT@", Port.ToString(CultureInfo.InvariantCulture))
            .Replace("@STATE@", StateDirectory)
            .Replace("@DIR@", StateDirectory));
        SetPower(true);

        var start = new ProcessStartInfo("ipmi_sim")
        {
            ArgumentList = { "-n", "-c", Path.Combine(StateDirectory, "lan.conf"), "-f", Path.Combine(StateDirectory, "fencebmc.emu"), "-s", StateDirectory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("ipmi_sim did not start");
        _process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"ipmi_sim exited with {_process.ExitCode}: {Log}");
            var (exit, output) = Run("ipmitool", TimeSpan.FromSeconds(5), IpmitoolArguments("chassis", "power", "status"));
            if (exit == 0 && output.Contains("Chassis Power is", StringComparison.Ordinal)) break;
            if (clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                Dispose();
                throw new InvalidOperationException($"ipmi_sim on port {Port} did not answer ipmitool within 15 s; last: {output}; log: {Log}");
            }
            Thread.Sleep(50);
        }
        StartupTime = clock.Elapsed;
    }

    public int Port { get; }
    public string StateDirectory { get; }
    public TimeSpan StartupTime { get; }
    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>The power state the chassis control script keeps (the simulated machine's truth).</summary>
    public bool PowerFileSaysOn => File.ReadAllText(Path.Combine(StateDirectory, "power")).Trim() == "1";

    public string ChassisLog => File.Exists(Path.Combine(StateDirectory, "chassis.log")) ? File.ReadAllText(Path.Combine(StateDirectory, "chassis.log")) : "";

    /// <summary>Sets the simulated machine's power directly (test set-up, not through IPMI).</summary>
    public void SetPower(bool on) => File.WriteAllText(Path.Combine(StateDirectory, "power"), on ? "1\n" : "0\n");

    /// <summary>While set, the chassis control script accepts "set power" but ignores it.</summary>
    public void IgnoreSetPower(bool ignore)
    {
        string flag = Path.Combine(StateDirectory, "ignore-set-power");
        if (ignore) File.WriteAllText(flag, ""); else File.Delete(flag);
    }

    public string[] IpmitoolArguments(params string[] command) =>
        ["-I", "lanplus", "-C", "3", "-H", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", AdminUser, "-P", AdminPassword, .. command];

    /// <summary>What ipmitool (lanplus, suite 3) reads: true = on.</summary>
    public bool IpmitoolSaysOn()
    {
        var (exit, output) = Run("ipmitool", TimeSpan.FromSeconds(10), IpmitoolArguments("chassis", "power", "status"));
        Assert.True(exit == 0, $"ipmitool failed ({exit}): {output}");
        if (output.Contains("Chassis Power is on", StringComparison.Ordinal)) return true;
        if (output.Contains("Chassis Power is off", StringComparison.Ordinal)) return false;
        throw new Xunit.Sdk.XunitException($"unexpected ipmitool output: {output}");
    }

    public void IpmitoolPower(string onOrOff)
    {
        var (exit, output) = Run("ipmitool", TimeSpan.FromSeconds(10), IpmitoolArguments("chassis", "power", onOrOff));
        Assert.True(exit == 0, $"ipmitool power {onOrOff} failed ({exit}): {output}");
    }

    /// <summary>Runs a program with a time limit, killing it (and its children) when it overruns.</summary>
    public static (int ExitCode, string Output) Run(string program, TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var p = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return (-1, $"timed out after {limit.TotalSeconds} s: {stdout.Result}{stderr.Result}");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>A UDP port nobody uses now: bind port 0, read what the system chose, release it.</summary>
    public static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        try { Directory.Delete(StateDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A fact that needs ipmi_sim, ipmitool and fence-agents: always run on Linux and macOS (missing tools fail), skipped on Windows.</summary>
public sealed class IpmiSimFactAttribute : FactAttribute
{
    public IpmiSimFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "ipmi_sim, ipmitool and fence_ipmilan are Linux tools";
    }
}

/// <summary>The theory form of <see cref="IpmiSimFactAttribute"/>.</summary>
public sealed class IpmiSimTheoryAttribute : TheoryAttribute
{
    public IpmiSimTheoryAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "ipmi_sim, ipmitool and fence_ipmilan are Linux tools";
    }
}
