using System.Runtime.CompilerServices;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Plugins;
using Ocf.Plugins.Stonith.Ipmi;
using Ocf.Stonith;
using Ocf.Tests.Plugins;
using Xunit;

namespace Ocf.Tests.Stonith;

/// <summary>
/// A STONITH device holds its plugin's module: unloading is refused while the device lives, and allowed once it is
/// disposed or dropped and collected — after which the module's load context is collected too. The ipmilan module is
/// loaded from a plugin folder into a context of its own; creating a device does no network I/O.
/// </summary>
public sealed class DeviceLeaseTests : IDisposable
{
    private const string Module = "Ocf.Plugins.Stonith.Ipmi";
    private readonly PluginFolder _folder = new();
    private readonly OcfPluginManager _manager = new(new OcfCodecRegistry());

    public DeviceLeaseTests()
    {
        string target = Path.Combine(_folder.Path, Module);
        Directory.CreateDirectory(target);
        string built = typeof(IpmiLanStonithPlugin).Assembly.Location;
        File.Copy(built, Path.Combine(target, Path.GetFileName(built)));
        _manager.AddSearchPath(_folder.Path);
    }

    public void Dispose() => _folder.Dispose();

    private static readonly OcfMap Config = new OcfMapBuilder().Add("ip", "192.0.2.7").Add("username", "admin").Add("password", "s3cret").Build();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private OcfStonithDevice NewDevice(string name = "bmc1") =>
        OcfStonithDevice.Create(name, "ipmilan", _manager.Acquire<IOcfStonithPlugin>(OcfPluginTypes.Stonith, "ipmilan"), Config);

    [Fact]
    public void Unloading_is_refused_while_a_device_lives_and_allowed_once_it_is_disposed()
    {
        var context = UseDisposeAndUnload();

        Assert.True(WaitUntilCollected(context), "The ipmilan module's load context was not collected after its device was disposed and it was unloaded.");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference UseDisposeAndUnload()
    {
        var device = NewDevice();
        var second = NewDevice("bmc2");
        var context = _manager.GetLoadContextReference(Module)!;

        var refused = Assert.Throws<OcfPluginException>(() => _manager.UnloadModule(Module));
        Assert.Equal(OcfPluginErrorKind.InUse, refused.Kind);
        Assert.Equal($"The module '{Module}' cannot be unloaded: stonith/ipmilan (2 in use).", refused.Message);

        device.Dispose();
        device.Dispose(); // idempotent: releases nothing more
        refused = Assert.Throws<OcfPluginException>(() => _manager.UnloadModule(Module));
        Assert.Contains("stonith/ipmilan (1 in use)", refused.Message);
        Assert.Throws<ObjectDisposedException>(() => device.ListHostsAsync().GetAwaiter().GetResult());

        second.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _manager.UnloadModule(Module);
        Assert.DoesNotContain(_manager.LoadedModules, m => m.Name == Module);
        return context;
    }

    [Fact]
    public void A_device_dropped_without_dispose_stops_holding_the_module_once_collected()
    {
        var (context, device) = CreateAndDrop();
        Assert.True(WaitUntilCollected(device), "The dropped device was not collected.");

        _manager.UnloadModule(Module); // the lease died with its owner: nothing is in use any more

        Assert.True(WaitUntilCollected(context), "The ipmilan module's load context was not collected after unloading.");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private (WeakReference Context, WeakReference Device) CreateAndDrop()
    {
        var device = NewDevice();
        Assert.Throws<OcfPluginException>(() => _manager.UnloadModule(Module)); // held while it lives
        return (_manager.GetLoadContextReference(Module)!, new WeakReference(device));
    }

    [Fact]
    public void A_device_that_cannot_be_created_releases_its_lease_at_once()
    {
        var lease = _manager.Acquire<IOcfStonithPlugin>(OcfPluginTypes.Stonith, "ipmilan");

        var e = Assert.Throws<OcfValidationException>(() => OcfStonithDevice.Create("bad", "ipmilan", lease, new OcfMapBuilder().Add("ipport", "x").Build()));

        Assert.Contains(e.Problems, p => p.Path == "ip" && p.Code == "Required");
        Assert.Contains(e.Problems, p => p.Path == "ipport" && p.Code == "WrongType");
        Assert.True(lease.IsReleased);
        _manager.UnloadModule(Module);
    }

    [Fact]
    public void A_device_reads_its_configuration_back_with_secrets_redacted()
    {
        using var device = NewDevice();
        IOcfConfigured configured = device;

        Assert.Equal(new OcfString(OcfConfigurator.RedactedText), configured.RedactedConfiguration["password"]);
        Assert.Equal(new OcfString("admin"), configured.RedactedConfiguration["username"]);
        Assert.Equal(new OcfInteger(623), configured.RedactedConfiguration["ipport"]); // the default, applied
        Assert.Equal(new OcfString("s3cret"), device.GetConfigurationWithSecrets()["password"]);
    }

    private static bool WaitUntilCollected(WeakReference reference)
    {
        for (int i = 0; reference.IsAlive && i < 20; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return !reference.IsAlive;
    }
}
