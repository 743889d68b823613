using System.Globalization;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins.Stonith.PowerSwitch.Common;
using Ocf.Stonith;
using F = Ocf.Plugins.Stonith.PowerSwitch.Common.PowerSwitchFields;

namespace Ocf.Plugins.Stonith.PowerSwitch;

/// <summary>
/// APC Smart-UPS on a serial line (2400 8N1, the "smart" protocol; not USB), as cluster-glue's apcsmart speaks it:
/// each command is written one character at a time with a pause after each; answers end in LF. "Y" enters smart mode
/// ("SM"); "~" reads register 1, whose bit 0x40 says the output is off; "Z" (off) and Ctrl-N (on) only act when sent
/// twice more than 1.5 s apart. The UPS output powers every listed host: they go down and up together. The UPS's own
/// shutdown/wake-up delay registers are left as they are.
/// </summary>
public sealed class ApcSmartPlugin : IOcfStonithPlugin
{
    public const string PluginName = "apcsmart";
    internal const string HostsName = "hosts";
    internal const string CharDelayName = "char_delay";
    internal const string PressGapName = "press_gap";
    internal const int BaudRate = 2400;
    internal const char PowerOn = '\u000E'; // Ctrl-N
    internal const int OutputOffBit = 0x40;

    public IReadOnlyList<OcfField> Fields { get; } =
    [
        F.SerialPort("UPS"),
        new()
        {
            FieldName = HostsName,
            Label = "Hosts",
            IsArray = true,
            Required = true,
            MinCount = 1,
            ShortText = "The hosts the UPS output powers (all are switched together).",
            Aliases = ["hostlist"],
        },
        F.Seconds(CharDelayName, "Character delay", 0.05, "Pause after each character sent (cluster-glue: 50 ms)."),
        F.Seconds(PressGapName, "Double-press gap", 2, "Pause between the two presses of off (Z) and on (Ctrl-N); the UPS wants more than 1.5 s."),
        F.Seconds(F.ResponseTimeoutName, "Response timeout", 3, "How long to wait for each answer (cluster-glue: 3 s)."),
        F.LockDirectory,
        F.LockTimeout,
    ];

    public IOcfStonithDriver CreateDriver(OcfMap configuration) => new Driver(configuration);

    private sealed class Driver : IOcfStonithDriver
    {
        private readonly SerialSettings _serial;
        private readonly string[] _hosts;
        private readonly TimeSpan _charDelay, _gap, _response;
        private readonly string _device;

        public Driver(OcfMap c)
        {
            _response = F.Duration(c, F.ResponseTimeoutName);
            _serial = new SerialSettings(F.Text(c, F.SerialPortName), BaudRate, F.Text(c, F.LockDirName), F.Duration(c, F.LockTimeoutName), _response);
            // cluster-glue's hostlist is one string of names: accept "a b,c" as well as a list.
            _hosts = ((OcfList)c[HostsName]).SelectMany(v => ((OcfString)v).Value.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            _charDelay = F.Duration(c, CharDelayName);
            _gap = F.Duration(c, PressGapName);
            _device = $"APC Smart-UPS on {_serial.Port}";
        }

        public bool SupportsNativeReboot => false;

        public Task<IReadOnlyList<string>> ListHostsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>(_hosts);

        public async Task<OcfPowerState> GetPowerStateAsync(string host, CancellationToken cancellationToken)
        {
            Require(host);
            await using var line = await SerialLine.OpenAsync(_serial, _device, cancellationToken).ConfigureAwait(false);
            await SmartModeAsync(line, "status", cancellationToken).ConfigureAwait(false);
            string reply = await AskAsync(line, "~", "status", cancellationToken).ConfigureAwait(false);
            // The last two characters: asynchronous alerts (single characters such as '!' or '$') may come first.
            string hex = reply.Length > 2 ? reply[^2..] : reply;
            if (!int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int register)) return OcfPowerState.Unknown;
            return (register & OutputOffBit) != 0 ? OcfPowerState.Off : OcfPowerState.On;
        }

        public async Task SendPowerCommandAsync(string host, OcfStonithAction action, CancellationToken cancellationToken)
        {
            Require(host);
            string step = $"power {action.ToString().ToLowerInvariant()}";
            string command = action switch
            {
                OcfStonithAction.Off => "Z",
                OcfStonithAction.On => PowerOn.ToString(),
                _ => throw new OcfStonithException(OcfStonithFailureKind.PluginError, "The apcsmart plugin reboots as off, then on.", step),
            };
            await using var line = await SerialLine.OpenAsync(_serial, _device, cancellationToken).ConfigureAwait(false);
            await SmartModeAsync(line, step, cancellationToken).ConfigureAwait(false);
            // The UPS acts on the second press only (a guard against line noise); it gives no answer to either.
            line.DiscardInput();
            await line.Dialogue.SendSlowlyAsync(command, _charDelay, cancellationToken).ConfigureAwait(false);
            await Task.Delay(_gap, cancellationToken).ConfigureAwait(false);
            line.DiscardInput();
            await line.Dialogue.SendSlowlyAsync(command, _charDelay, cancellationToken).ConfigureAwait(false);
        }

        public async Task CheckAsync(CancellationToken cancellationToken)
        {
            await using var line = await SerialLine.OpenAsync(_serial, _device, cancellationToken).ConfigureAwait(false);
            await SmartModeAsync(line, "check", cancellationToken).ConfigureAwait(false);
            await AskAsync(line, "Q", "check", cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private void Require(string host)
        {
            if (!_hosts.Contains(host, StringComparer.OrdinalIgnoreCase))
                throw new OcfStonithException(OcfStonithFailureKind.HostNotControlled,
                    $"The {_device} does not power {host} (it powers: {string.Join(", ", _hosts)}).");
        }

        private async Task SmartModeAsync(SerialLine line, string step, CancellationToken cancellationToken)
        {
            string reply = await AskAsync(line, "Y", step, cancellationToken).ConfigureAwait(false);
            if (!reply.EndsWith("SM", StringComparison.Ordinal))
                throw new OcfStonithException(OcfStonithFailureKind.DeviceRefused,
                    $"The {_device} did not enter smart mode: it answered '{ExpectDialogue.Printable(reply)}' instead of 'SM'.", step);
        }

        /// <summary>Sends a command (input flushed first, as cluster-glue does) and reads its one-line answer.</summary>
        private async Task<string> AskAsync(SerialLine line, string command, string step, CancellationToken cancellationToken)
        {
            line.DiscardInput();
            await line.Dialogue.SendSlowlyAsync(command, _charDelay, cancellationToken).ConfigureAwait(false);
            return (await line.Dialogue.ReadLineAsync(step, _response, cancellationToken).ConfigureAwait(false)).Trim();
        }
    }
}
