using System.Runtime.CompilerServices;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins;

namespace Ocf.Stonith;

/// <summary>
/// A configured fencing device. Every plugin's operations go through here, so the safety rules hold for all of them:
/// one operation at a time per device (different devices run in parallel), a timeout on every operation, a device may
/// only fence hosts it says it controls, and Off/On/Reboot are confirmed by polling the status — a command that was
/// merely sent is never reported as done, and Unknown is a failure.
/// <para>A device created from a plugin lease owns it: disposing the device releases the lease, so the plugin's module
/// can be unloaded; a device dropped without being disposed stops holding the module once it is garbage collected.</para>
/// </summary>
public sealed class OcfStonithDevice : IOcfConfigured, IDisposable, IAsyncDisposable
{
    private readonly IOcfStonithDriver _driver;
    private readonly SemaphoreSlim _serial = new(1, 1);
    private readonly TimeProvider _time;
    private IDisposable? _lease;
    private int _disposed;

    private OcfStonithDevice(string name, string type, IReadOnlyList<OcfField> fields, OcfMap configuration, IOcfStonithDriver driver,
        OcfStonithDeviceOptions options, TimeProvider time)
    {
        Name = name;
        Type = type;
        Fields = fields;
        Configuration = configuration;
        _driver = driver;
        Options = options;
        _time = time;
    }

    /// <summary>Validates the configuration against the plugin's fields (all problems at once) and creates the device.</summary>
    /// <exception cref="OcfValidationException">The configuration has problems; every one is listed with its path.</exception>
    public static OcfStonithDevice Create(string name, string type, IOcfStonithPlugin plugin, OcfValue configuration,
        OcfStonithDeviceOptions? options = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var created = OcfInstantiation.Create(plugin, configuration);
        return new OcfStonithDevice(name, type, created.Fields, created.GetConfigurationWithSecrets(), created.Instance,
            options ?? OcfStonithDeviceOptions.Default, time ?? TimeProvider.System);
    }

    /// <summary>
    /// As <see cref="Create(string, string, IOcfStonithPlugin, OcfValue, OcfStonithDeviceOptions?, TimeProvider?)"/>, from a
    /// leased plugin. The device owns the lease from this call on: it is released when the device is disposed, and at
    /// once when the device cannot be created.
    /// </summary>
    public static OcfStonithDevice Create(string name, string type, OcfPluginLease<IOcfStonithPlugin> lease, OcfValue configuration,
        OcfStonithDeviceOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            var device = Create(name, type, lease.Instance, configuration, options, time);
            device._lease = lease;
            return device;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    public string Name { get; }
    /// <summary>The plugin name (e.g. ipmilan, fence_ipmilan).</summary>
    public string Type { get; }
    public IReadOnlyList<OcfField> Fields { get; }
    /// <summary>The normalised configuration, secrets included: never print it; use <see cref="RedactedConfiguration"/>.</summary>
    internal OcfMap Configuration { get; }
    public OcfMap RedactedConfiguration => OcfConfigurator.Redact(Fields, Configuration);
    public OcfStonithDeviceOptions Options { get; }

    /// <summary>The configuration including secrets, for saving through a secret store. Callers own keeping it safe.</summary>
    public OcfMap GetConfigurationWithSecrets() => Configuration;

    public Task<IReadOnlyList<string>> ListHostsAsync(CancellationToken cancellationToken = default) =>
        Serialized("list hosts", cancellationToken, ct => _driver.ListHostsAsync(ct));

    /// <summary>The host's power state; Unknown is reported as a failure (<see cref="OcfStonithFailureKind.UnknownState"/>).</summary>
    public Task<OcfPowerState> GetPowerStateAsync(string host, CancellationToken cancellationToken = default) =>
        Serialized("status", cancellationToken, async ct =>
        {
            var state = await Step("status", () => _driver.GetPowerStateAsync(host, ct)).ConfigureAwait(false);
            if (state == OcfPowerState.Unknown)
                throw new OcfStonithException(OcfStonithFailureKind.UnknownState, $"The device {Name} reports the power state of {host} as unknown.", "status");
            return state;
        });

    /// <summary>Non-destructive health check: reachable and credentials accepted.</summary>
    public Task CheckAsync(CancellationToken cancellationToken = default) =>
        Serialized("check", cancellationToken, async ct => { await Step("check", () => _driver.CheckAsync(ct)).ConfigureAwait(false); return true; });

    /// <summary>
    /// Powers a host off, on, or reboots it, and confirms the result by the device's own status. Never throws for a
    /// device failure: the result says which step failed and why.
    /// </summary>
    public async Task<OcfStonithResult> PowerAsync(string host, OcfStonithAction action, CancellationToken cancellationToken = default)
    {
        long start = _time.GetTimestamp();
        var last = new StrongBox<OcfPowerState>(OcfPowerState.Unknown); // the state the device last reported, also on failure
        try
        {
            await Serialized(ActionName(action), cancellationToken, async ct =>
            {
                var hosts = await Step("list hosts", () => _driver.ListHostsAsync(ct)).ConfigureAwait(false);
                if (hosts.Count > 0 && !hosts.Contains(host, StringComparer.OrdinalIgnoreCase))
                    throw new OcfStonithException(OcfStonithFailureKind.HostNotControlled,
                        $"The device {Name} does not control {host} (it controls: {string.Join(", ", hosts)}).", "list hosts");
                switch (action)
                {
                    case OcfStonithAction.Off:
                        return await SendAndConfirm(host, OcfStonithAction.Off, OcfPowerState.Off, last, ct).ConfigureAwait(false);
                    case OcfStonithAction.On:
                        return await SendAndConfirm(host, OcfStonithAction.On, OcfPowerState.On, last, ct).ConfigureAwait(false);
                    default:
                        if (_driver.SupportsNativeReboot) return await SendAndConfirm(host, OcfStonithAction.Reboot, OcfPowerState.On, last, ct).ConfigureAwait(false);
                        await SendAndConfirm(host, OcfStonithAction.Off, OcfPowerState.Off, last, ct).ConfigureAwait(false);
                        return await SendAndConfirm(host, OcfStonithAction.On, OcfPowerState.On, last, ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            return Result(host, action, start, last.Value, null);
        }
        catch (OcfStonithException e)
        {
            return Result(host, action, start, last.Value, e);
        }
    }

    private async Task<OcfPowerState> SendAndConfirm(string host, OcfStonithAction action, OcfPowerState expected, StrongBox<OcfPowerState> last, CancellationToken ct)
    {
        string verb = ActionName(action);
        await Step($"power {verb}", () => _driver.SendPowerCommandAsync(host, action, ct)).ConfigureAwait(false);
        if (Options.PowerWait > TimeSpan.Zero) await Task.Delay(Options.PowerWait, _time, ct).ConfigureAwait(false);
        long deadline = _time.GetTimestamp() + (long)(Options.ConfirmTimeout.TotalSeconds * _time.TimestampFrequency);
        var seen = OcfPowerState.Unknown;
        while (true)
        {
            seen = last.Value = await Step($"confirm {expected.ToString().ToLowerInvariant()}", () => _driver.GetPowerStateAsync(host, ct)).ConfigureAwait(false);
            if (seen == expected) return seen;
            if (_time.GetTimestamp() >= deadline) break;
            await Task.Delay(Options.PollInterval, _time, ct).ConfigureAwait(false);
        }
        var kind = seen == OcfPowerState.Unknown ? OcfStonithFailureKind.UnknownState : OcfStonithFailureKind.NotConfirmed;
        throw new OcfStonithException(kind,
            $"The device {Name} accepted '{verb}' for {host}, but its status still read {seen} after {Options.ConfirmTimeout.TotalSeconds:0.#} s.",
            $"confirm {expected.ToString().ToLowerInvariant()}");
    }

    /// <summary>Runs one driver call, labelling failures with the step.</summary>
    private static async Task<T> Step<T>(string step, Func<Task<T>> call)
    {
        try { return await call().ConfigureAwait(false); }
        catch (OcfStonithException e)
        {
            e.Step ??= step;
            throw;
        }
    }

    private static async Task Step(string step, Func<Task> call) => await Step(step, async () => { await call().ConfigureAwait(false); return true; }).ConfigureAwait(false);

    /// <summary>One operation at a time per device, bounded by <see cref="OcfStonithDeviceOptions.Timeout"/>.</summary>
    private async Task<T> Serialized<T>(string operation, CancellationToken cancellationToken, Func<CancellationToken, Task<T>> body)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(Options.Timeout);
        try
        {
            await _serial.WaitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OcfStonithException(OcfStonithFailureKind.Timeout, $"The device {Name} stayed busy with another operation for {Options.Timeout.TotalSeconds:0.#} s.", operation);
        }
        try
        {
            return await body(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OcfStonithException(OcfStonithFailureKind.Timeout, $"The operation '{operation}' on device {Name} did not finish within {Options.Timeout.TotalSeconds:0.#} s.", operation);
        }
        catch (Exception e) when (e is not OcfStonithException and not OperationCanceledException)
        {
            throw new OcfStonithException(OcfStonithFailureKind.PluginError, $"The {Type} plugin failed during '{operation}' on device {Name}: {e.Message}", operation, inner: e);
        }
        finally
        {
            _serial.Release();
        }
    }

    private OcfStonithResult Result(string host, OcfStonithAction action, long start, OcfPowerState state, OcfStonithException? error) => new()
    {
        Device = Name,
        Node = host,
        Action = action.ToString(),
        Success = error is null,
        State = state,
        Duration = _time.GetElapsedTime(start),
        FailedStep = error?.Step,
        FailureKind = error?.Kind,
        Message = error?.Message,
        Error = error,
    };

    private static string ActionName(OcfStonithAction a) => a switch { OcfStonithAction.Off => "off", OcfStonithAction.On => "on", _ => "reboot" };

    /// <summary>Closes the driver and releases the plugin lease; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try { await _driver.DisposeAsync().ConfigureAwait(false); }
        finally
        {
            _serial.Dispose();
            Interlocked.Exchange(ref _lease, null)?.Dispose();
        }
    }

    /// <summary>As <see cref="DisposeAsync"/>, for callers that cannot await (a PowerShell <c>$device.Dispose()</c>).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
