using System.Runtime.Loader;
using Ocf.Encoding;
using Ocf.Plugins;
using Ocf.Stonith;
using Ocf.Tests.Stonith.PowerSwitch.Simulators;
using Xunit;
using static Ocf.Tests.Stonith.PowerSwitch.PowerSwitchTestKit;

namespace Ocf.Tests.Stonith.PowerSwitch;

/// <summary>
/// The module as it ships: its build output copied to a plugin folder (with runtimes/, where System.IO.Ports and its
/// native shim live), loaded by the plugin manager into a load context of its own, and driving a simulated RPS-10.
/// </summary>
public sealed class PowerSwitchModuleLoadTests : IDisposable
{
    private const string ModuleName = "Ocf.Plugins.Stonith.PowerSwitch";
    private readonly string _folder = TempDirectory("psmod");

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    private static string BuiltFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ocf.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        string folder = Path.Combine(dir.FullName, "src", ModuleName, "bin", configuration, "net8.0");
        Assert.True(File.Exists(Path.Combine(folder, ModuleName + ".dll")), $"the module is not built at {folder}");
        return folder;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from)) Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    [NotOnWindowsFact]
    public async Task LoadedModule_DrivesASerialSwitch()
    {
        Copy(BuiltFolder(), Path.Combine(_folder, ModuleName));
        Assert.False(File.Exists(Path.Combine(_folder, ModuleName, "Ocf.Framework.dll")), "the framework is shared, never shipped beside the module");
        var manager = new OcfPluginManager(new OcfCodecRegistry());
        manager.AddSearchPath(_folder);

        var info = manager.LoadModule(ModuleName);

        Assert.Equal(["stonith/apcsmart", "stonith/baytech", "stonith/rps10", "stonith/wti_nps"], info.Plugins.Order());
        using var lease = manager.Acquire<IOcfStonithPlugin>(OcfPluginTypes.Stonith, "rps10");
        Assert.NotSame(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(lease.Instance.GetType().Assembly));

        await using var sim = await Rps10Simulator.StartAsync();
        string locks = TempDirectory("psmodlck");
        try
        {
            await using var device = Device(lease.Instance, "rps10", Config(
                ("serial_port", sim.HostPort), ("outlets", Outlets(("node1", "0"))), ("lock_dir", locks)));
            Assert.Equal(OcfPowerState.On, await device.GetPowerStateAsync("node1"));
            AssertSucceeded(await device.PowerAsync("node1", OcfStonithAction.Off), OcfPowerState.Off);
            Assert.False(sim.Outlets.IsOn(0));
        }
        finally
        {
            Directory.Delete(locks, recursive: true);
        }
    }
}
