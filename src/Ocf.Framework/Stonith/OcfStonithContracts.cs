using Ocf.Data;
using Ocf.Plugins;

namespace Ocf.Stonith;

public enum OcfPowerState
{
    Unknown,
    On,
    Off,
}

public enum OcfStonithAction
{
    Off,
    On,
    Reboot,
}

/// <summary>
/// A plugin of type "stonith": self-configuring (its fields describe a device) and a factory of drivers for devices.
/// The framework validates the configuration against <see cref="IOcfSelfConfiguring.Fields"/> and passes it normalised
/// (defaults applied, aliases resolved, values typed) to <see cref="CreateDriver"/>. It is instantiable in the general
/// sense too (<see cref="IOcfInstantiable{T}"/>), mapped onto <see cref="CreateDriver"/> so plugins need not change.
/// </summary>
public interface IOcfStonithPlugin : IOcfInstantiable<IOcfStonithDriver>
{
    /// <summary>Creates the driver of one device. Should not do network I/O; connecting happens in the operations.</summary>
    IOcfStonithDriver CreateDriver(OcfMap configuration);

    IOcfStonithDriver IOcfInstantiable<IOcfStonithDriver>.Create(OcfMap configuration) => CreateDriver(configuration);
}

/// <summary>
/// What a plugin implements for one device: the raw operations. The framework (<see cref="OcfStonithDevice"/>) adds
/// what must hold for every device: serialised operations, timeouts, checking the device controls the host, and
/// verifying off/on by polling the status until the device confirms it ("sent" is never "done").
/// Failures are reported by throwing <see cref="OcfStonithException"/> with the failure kind.
/// </summary>
public interface IOcfStonithDriver : IAsyncDisposable
{
    /// <summary>The hosts (plugs, outlets) the device controls, as names the caller uses.</summary>
    Task<IReadOnlyList<string>> ListHostsAsync(CancellationToken cancellationToken);

    /// <summary>The power state of one host as the device reports it now.</summary>
    Task<OcfPowerState> GetPowerStateAsync(string host, CancellationToken cancellationToken);

    /// <summary>Sends one power command (Off or On; Reboot only when <see cref="SupportsNativeReboot"/>). Returns when the device accepted it.</summary>
    Task SendPowerCommandAsync(string host, OcfStonithAction action, CancellationToken cancellationToken);

    /// <summary>True when the device's own reboot (e.g. IPMI power cycle) should be used instead of off-then-on.</summary>
    bool SupportsNativeReboot { get; }

    /// <summary>Non-destructive check: reachable and credentials accepted. Throws <see cref="OcfStonithException"/> when not.</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}

/// <summary>Why a STONITH step failed.</summary>
public enum OcfStonithFailureKind
{
    /// <summary>No answer from the device (network, serial line, process).</summary>
    Unreachable,
    /// <summary>The device refused the credentials or the privilege level.</summary>
    Authentication,
    /// <summary>The device answered with an error code or message.</summary>
    DeviceRefused,
    /// <summary>The command was accepted but the expected state was not seen before the timeout.</summary>
    NotConfirmed,
    /// <summary>The device reported an unknown or unparseable state.</summary>
    UnknownState,
    /// <summary>The device does not control the host asked for.</summary>
    HostNotControlled,
    /// <summary>The operation did not finish within its timeout.</summary>
    Timeout,
    /// <summary>The device or port is in use by someone else (e.g. a serial port lock).</summary>
    Busy,
    /// <summary>The plugin or its agent failed in a way not covered above.</summary>
    PluginError,
}

/// <summary>A failed STONITH step: which step, why, and what the device said.</summary>
public sealed class OcfStonithException : Exception
{
    public OcfStonithException(OcfStonithFailureKind kind, string message, string? step = null, string? deviceCode = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Step = step;
        DeviceCode = deviceCode;
    }

    public OcfStonithFailureKind Kind { get; }
    /// <summary>The step that failed, e.g. "connect", "authenticate", "power off", "confirm off".</summary>
    public string? Step { get; internal set; }
    /// <summary>The device's own error code, when it gave one (e.g. an IPMI completion code).</summary>
    public string? DeviceCode { get; }
}
