using System.Globalization;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins.Stonith.PowerSwitch.Common;
using Ocf.Stonith;
using F = Ocf.Plugins.Stonith.PowerSwitch.Common.PowerSwitchFields;

namespace Ocf.Plugins.Stonith.PowerSwitch;

/// <summary>
/// WTI Network/Telnet Power Switch (NPS, IPS, TPS, Boot Bar) over its telnet command line, as cluster-glue's wti_nps
/// and fence_wti speak it: "Password:" → password, prompt "NPS&gt;" (IPS&gt;, TPS&gt;, BB&gt;, ...), "/s" lists the plugs
/// (Plug | Name | ... | Status), "/On n,y", "/Off n,y" and "/Boot n,y" switch them (",y" pre-confirms; a "(Y/N)"
/// question is answered Y), "/x,y" logs out. The switch accepts one session at a time: every operation is one short
/// session that logs out and waits for the switch to close it. Without an outlet mapping, hosts are the plug names.
/// </summary>
public sealed class WtiNpsPlugin : IOcfStonithPlugin
{
    public const string PluginName = "wti_nps";
    internal static readonly string[] Prompts = ["PS>", "BB>", "RSM>", "MPC>", "VMR>"];

    public IReadOnlyList<OcfField> Fields { get; } =
    [
        F.Ip,
        F.Port,
        F.Password(required: false, "The switch's password (the system or a plug password); leave out for a switch without one."),
        F.Username(required: false, "Login name, for firmware that asks for one."),
        F.Outlets(new OcfField { FieldName = "outlet", BasicType = OcfBasicType.Integer, ShortText = "Plug number (1, 2, ...)." },
            required: false, maxCount: null,
            text: "Which plug powers which host: {host, outlet}. Left out: hosts are the plug names the switch lists."),
        F.NativeReboot,
        F.Seconds(F.LoginTimeoutName, "Login timeout", 10, "How long connecting and logging in may take."),
        F.Seconds(F.ResponseTimeoutName, "Response timeout", 5, "How long to wait for the prompt after a status command."),
        F.Seconds(F.PowerTimeoutName, "Power command timeout", 60, "How long to wait for the prompt after a power command (cluster-glue: 60 s)."),
    ];

    public IOcfStonithDriver CreateDriver(OcfMap configuration) => new Driver(configuration);

    /// <summary>One row of "/s".</summary>
    internal readonly record struct Plug(string Number, string Name, OcfPowerState State);

    /// <summary>Parses the "/s" table: a header "Plug | Name | ... | Status | ..." and one row per plug.</summary>
    internal static List<Plug> ParseStatus(string listing)
    {
        var plugs = new List<Plug>();
        int nameAt = 1, statusAt = -1;
        foreach (var raw in listing.Split('\n'))
        {
            string line = raw.Trim('\r', ' ');
            if (!line.Contains('|')) continue;
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            if (cells[0].Equals("Plug", StringComparison.OrdinalIgnoreCase))
            {
                nameAt = Array.FindIndex(cells, c => c.Equals("Name", StringComparison.OrdinalIgnoreCase));
                statusAt = Array.FindIndex(cells, c => c.Equals("Status", StringComparison.OrdinalIgnoreCase));
                if (nameAt < 0) nameAt = 1;
                continue;
            }
            if (!int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out int number)) continue;
            string name = nameAt < cells.Length ? cells[nameAt] : "";
            // Without a header, the status is the first cell after the name reading ON or OFF.
            string status = statusAt >= 0 && statusAt < cells.Length
                ? cells[statusAt]
                : cells.Skip(nameAt + 1).FirstOrDefault(c => PowerStates.Parse(FirstWord(c)) != OcfPowerState.Unknown) ?? "";
            plugs.Add(new Plug(number.ToString(CultureInfo.InvariantCulture), name, PowerStates.Parse(FirstWord(status))));
        }
        return plugs;
    }

    private static string FirstWord(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";

    internal static bool IsUnnamed(string name) => name.Length == 0 || name == "(undefined)" || name.Trim('-').Length == 0;

    private sealed class Driver : IOcfStonithDriver
    {
        private readonly NetworkSwitchSettings _s;
        private readonly string _device;

        public Driver(OcfMap c)
        {
            _s = NetworkSwitchSettings.Read(c);
            SupportsNativeReboot = _s.NativeReboot;
            _device = $"WTI power switch at {_s.Ip}:{_s.Port}";
        }

        public bool SupportsNativeReboot { get; }

        public async Task<IReadOnlyList<string>> ListHostsAsync(CancellationToken cancellationToken)
        {
            if (!_s.Outlets.IsEmpty) return _s.Outlets.Hosts;
            await using var session = await LoginAsync(cancellationToken).ConfigureAwait(false);
            var plugs = await session.StatusAsync(cancellationToken).ConfigureAwait(false);
            return plugs.Where(p => !IsUnnamed(p.Name)).Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        }

        public async Task<OcfPowerState> GetPowerStateAsync(string host, CancellationToken cancellationToken)
        {
            await using var session = await LoginAsync(cancellationToken).ConfigureAwait(false);
            var plugs = await session.StatusAsync(cancellationToken).ConfigureAwait(false);
            var numbers = Resolve(host, plugs);
            return PowerStates.Combine(numbers.Select(n => plugs.First(p => p.Number == n).State));
        }

        public async Task SendPowerCommandAsync(string host, OcfStonithAction action, CancellationToken cancellationToken)
        {
            await using var session = await LoginAsync(cancellationToken).ConfigureAwait(false);
            var plugs = await session.StatusAsync(cancellationToken).ConfigureAwait(false);
            string verb = action switch { OcfStonithAction.Off => "Off", OcfStonithAction.On => "On", _ => "Boot" };
            foreach (var number in Resolve(host, plugs))
                await session.PowerAsync(verb, number, $"power {action.ToString().ToLowerInvariant()}", cancellationToken).ConfigureAwait(false);
        }

        public async Task CheckAsync(CancellationToken cancellationToken)
        {
            await using var session = await LoginAsync(cancellationToken).ConfigureAwait(false);
            await session.StatusAsync(cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        /// <summary>The plug numbers of a host: from the mapping, else by plug name; each must be on the switch.</summary>
        private List<string> Resolve(string host, List<Plug> plugs)
        {
            List<string> numbers;
            if (!_s.Outlets.IsEmpty)
            {
                numbers = _s.Outlets.OutletsOf(host, _device).ToList();
                foreach (var n in numbers.Where(n => plugs.All(p => p.Number != n)))
                    throw new OcfStonithException(OcfStonithFailureKind.HostNotControlled,
                        $"The {_device} lists no plug {n} (configured for {host}).", "status");
            }
            else
            {
                numbers = plugs.Where(p => p.Name.Equals(host, StringComparison.OrdinalIgnoreCase)).Select(p => p.Number).ToList();
                if (numbers.Count == 0)
                    throw new OcfStonithException(OcfStonithFailureKind.HostNotControlled,
                        $"The {_device} has no plug named {host}.", "status");
            }
            return numbers;
        }

        private async Task<Session> LoginAsync(CancellationToken cancellationToken)
        {
            var line = await TelnetLine.ConnectAsync(_s.Ip, _s.Port, _s.Login, _device, cancellationToken).ConfigureAwait(false);
            try
            {
                var d = line.Dialogue;
                d.AddSecret(_s.Password);
                bool sentUser = false, sentPassword = false;
                string[] tokens = [.. Prompts, "assword:", "ogin:", "sername:", "ser Name", "Invalid password"];
                while (true)
                {
                    var m = await d.ExpectAsync("login", _s.Login, cancellationToken, tokens).ConfigureAwait(false);
                    if (m.Index < Prompts.Length) return new Session(this, line);
                    switch (m.Token)
                    {
                        case "assword:":
                            if (sentPassword) throw Rejected("password");
                            if (_s.Password is null) throw Denied("asks for a password, and none is configured");
                            await d.SendAsync(_s.Password + "\r", cancellationToken).ConfigureAwait(false);
                            sentPassword = true;
                            break;
                        case "Invalid password":
                            throw Rejected("password");
                        default:
                            if (sentUser) throw Rejected("login name");
                            if (_s.Username is null) throw Denied("asks for a login name, and none is configured");
                            await d.SendAsync(_s.Username + "\r", cancellationToken).ConfigureAwait(false);
                            sentUser = true;
                            break;
                    }
                }
            }
            catch (OcfStonithException e) when (line.Dialogue is { Closed: true, BytesReceived: 0 })
            {
                await line.DisposeAsync().ConfigureAwait(false);
                // A WTI switch takes one session at a time and turns others away by closing them unanswered.
                throw new OcfStonithException(OcfStonithFailureKind.Busy,
                    $"The {_device} closed the connection without a word: it accepts one session at a time, and another one is open.", "login", inner: e);
            }
            catch
            {
                await line.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        private OcfStonithException Rejected(string what) =>
            new(OcfStonithFailureKind.Authentication, $"The {_device} rejected the {what}.", "login");

        private OcfStonithException Denied(string why) =>
            new(OcfStonithFailureKind.Authentication, $"The {_device} {why}.", "login");

        /// <summary>A logged-in session; disposing logs out and waits for the switch to close the connection.</summary>
        private sealed class Session(Driver driver, TelnetLine line) : IAsyncDisposable
        {
            private static readonly string[] ListingTokens = [.. Prompts, "Enter: "];
            private static readonly string[] ConfirmTokens = [.. Prompts, "(Y/N)"];
            /// <summary>Set when a step failed: the switch is not answering sensibly, so no polite logout.</summary>
            private bool _broken;

            private async Task<T> Guard<T>(Func<Task<T>> step)
            {
                try { return await step().ConfigureAwait(false); }
                catch { _broken = true; throw; }
            }

            public Task<List<Plug>> StatusAsync(CancellationToken cancellationToken) => Guard(async () =>
            {
                var d = line.Dialogue;
                await d.SendAsync("/s\r", cancellationToken).ConfigureAwait(false);
                string listing = "";
                while (true)
                {
                    var m = await d.ExpectAsync("status", driver._s.Response, cancellationToken, ListingTokens).ConfigureAwait(false);
                    listing += m.Before;
                    if (m.Index < Prompts.Length) break;
                    await d.SendAsync("\r", cancellationToken).ConfigureAwait(false); // next page
                }
                var plugs = ParseStatus(listing);
                if (plugs.Count == 0)
                    throw new OcfStonithException(OcfStonithFailureKind.UnknownState,
                        $"The {driver._device} answered /s without a plug table: '{ExpectDialogue.Printable(listing.Length > 200 ? listing[..200] : listing)}'.", "status");
                return plugs;
            });

            public Task PowerAsync(string verb, string plug, string step, CancellationToken cancellationToken) => Guard(async () =>
            {
                var d = line.Dialogue;
                await d.SendAsync($"/{verb} {plug},y\r", cancellationToken).ConfigureAwait(false);
                var m = await d.ExpectAsync(step, driver._s.Power, cancellationToken, ConfirmTokens).ConfigureAwait(false);
                string said = m.Before;
                if (m.Token == "(Y/N)")
                {
                    await d.SendAsync("Y\r", cancellationToken).ConfigureAwait(false);
                    said += (await d.ExpectAsync(step, driver._s.Power, cancellationToken, Prompts).ConfigureAwait(false)).Before;
                }
                if (said.Contains("nvalid", StringComparison.OrdinalIgnoreCase) || said.Contains("rror", StringComparison.Ordinal))
                    throw new OcfStonithException(OcfStonithFailureKind.DeviceRefused,
                        $"The {driver._device} refused '/{verb} {plug}': {ExpectDialogue.Printable(said.Trim())}", step);
                return true;
            });

            public async ValueTask DisposeAsync()
            {
                try
                {
                    if (_broken) return;
                    await line.Dialogue.SendAsync("/x,y\r", CancellationToken.None).ConfigureAwait(false);
                    await line.Dialogue.WaitForCloseAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                }
                catch (OcfStonithException)
                {
                    // Already gone: nothing to log out of.
                }
                finally
                {
                    await line.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }
}
