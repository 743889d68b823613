using Ocf.Plugins.Stonith.Ipmi.Commands;
using Ocf.Plugins.Stonith.Ipmi.Messages;
using Ocf.Plugins.Stonith.Ipmi.RmcpPlus;
using Ocf.Plugins.Stonith.Ipmi.Session;
using Ocf.Plugins.Stonith.Ipmi.Transport;
using Ocf.Stonith;

namespace Ocf.Plugins.Stonith.Ipmi;

/// <summary>
/// The driver of one BMC. Every operation opens its own session (so nothing lingers on the BMC between operations or
/// after a failure), runs its commands, and closes the session — also when a command fails; on cancellation the
/// Close Session is sent without waiting.
/// </summary>
internal sealed class IpmiLanDriver(IpmiLanSettings settings) : IOcfStonithDriver
{
    internal IpmiLanSettings Settings { get; } = settings;

    public bool SupportsNativeReboot => Settings.CycleReboot;

    public Task<IReadOnlyList<string>> ListHostsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([Settings.HostName]);

    public Task<OcfPowerState> GetPowerStateAsync(string host, CancellationToken cancellationToken)
    {
        CheckHost(host);
        return WithSessionAsync(async (session, ct) => ToPowerState(await ReadStatusAsync(session, ct).ConfigureAwait(false)), cancellationToken);
    }

    public Task SendPowerCommandAsync(string host, OcfStonithAction action, CancellationToken cancellationToken)
    {
        CheckHost(host);
        return WithSessionAsync(async (session, ct) =>
        {
            var control = action switch
            {
                OcfStonithAction.Off => ChassisControlAction.PowerDown,
                OcfStonithAction.On => ChassisControlAction.PowerUp,
                _ when !Settings.CycleReboot => throw new OcfStonithException(OcfStonithFailureKind.PluginError,
                    "ipmilan: native reboot is used only with method=cycle; with method=onoff the framework powers off, then on."),
                // IPMI v2.0 §28.3: a power cycle has no effect on a chassis that is off, so an off host is powered up.
                _ => (await ReadStatusAsync(session, ct).ConfigureAwait(false)).PowerOn ? ChassisControlAction.PowerCycle : ChassisControlAction.PowerUp,
            };
            await session.ExecuteAsync(ChassisCommands.ChassisControl(control), ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task CheckAsync(CancellationToken cancellationToken) =>
        WithSessionAsync(async (session, ct) => await ReadStatusAsync(session, ct).ConfigureAwait(false), cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void CheckHost(string host)
    {
        if (!string.Equals(host, Settings.HostName, StringComparison.OrdinalIgnoreCase))
            throw new OcfStonithException(OcfStonithFailureKind.HostNotControlled,
                $"The BMC {Settings.Address} powers {Settings.HostName}, not {host}.");
    }

    private async Task<ChassisStatus> ReadStatusAsync(IpmiSession session, CancellationToken ct)
    {
        var data = await session.ExecuteAsync(ChassisCommands.GetChassisStatus(), ct).ConfigureAwait(false);
        try
        {
            return ChassisCommands.ParseChassisStatus(data);
        }
        catch (IpmiFormatException e)
        {
            throw new OcfStonithException(OcfStonithFailureKind.UnknownState, $"The BMC {Settings.Address}:{Settings.Port} sent an unreadable chassis status: {e.Message}", inner: e);
        }
    }

    private static OcfPowerState ToPowerState(ChassisStatus status) => status.PowerOn ? OcfPowerState.On : OcfPowerState.Off;

    private async Task<T> WithSessionAsync<T>(Func<IpmiSession, CancellationToken, Task<T>> body, CancellationToken cancellationToken)
    {
        using var transport = await IpmiUdpTransport.OpenAsync(Settings.Address, Settings.Port, Settings.Timeout, Settings.Retries, cancellationToken).ConfigureAwait(false);
        IpmiSession session = Settings.LanPlus
            ? await RmcpPlusSession.OpenAsync(transport, Settings, cancellationToken).ConfigureAwait(false)
            : await Ipmi15Session.OpenAsync(transport, Settings, cancellationToken).ConfigureAwait(false);
        T result;
        try
        {
            result = await body(session, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            session.Abandon();
            throw;
        }
        catch
        {
            await session.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        await session.CloseAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }
}
