using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ocf.PluginBenchmarks;

/// <summary>
/// OpenIPMI's ipmi_sim on 127.0.0.1 at a free UDP port, configured exactly as the xunit fixture
/// (tests/Unit/Stonith/Ipmi/IpmiSimulatorFixture.cs) does it: lan.conf.in with @PORT@/@STATE@/@DIR@ substituted,
/// chassisctl.sh keeping the power state in &lt;state&gt;/power. Ready once ipmitool reads the power status.
/// </summary>
internal sealed class IpmiSimulator : IDisposable
{
    public const string User = "admin", Password = "fencepw";
    private readonly Process _process;

    public IpmiSimulator()
    {
        StateDirectory = Directory.CreateTempSubdirectory("ocf-bench-ipmisim-").FullName;
        foreach (var name in new[] { "chassisctl.sh", "fencebmc.emu" })
            File.Copy(Path.Combine(BenchPaths.IpmiFixtures, name), Path.Combine(StateDirectory, name));
        Port = FreeUdpPort();
        File.WriteAllText(Path.Combine(StateDirectory, "lan.conf"), File.ReadAllText(Path.Combine(BenchPaths.IpmiFixtures, "lan.conf.in"))
            .Replace("@PORT@", Port.ToString(CultureInfo.InvariantCulture))
            .Replace("@STATE@", StateDirectory)
            .Replace("@DIR@", StateDirectory));
        SetPower(true);
        var start = new ProcessStartInfo("ipmi_sim")
        {
            ArgumentList = { "-n", "-c", Path.Combine(StateDirectory, "lan.conf"), "-f", Path.Combine(StateDirectory, "fencebmc.emu"), "-s", StateDirectory },
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("ipmi_sim did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!IpmitoolAnswers())
        {
            if (_process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                Dispose();
                throw new InvalidOperationException($"ipmi_sim on port {Port} did not answer ipmitool within 15 s.");
            }
            Thread.Sleep(50);
        }
    }

    public int Port { get; }
    public string StateDirectory { get; }

    public void SetPower(bool on) => File.WriteAllText(Path.Combine(StateDirectory, "power"), on ? "1\n" : "0\n");

    public bool PowerIsOn => File.ReadAllText(Path.Combine(StateDirectory, "power")).Trim() == "1";

    private bool IpmitoolAnswers()
    {
        var psi = new ProcessStartInfo("ipmitool") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-I", "lanplus", "-C", "3", "-H", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, "-P", Password, "chassis", "power", "status" })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        if (!p.WaitForExit(5000)) { p.Kill(true); return false; }
        return p.ExitCode == 0 && output.Contains("Chassis Power is", StringComparison.Ordinal);
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            _process.WaitForExit(5000);
        }
        _process.Dispose();
        BenchPaths.DeleteQuietly(StateDirectory);
    }
}
