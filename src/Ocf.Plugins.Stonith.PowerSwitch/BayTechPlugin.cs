using System.Globalization;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins.Stonith.PowerSwitch.Common;
using Ocf.Stonith;
using F = Ocf.Plugins.Stonith.PowerSwitch.Common.PowerSwitchFields;

namespace Ocf.Plugins.Stonith.PowerSwitch;

/// <summary>
/// BayTech RPC power controllers over their telnet menus, as cluster-glue's baytech speaks them: "username&gt;" and
/// "password&gt;" prompts, a main menu ending in "Selection&gt;" whose item 1 is outlet control (prompt "RPC-x&gt;"),
/// where STATUS lists the outlets (number, name, On/Off) and ON n, OFF n and REBOOT n switch them (a "(Y/N)&gt;"
/// question is answered Y); MENU returns to the main menu, whose item 6 logs out. Without an outlet mapping, hosts are
/// the outlet names.
/// </summary>
public sealed class BayTechPlugin : IOcfStonithPlugin
{
    public const string PluginName = "baytech";

    public IReadOnlyList<OcfField> Fields { get; } =
    [
        F.Ip,
        F.Port,
        F.Username(required: false, "The user name the controller asks for at 'username>'."),
        F.Password(required: false, "The user's password."),
        F.Outlets(new OcfField { FieldName = "outlet", BasicType = OcfBasicType.Integer, ShortText = "Outlet number (1, 2, ...)." },
            required: false, maxCount: null,
            text: "Which outlet powers which host: {host, outlet}. Left out: hosts are the outlet names the controller lists."),
        F.NativeReboot,
        F.Seconds(F.LoginTimeoutName, "Login timeout", 10, "How long connecting and logging in may take."),
        F.Seconds(F.ResponseTimeoutName, "Response timeout", 5, "How long to wait for each menu or prompt."),
        F.Seconds(F.PowerTimeoutName, "Power command timeout", 30, "How long a power command may take until the prompt returns (cluster-glue: 30 s for a reboot)."),
    ];

    public IOcfStonithDriver CreateDriver(OcfMap configuration) => new Driver(configuration);

    internal readonly record struct Outlet(string Number, string Name, OcfPowerState State);

    /// <summary>Parses STATUS: lines that begin with an outlet number and end in On or Off; the name lies between.</summary>
    internal static List<Outlet> ParseStatus(string listing)
    {
        var outlets = new List<Outlet>();
        foreach (var raw in listing.Split('\n'))
        {
            string line = raw.Trim('\r', ' ', '\t');
            int digits = 0;
            while (digits < line.Length && char.IsAsciiDigit(line[digits])) digits++;
            if (digits == 0 || !int.TryParse(line.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out int number)) continue;
            var words = line[digits..].TrimStart(')', '.', ':', ' ', '\t').Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            int at = Array.FindLastIndex(words, w => PowerStates.Parse(w) != OcfPowerState.Unknown);
            if (at < 0) continue;
            string name = string.Join(' ', words.Take(at)).Trim(':', '|', ' ');
            outlets.Add(new Outlet(number.ToString(CultureInfo.InvariantCulture), name, PowerStates.Parse(words[at])));
        }
        return outlets;
    }

    private sealed class Driver : IOcfStonithDriver
    {
        private readonly NetworkSwitchSettings _s;
        private readonly string _device;

        public Driver(OcfMap c)
        {
            _s = NetworkSwitchSettings.Read(c);
            SupportsNativeReboot = _s.NativeReboot;
            _device = $"BayTech controller at {_s.Ip}:{_s.Port}";
        }

        public bool SupportsNativeReboot { get; }

        public async Task<IReadOnlyList<string>> ListHostsAsync(CancellationToken cancellationToken)
        {
            if (!_s.Outlets.IsEmpty) return _s.Outlets.Hosts;
            await using var session = await LoginAsync(cancellationToken).ConfigureAwait(false);
            var outlets = await session.StatusAsync(cancellationToken).ConfigureAwait(false);
            return outlets.Where(o => o.Name.Length > 0).Select(o => o.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        }

        public async Task<OcfPowerState> GetPowerStateAsync(string host, CancellationToken cancellationToken)
        {
            await using var session = await LoginAsync(cancellationToken).ConfigureAwait(false);
            var outlets = await session.StatusAsync(cancellationToken).ConfigureAwait(false);
            return PowerStates.Combine(Resolve(host, outlets).Select(n => outlets.First(o => o.Number == n).State));
        }

        public async Task SendPowerCommandAsync(string host, OcfStonithAction action, CancellationToken cancellationToken)
        {
            await using var session = await LoginAsync(cancellationToken).ConfigureAwait(false);
            var outlets = await session.StatusAsync(cancellationToken).ConfigureAwait(false);
            string verb = action switch { OcfStonithAction.Off => "OFF", OcfStonithAction.On => "ON", _ => "REBOOT" };
            foreach (var number in Resolve(host, outlets))
                await session.PowerAsync(verb, number, $"power {action.ToString().ToLowerInvariant()}", cancellationToken).ConfigureAwait(false);
        }

        public async Task CheckAsync(CancellationToken cancellationToken)
        {
            await using var session = await LoginAsync(cancellationToken).ConfigureAwait(false);
            await session.StatusAsync(cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private List<string> Resolve(string host, List<Outlet> outlets)
        {
            if (!_s.Outlets.IsEmpty)
            {
                var numbers = _s.Outlets.OutletsOf(host, _device).ToList();
                foreach (var n in numbers.Where(n => outlets.All(o => o.Number != n)))
                    throw new OcfStonithException(OcfStonithFailureKind.HostNotControlled, $"The {_device} lists no outlet {n} (configured for {host}).", "status");
                return numbers;
            }
            var named = outlets.Where(o => o.Name.Equals(host, StringComparison.OrdinalIgnoreCase)).Select(o => o.Number).ToList();
            if (named.Count == 0)
                throw new OcfStonithException(OcfStonithFailureKind.HostNotControlled, $"The {_device} has no outlet named {host}.", "status");
            return named;
        }

        private async Task<Session> LoginAsync(CancellationToken cancellationToken)
        {
            var line = await TelnetLine.ConnectAsync(_s.Ip, _s.Port, _s.Login, _device, cancellationToken).ConfigureAwait(false);
            try
            {
                var d = line.Dialogue;
                d.AddSecret(_s.Password);
                bool sentUser = false, sentPassword = false;
                while (true)
                {
                    var m = await d.ExpectAsync("login", _s.Login, cancellationToken, "election>", "username>", "password>", "Invalid password").ConfigureAwait(false);
                    switch (m.Index)
                    {
                        case 0:
                            var session = new Session(this, line);
                            await session.EnterOutletControlAsync(cancellationToken).ConfigureAwait(false);
                            return session;
                        case 1:
                            // Asked for the user again after we answered: the user (or its password) was refused.
                            if (sentUser) throw Rejected(sentPassword ? "password" : "user name");
                            if (_s.Username is null) throw Denied("asks for a user name, and none is configured");
                            await d.SendAsync(_s.Username + "\r", cancellationToken).ConfigureAwait(false);
                            sentUser = true;
                            break;
                        case 2:
                            if (sentPassword) throw Rejected("password");
                            if (_s.Password is null) throw Denied("asks for a password, and none is configured");
                            await d.SendAsync(_s.Password + "\r", cancellationToken).ConfigureAwait(false);
                            sentPassword = true;
                            break;
                        default:
                            throw Rejected("password");
                    }
                }
            }
            catch
            {
                await line.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        private OcfStonithException Rejected(string what) => new(OcfStonithFailureKind.Authentication, $"The {_device} rejected the {what}.", "login");
        private OcfStonithException Denied(string why) => new(OcfStonithFailureKind.Authentication, $"The {_device} {why}.", "login");

        /// <summary>A logged-in session in the outlet control menu; disposing returns to the main menu and logs out.</summary>
        private sealed class Session(Driver driver, TelnetLine line) : IAsyncDisposable
        {
            private bool _inOutletControl;
            /// <summary>Set when a step failed: the controller is not answering sensibly, so no polite logout.</summary>
            private bool _broken;

            private async Task<T> Guard<T>(Func<Task<T>> step)
            {
                try { return await step().ConfigureAwait(false); }
                catch { _broken = true; throw; }
            }

            public async Task EnterOutletControlAsync(CancellationToken cancellationToken)
            {
                await line.Dialogue.SendAsync("1\r", cancellationToken).ConfigureAwait(false);
                await PromptAsync("outlet control", driver._s.Response, cancellationToken).ConfigureAwait(false);
                _inOutletControl = true;
            }

            /// <summary>Reads up to the outlet prompt ("RPC-5&gt;": "RPC" then "&gt;", as cluster-glue matches it); returns what came before.</summary>
            private async Task<string> PromptAsync(string step, TimeSpan timeout, CancellationToken cancellationToken)
            {
                var d = line.Dialogue;
                var rpc = await d.ExpectAsync(step, timeout, cancellationToken, "RPC").ConfigureAwait(false);
                var gt = await d.ExpectAsync(step, driver._s.Response, cancellationToken, ">").ConfigureAwait(false);
                return rpc.Before + "RPC" + gt.Before;
            }

            public Task<List<Outlet>> StatusAsync(CancellationToken cancellationToken) => Guard(async () =>
            {
                await line.Dialogue.SendAsync("STATUS\r", cancellationToken).ConfigureAwait(false);
                string listing = await PromptAsync("status", driver._s.Response, cancellationToken).ConfigureAwait(false);
                var outlets = ParseStatus(listing);
                if (outlets.Count == 0)
                    throw new OcfStonithException(OcfStonithFailureKind.UnknownState,
                        $"The {driver._device} answered STATUS without an outlet list: '{ExpectDialogue.Printable(listing.Length > 200 ? listing[..200] : listing)}'.", "status");
                return outlets;
            });

            public Task PowerAsync(string verb, string outlet, string step, CancellationToken cancellationToken) => Guard(async () =>
            {
                var d = line.Dialogue;
                await d.SendAsync($"{verb} {outlet}\r", cancellationToken).ConfigureAwait(false);
                var m = await d.ExpectAsync(step, driver._s.Power, cancellationToken, "(Y/N)>", "RPC").ConfigureAwait(false);
                string said = m.Before;
                if (m.Index == 0)
                {
                    await d.SendAsync("Y\r", cancellationToken).ConfigureAwait(false);
                    said += (await d.ExpectAsync(step, driver._s.Power, cancellationToken, "RPC").ConfigureAwait(false)).Before;
                }
                said += (await d.ExpectAsync(step, driver._s.Response, cancellationToken, ">").ConfigureAwait(false)).Before;
                if (said.Contains("nvalid", StringComparison.OrdinalIgnoreCase))
                    throw new OcfStonithException(OcfStonithFailureKind.DeviceRefused,
                        $"The {driver._device} refused '{verb} {outlet}': {ExpectDialogue.Printable(said.Trim())}", step);
                return true;
            });

            public async ValueTask DisposeAsync()
            {
                try
                {
                    var d = line.Dialogue;
                    if (_broken) return;
                    if (_inOutletControl)
                    {
                        await d.SendAsync("MENU\r", CancellationToken.None).ConfigureAwait(false);
                        await d.ExpectAsync("logout", driver._s.Response, CancellationToken.None, "election>").ConfigureAwait(false);
                    }
                    await d.SendAsync("6\r", CancellationToken.None).ConfigureAwait(false);
                    await d.WaitForCloseAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                }
                catch (OcfStonithException)
                {
                    // The controller stopped answering: closing the connection is all that is left.
                }
                finally
                {
                    await line.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }
}
