using System.Text;

namespace Ocf.Tests.Stonith.PowerSwitch.Simulators;

/// <summary>
/// A BayTech RPC-5 telnet host, as cluster-glue's baytech expects it: a banner ("RPC-5 Telnet Host", "Bay Technical
/// Associates", "Unit ID: "), "Enter username&gt;" and "Enter password&gt;" ("Invalid password" and the username prompt
/// again, three tries), the main menu "RPC-5 Menu:" ending in "Enter Selection&gt;" (1 outlet control, 6 logout), and
/// in outlet control the prompt "RPC-5&gt;" with STATUS (power readings, "Internal Temperature: ", then one line per
/// outlet: number in 7 columns, name from column 14, On/Off), ON n, OFF n and REBOOT n (each asking "(Y/N)&gt;"),
/// and MENU. Several sessions may be open at once (cluster-glue opens a second one for on/off).
/// Faults: <see cref="TelnetSimulator.IgnorePowerCommands"/> answers as usual without switching;
/// <see cref="TelnetSimulator.StopAnswering"/> goes silent after the login.
/// </summary>
public sealed class BayTechSimulator : TelnetSimulator
{
    public const string OutletPrompt = "RPC-5>";

    private BayTechSimulator(OutletBank outlets, string user, string password) : base(outlets, singleSession: false)
    {
        User = user;
        Password = password;
    }

    public string User { get; }
    public string Password { get; }
    /// <summary>Whether ON/OFF/REBOOT ask "(Y/N)&gt;" (the controllers' default).</summary>
    public bool Confirm { get; set; } = true;
    public TimeSpan RebootDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public static BayTechSimulator Start(string user, string password, params string[] names)
    {
        var sim = new BayTechSimulator(new OutletBank(names.Select((n, i) => (i + 1, n))), user, password);
        sim.Start();
        return sim;
    }

    private const string MainMenu =
        "\r\n\r\nRPC-5 Menu:\r\n\r\n    1)...Outlet Control\r\n    2)...Manage Users\r\n    3)...Configuration\r\n" +
        "    4)...Unit Status\r\n    5)...Reset Unit\r\n    6)...Logout\r\n\r\nEnter Selection>";

    protected override async Task RunSessionAsync(Connection c, CancellationToken ct)
    {
        await c.WriteAsync("\r\n\r\nRPC-5 Telnet Host\r\nRevision F 4.22, (C) 1999\r\nBay Technical Associates\r\n\r\nUnit ID: RPC5-SIM\r\n\r\n", ct);
        for (int tries = 0; ; tries++)
        {
            if (tries == 3) return;
            await c.WriteAsync("Enter username>", ct);
            string? user = await c.ReadLineAsync(ct);
            if (user is null) return;
            await c.WriteAsync("\r\nEnter password>", ct);
            string? password = await c.ReadLineAsync(ct);
            if (password is null) return;
            if (user.Trim() == User && password == Password) break;
            await c.WriteAsync("\r\nInvalid password\r\n\r\n", ct);
        }
        await c.WriteAsync(MainMenu, ct);
        bool outletControl = false;
        while (await c.ReadLineAsync(ct) is { } line)
        {
            string command = line.Trim();
            if (command.Length > 0) Received(command);
            if (StopAnswering) continue;
            if (!outletControl)
            {
                switch (command)
                {
                    case "1":
                        outletControl = true;
                        await c.WriteAsync("\r\n\r\n" + OutletPrompt, ct);
                        break;
                    case "6":
                        await c.WriteAsync("\r\nLogged out.\r\n", ct);
                        return;
                    case "":
                        await c.WriteAsync(MainMenu, ct);
                        break;
                    default:
                        await c.WriteAsync("\r\nInvalid choice\r\n" + MainMenu, ct);
                        break;
                }
                continue;
            }
            var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string verb = words.Length > 0 ? words[0].ToUpperInvariant() : "";
            switch (verb)
            {
                case "":
                    await c.WriteAsync("\r\n" + OutletPrompt, ct);
                    break;
                case "STATUS":
                    await c.WriteAsync(Status() + "\r\n" + OutletPrompt, ct);
                    break;
                case "MENU":
                    outletControl = false;
                    await c.WriteAsync(MainMenu, ct);
                    break;
                case "LOGOUT" or "EXIT" or "QUIT":
                    await c.WriteAsync("\r\nLogged out.\r\n", ct);
                    return;
                case "ON" or "OFF" or "REBOOT":
                    await PowerAsync(c, verb, words.Skip(1), ct);
                    break;
                default:
                    await c.WriteAsync("\r\nInvalid command\r\n\r\n" + OutletPrompt, ct);
                    break;
            }
        }
    }

    private string Status()
    {
        var b = new StringBuilder("\r\nAverage Power:    0 Watts        Apparent Power:    0 VA\r\n")
            .Append("True RMS Voltage: 120.0 Volts\r\n")
            .Append("True RMS Current:   0.0 Amps     Maximum Detected:   0.0 Amps\r\n")
            .Append("Internal Temperature:  30.5 C\r\n");
        foreach (int n in Outlets.Numbers)
            b.Append($"{n,7}       {Outlets.NameOf(n),-18}  {(Outlets.IsOn(n) ? "On" : "Off")}\r\n");
        return b.ToString();
    }

    private async Task PowerAsync(Connection c, string verb, IEnumerable<string> arguments, CancellationToken ct)
    {
        var outlets = ResolveOutlets(arguments);
        if (outlets is null)
        {
            await c.WriteAsync("\r\nInvalid outlet\r\n\r\n" + OutletPrompt, ct);
            return;
        }
        if (Confirm)
        {
            string what = verb switch { "ON" => "Turn On", "OFF" => "Turn Off", _ => "Reboot" };
            await c.WriteAsync($"\r\n{what} Outlet {string.Join(",", outlets)}? (Y/N)>", ct);
            string answer = (await c.ReadLineAsync(ct))?.Trim() ?? "";
            Received(answer);
            if (!answer.Equals("y", StringComparison.OrdinalIgnoreCase))
            {
                await c.WriteAsync("\r\n\r\n" + OutletPrompt, ct);
                return;
            }
        }
        var reply = new StringBuilder("\r\n");
        if (verb == "REBOOT")
        {
            if (outlets.All(o => !Outlets.IsOn(o)))
            {
                await c.WriteAsync($"\r\nOutlet {string.Join(",", outlets)} is already off.\r\n\r\n" + OutletPrompt, ct);
                return;
            }
            await c.WriteAsync("\r\nRebooting selected outlet(s)...\r\n", ct);
            if (!IgnorePowerCommands) foreach (int o in outlets) Outlets.Set(o, false);
            await Task.Delay(RebootDelay, ct);
            if (!IgnorePowerCommands) foreach (int o in outlets) Outlets.Set(o, true);
            reply.Append($"Power applied to outlet(s) {string.Join(",", outlets)}.\r\n");
        }
        else
        {
            bool on = verb == "ON";
            foreach (int o in outlets)
            {
                if (Outlets.IsOn(o) == on) reply.Append($"Outlet {o} is already {(on ? "on" : "off")}.\r\n");
                else if (!IgnorePowerCommands) Outlets.Set(o, on);
            }
        }
        await c.WriteAsync(reply + "\r\n" + OutletPrompt, ct);
    }
}
