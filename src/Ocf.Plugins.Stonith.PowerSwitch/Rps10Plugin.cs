using System.Diagnostics;
using System.Text.RegularExpressions;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins.Stonith.PowerSwitch.Common;
using Ocf.Stonith;
using F = Ocf.Plugins.Stonith.PowerSwitch.Common.PowerSwitchFields;

namespace Ocf.Plugins.Stonith.PowerSwitch;

/// <summary>
/// WTI RPS-10M on a serial line (9600 8N1). Protocol, as cluster-glue's rps10 speaks it: reset the switch's serial
/// interface by dropping DTR, wait for "RPS-10 Ready", then send the 9-byte frame ^B^X^X^B^X^X + unit address (0-9) +
/// command ('0' off, '1' on, 'T' toggle, '?' status) + CR; the switch answers "Plug &lt;n&gt; Off|On" lines and
/// "Complete". Unlike cluster-glue, the state of an outlet is read with '?' so the framework can confirm every change.
/// </summary>
public sealed partial class Rps10Plugin : IOcfStonithPlugin
{
    public const string PluginName = "rps10";
    internal const string Prefix = "\u0002\u0018\u0018\u0002\u0018\u0018";
    internal const string DtrToggleName = "dtr_toggle";
    internal const string ReadyTimeoutName = "ready_timeout";

    public IReadOnlyList<OcfField> Fields { get; } =
    [
        F.SerialPort("RPS-10"),
        F.Outlets(new OcfField { FieldName = "outlet", Regex = "[0-9]", ShortText = "Unit address 0-9 (the master is 0; daisy-chained slaves 1-9)." },
            required: true, maxCount: 10,
            text: "Which host each unit powers: {host, outlet}. A host listed twice (two supplies) is off only when both are."),
        F.BaudRate(9600, "2400", "9600"),
        F.Seconds(DtrToggleName, "DTR reset", 2,
            "How long DTR is held low before each session to reset the switch's serial interface (cluster-glue: 2 s); 0 skips it. Lines without modem control skip it too."),
        F.Seconds(ReadyTimeoutName, "Ready wait", 12, "How long to wait for 'RPS-10 Ready' after the reset; 0 sends commands without waiting for it."),
        F.Seconds(F.ResponseTimeoutName, "Response timeout", 5, "How long to wait for each line of a status answer."),
        F.Seconds(F.PowerTimeoutName, "Power command timeout", 15, "How long a power command may take until the switch reports 'Complete' (a toggle includes its off delay)."),
        F.NativeReboot,
        F.LockDirectory,
        F.LockTimeout,
    ];

    public IOcfStonithDriver CreateDriver(OcfMap configuration) => new Driver(configuration);

    private sealed partial class Driver : IOcfStonithDriver
    {
        private readonly SerialSettings _serial;
        private readonly OutletMap _outlets;
        private readonly TimeSpan _dtr, _ready, _response, _power;
        private readonly string _device;

        public Driver(OcfMap c)
        {
            _response = F.Duration(c, F.ResponseTimeoutName);
            _serial = F.Serial(c, _response);
            _outlets = OutletMap.Read(c);
            _dtr = F.Duration(c, DtrToggleName);
            _ready = F.Duration(c, ReadyTimeoutName);
            _power = F.Duration(c, F.PowerTimeoutName);
            SupportsNativeReboot = F.Flag(c, F.NativeRebootName);
            _device = $"RPS-10 on {_serial.Port}";
        }

        public bool SupportsNativeReboot { get; }

        public Task<IReadOnlyList<string>> ListHostsAsync(CancellationToken cancellationToken) => Task.FromResult(_outlets.Hosts);

        public async Task<OcfPowerState> GetPowerStateAsync(string host, CancellationToken cancellationToken)
        {
            var outlets = _outlets.OutletsOf(host, _device);
            await using var session = await Session.OpenAsync(this, cancellationToken).ConfigureAwait(false);
            var states = new List<OcfPowerState>();
            foreach (var outlet in outlets)
            {
                var reported = await session.CommandAsync(outlet[0], '?', _response, "status", cancellationToken).ConfigureAwait(false);
                states.Add(reported.TryGetValue(outlet, out var s) ? s : OcfPowerState.Unknown);
            }
            return PowerStates.Combine(states);
        }

        public async Task SendPowerCommandAsync(string host, OcfStonithAction action, CancellationToken cancellationToken)
        {
            var outlets = _outlets.OutletsOf(host, _device);
            char command = action switch { OcfStonithAction.Off => '0', OcfStonithAction.On => '1', _ => 'T' };
            await using var session = await Session.OpenAsync(this, cancellationToken).ConfigureAwait(false);
            foreach (var outlet in outlets)
                await session.CommandAsync(outlet[0], command, _power, $"power {action.ToString().ToLowerInvariant()}", cancellationToken).ConfigureAwait(false);
        }

        public async Task CheckAsync(CancellationToken cancellationToken)
        {
            // Non-destructive: the status of the first unit answers both "is it there" and "does it speak RPS-10".
            await using var session = await Session.OpenAsync(this, cancellationToken).ConfigureAwait(false);
            string outlet = _outlets.TryGet(_outlets.Hosts[0], out var o) ? o[0] : "0";
            await session.CommandAsync(outlet[0], '?', _response, "check", cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        [GeneratedRegex(@"Plug\s+([0-9])\s+(On|Off)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
        private static partial Regex PlugLine();

        /// <summary>One locked, open serial session: reset, "RPS-10 Ready", then commands.</summary>
        private sealed class Session : IAsyncDisposable
        {
            private readonly Driver _driver;
            private readonly SerialLine _line;

            private Session(Driver driver, SerialLine line)
            {
                _driver = driver;
                _line = line;
            }

            public static async Task<Session> OpenAsync(Driver driver, CancellationToken cancellationToken)
            {
                var line = await SerialLine.OpenAsync(driver._serial, driver._device, cancellationToken).ConfigureAwait(false);
                try
                {
                    await line.ToggleDtrAsync(driver._dtr, cancellationToken).ConfigureAwait(false);
                    if (driver._ready > TimeSpan.Zero)
                    {
                        await line.Dialogue.ExpectAsync("connect", driver._ready, cancellationToken, "RPS-10 Ready").ConfigureAwait(false);
                        line.DiscardInput();
                    }
                    return new Session(driver, line);
                }
                catch
                {
                    await line.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }

            /// <summary>Sends one frame and reads the "Plug n On|Off" lines up to "Complete".</summary>
            public async Task<Dictionary<string, OcfPowerState>> CommandAsync(char address, char command, TimeSpan timeout, string step, CancellationToken cancellationToken)
            {
                var dialogue = _line.Dialogue;
                await dialogue.SendAsync($"{Prefix}{address}{command}\r", cancellationToken).ConfigureAwait(false);
                var plugs = new Dictionary<string, OcfPowerState>();
                var clock = Stopwatch.StartNew();
                while (true)
                {
                    var left = timeout - clock.Elapsed;
                    if (left <= TimeSpan.Zero)
                        throw new OcfStonithException(OcfStonithFailureKind.Unreachable,
                            $"The {_driver._device} did not complete command '{command}' for unit {address} within {timeout.TotalSeconds:0.#} s.", step);
                    string text = await dialogue.ReadLineAsync(step, left, cancellationToken).ConfigureAwait(false);
                    if (text.Contains("Complete", StringComparison.OrdinalIgnoreCase)) return plugs;
                    var m = PlugLine().Match(text);
                    if (m.Success) plugs[m.Groups[1].Value] = PowerStates.Parse(m.Groups[2].Value);
                }
            }

            public ValueTask DisposeAsync() => _line.DisposeAsync();
        }
    }
}
