using System.Collections.Concurrent;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins;
using Ocf.Rpc;
using Ocf.Stonith;

namespace Ocf.Ipc;

/// <summary>
/// STONITH through a node's local API: devices saved in the daemon's device store (<see cref="OcfStonithDeviceStore"/>)
/// are loaded on first use and kept, so the device's own rules hold across clients (one operation at a time per device,
/// timeouts, confirmation by status). Methods: ocf.stonith.devices, ocf.stonith.hosts, ocf.stonith.status, ocf.stonith.reset.
/// A failed status is a fault <see cref="OcfLocalApiFaults.StonithFailureBase"/> + failure kind; a reset always answers a
/// result struct (success false and the failed step when it failed), as <see cref="OcfStonithDevice.PowerAsync"/> does.
/// </summary>
public sealed class OcfStonithRpcMethods : IAsyncDisposable
{
    public const string Devices = "ocf.stonith.devices";
    public const string Hosts = "ocf.stonith.hosts";
    public const string Status = "ocf.stonith.status";
    public const string Reset = "ocf.stonith.reset";

    private readonly OcfStonithDeviceStore _store;
    private readonly OcfPluginManager _plugins;
    // Each device owns its plugin lease (released when the device is disposed).
    private readonly ConcurrentDictionary<string, Lazy<OcfStonithDevice>> _devices = new(StringComparer.OrdinalIgnoreCase);

    public OcfStonithRpcMethods(string storeDirectory, OcfPluginManager plugins)
    {
        _store = new OcfStonithDeviceStore(storeDirectory);
        _plugins = plugins ?? throw new ArgumentNullException(nameof(plugins));
    }

    public string StoreDirectory => _store.Directory;

    private static OcfField Text(string name, string help, bool required = true) =>
        new() { FieldName = name, BasicType = OcfBasicType.String, Required = required, ShortText = help };

    public void Register(OcfRpcRegistry registry)
    {
        registry.Register(new OcfRpcMethod(Devices,
            "The names of the STONITH devices saved in this daemon's device store (an array of strings).",
            [], OcfRpcTypes.Array, (_, _) => ValueTask.FromResult<OcfValue>(new OcfList(_store.Names().Select(n => (OcfValue)new OcfString(n))))));
        registry.Register(new OcfRpcMethod(Hosts,
            "The hosts a saved device controls (an array of strings), as the device reports them.",
            [Text("device", "a device saved in the daemon's store")], OcfRpcTypes.Array, async (args, ct) =>
            {
                var device = Device(((OcfString)args[0]).Value);
                var hosts = await Stonith(() => device.ListHostsAsync(ct)).ConfigureAwait(false);
                return new OcfList(hosts.Select(h => (OcfValue)new OcfString(h)));
            }));
        registry.Register(new OcfRpcMethod(Status,
            "The power state of one host through a saved device: {device, host, state (On or Off), duration (seconds)}. "
            + "A failure (unreachable, refused, unknown state...) is a fault 1100 + the failure kind.",
            [Text("device", "a device saved in the daemon's store"), Text("host", "the host (plug, outlet) to read")], OcfRpcTypes.Struct, async (args, ct) =>
            {
                var device = Device(((OcfString)args[0]).Value);
                string host = ((OcfString)args[1]).Value;
                long start = TimeProvider.System.GetTimestamp();
                var state = await Stonith(() => device.GetPowerStateAsync(host, ct)).ConfigureAwait(false);
                return new OcfMapBuilder().Add("device", device.Name).Add("host", host).Add("state", state.ToString())
                    .Add("duration", TimeProvider.System.GetElapsedTime(start).TotalSeconds).Build();
            }));
        registry.Register(new OcfRpcMethod(Reset,
            "Powers a host off, on, or reboots it through a saved device, confirmed by the device's status. Returns {device, host, action, "
            + "success, state, duration, failedStep, failureKind, message}: a device failure is success false, not a fault.",
            [Text("device", "a device saved in the daemon's store"), Text("host", "the host to fence"), Text("action", "off, on or reboot (default reboot)", required: false)],
            OcfRpcTypes.Struct, async (args, ct) =>
            {
                var device = Device(((OcfString)args[0]).Value);
                string host = ((OcfString)args[1]).Value;
                var action = OcfStonithAction.Reboot;
                if (args[2] is OcfString a && !Enum.TryParse(a.Value, ignoreCase: true, out action))
                    throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, $"invalid method parameters: action must be off, on or reboot, not '{a.Value}'");
                var r = await device.PowerAsync(host, action, ct).ConfigureAwait(false);
                return ResultValue(r);
            }));
    }

    public static OcfMap ResultValue(OcfStonithResult r) => new OcfMapBuilder()
        .Add("device", r.Device)
        .Add("host", r.Node)
        .Add("action", r.Action)
        .Add("success", r.Success)
        .Add("state", r.State.ToString())
        .Add("duration", r.Duration.TotalSeconds)
        .Add("failedStep", OcfValue.From(r.FailedStep))
        .Add("failureKind", OcfValue.From(r.FailureKind?.ToString()))
        .Add("message", OcfValue.From(r.Message))
        .Build();

    private static async Task<T> Stonith<T>(Func<Task<T>> call)
    {
        try { return await call().ConfigureAwait(false); }
        catch (OcfStonithException e)
        {
            throw new OcfRpcException(OcfLocalApiFaults.StonithFailureBase + (int)e.Kind, e.Step is null ? e.Message : $"{e.Message} (step: {e.Step})");
        }
    }

    private OcfStonithDevice Device(string name)
    {
        if (!_store.Names().Contains(name, StringComparer.OrdinalIgnoreCase))
            throw new OcfRpcException(OcfLocalApiFaults.NoSuchDevice, $"no device named '{name}' is saved in {_store.Directory}");
        var lazy = _devices.GetOrAdd(name, n => new Lazy<OcfStonithDevice>(() => Load(n)));
        try { return lazy.Value; }
        catch (OcfRpcException)
        {
            _devices.TryRemove(new KeyValuePair<string, Lazy<OcfStonithDevice>>(name, lazy));
            throw;
        }
    }

    private OcfStonithDevice Load(string name)
    {
        OcfStonithDeviceDefinition definition;
        try { definition = _store.Load(name); }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException or Ocf.Encoding.OcfFormatException)
        {
            throw new OcfRpcException(OcfLocalApiFaults.DeviceUnusable, $"the device '{name}' cannot be loaded: {e.Message}");
        }
        var lease = _plugins.AcquireAny<IOcfStonithPlugin>(OcfPluginTypes.Stonith, definition.Type)
            ?? throw new OcfRpcException(OcfLocalApiFaults.DeviceUnusable, $"the device '{name}' needs the stonith plugin '{definition.Type}', which the daemon cannot find");
        try
        {
            return OcfStonithDevice.Create(definition.Name, definition.Type, lease, definition.Configuration);
        }
        catch (OcfValidationException e)
        {
            // Create has released the lease already.
            throw new OcfRpcException(OcfLocalApiFaults.DeviceUnusable, $"the device '{name}' has an invalid configuration: {string.Join("; ", e.Problems)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lazy in _devices.Values)
        {
            if (!lazy.IsValueCreated) continue;
            await lazy.Value.DisposeAsync().ConfigureAwait(false);
        }
        _devices.Clear();
    }
}
