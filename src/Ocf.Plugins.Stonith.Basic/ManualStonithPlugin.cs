using Ocf.Configuration;
using Ocf.Data;
using Ocf.Stonith;

namespace Ocf.Plugins.Stonith.Basic;

/// <summary>
/// "Meatware": a power command becomes a request to an operator, who resets (or powers) the node by hand and then
/// confirms it (Confirm-OcfManualReset, or by creating the confirmation file). Until the operator confirms, the
/// framework's confirmation polling waits — and fails with NotConfirmed at its timeout, never assuming success.
/// Requests and confirmations are files in a folder, so the confirming command can run in another process.
/// </summary>
public sealed class ManualStonithPlugin : IOcfStonithPlugin
{
    public IReadOnlyList<OcfField> Fields { get; } =
    [
        HostListField.Field,
        new() { FieldName = "confirm_dir", SpecialType = OcfSpecialTypes.Path, Default = new OcfString(ManualStonithConfirmations.DefaultDirectory),
            ShortText = "Folder where requests are written and operators' confirmations are read." },
    ];

    public IOcfStonithDriver CreateDriver(OcfMap configuration) =>
        new Driver(HostListField.Read(configuration), ((OcfString)configuration["confirm_dir"]).Value);

    private sealed class Driver(string[] hosts, string directory) : IOcfStonithDriver
    {
        public bool SupportsNativeReboot => true; // the operator's reset is one step: confirmed when the node is back

        public Task<IReadOnlyList<string>> ListHostsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>(hosts);

        public Task<OcfPowerState> GetPowerStateAsync(string host, CancellationToken cancellationToken) =>
            Task.FromResult(ManualStonithConfirmations.ConfirmedState(directory, host));

        public Task SendPowerCommandAsync(string host, OcfStonithAction action, CancellationToken cancellationToken)
        {
            ManualStonithConfirmations.Request(directory, host, action);
            return Task.CompletedTask;
        }

        public Task CheckAsync(CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(directory);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
