using System.Text;

namespace Ocf.Tests.Stonith.PowerSwitch.Simulators;

/// <summary>
/// A WTI NPS-115 command line, as cluster-glue's wti_nps and fence_wti expect it: "Enter Password: ", then a banner
/// naming the "Network Power Switch" and the prompt "NPS&gt; "; "/h" help, "/s" the plug table
/// (Plug | Name | Status | Boot Delay | Default), "/On", "/Off" and "/Boot" with plug numbers, names or "*" and an
/// optional ",y" (else "Sure? (Y/N): " is asked), answered " Processing - please wait ..." and the prompt once done;
/// "/x" logs out and closes. A wrong password is answered "Invalid password" and the connection is closed. One
/// session at a time. Faults: <see cref="TelnetSimulator.IgnorePowerCommands"/> processes commands without switching;
/// <see cref="TelnetSimulator.StopAnswering"/> goes silent after the login.
/// </summary>
public sealed class WtiNpsSimulator : TelnetSimulator
{
    public const string Prompt = "\r\nNPS> ";
    private const string Separator = "-----+------------------+--------+------------+---------+\r\n";

    private WtiNpsSimulator(OutletBank outlets, string? password) : base(outlets, singleSession: true) => Password = password;

    public string? Password { get; }
    /// <summary>How long "/Boot" keeps a plug off.</summary>
    public TimeSpan BootDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Plugs 1..names.Length named after the hosts they power, all on.</summary>
    public static WtiNpsSimulator Start(string? password, params string[] names)
    {
        var sim = new WtiNpsSimulator(new OutletBank(names.Select((n, i) => (i + 1, n))), password);
        sim.Start();
        return sim;
    }

    protected override async Task RunSessionAsync(Connection c, CancellationToken ct)
    {
        if (Password is not null)
        {
            await c.WriteAsync("\r\n\r\nEnter Password: ", ct);
            string? given = await c.ReadLineAsync(ct);
            if (given is null) return;
            if (given != Password)
            {
                await c.WriteAsync("\r\nInvalid password\r\n", ct);
                return;
            }
        }
        await c.WriteAsync("\r\n\r\nNetwork Power Switch v3.02  (simulated)\r\n" + Prompt, ct);
        while (await c.ReadLineAsync(ct) is { } line)
        {
            string command = line.Trim();
            if (command.Length > 0) Received(command);
            if (StopAnswering) continue;
            string lower = command.ToLowerInvariant();
            if (lower.Length == 0) await c.WriteAsync(Prompt, ct);
            else if (lower == "/h") await c.WriteAsync(Help + Prompt, ct);
            else if (lower == "/s") await c.WriteAsync(Table() + Prompt, ct);
            else if (lower.StartsWith("/x", StringComparison.Ordinal))
            {
                await c.WriteAsync("\r\n", ct);
                return;
            }
            else if (Verb(lower) is { } verb) await PowerAsync(c, verb, command[(verb.Length + 1)..], ct);
            else await c.WriteAsync("\r\nInvalid command\r\n" + Prompt, ct);
        }
    }

    private const string Help =
        "\r\n  /S               Display plug status\r\n  /On <plug>[,y]   Turn plug on\r\n  /Off <plug>[,y]  Turn plug off\r\n" +
        "  /Boot <plug>[,y] Boot plug (off, delay, on)\r\n  /X               Exit\r\n";

    private static string? Verb(string lower)
    {
        foreach (var v in new[] { "on", "off", "boot" })
            if (lower.StartsWith("/" + v, StringComparison.Ordinal) && (lower.Length == v.Length + 1 || lower[v.Length + 1] is ' ' or ','))
                return v;
        return null;
    }

    private string Table()
    {
        var b = new StringBuilder("\r\nPlug | Name             | Status | Boot Delay | Default |\r\n").Append(Separator);
        foreach (int n in Outlets.Numbers)
            b.Append($" {n,-4}| {Outlets.NameOf(n),-16} |  {(Outlets.IsOn(n) ? "ON " : "OFF")}   |   0.5 Secs |   ON    |\r\n");
        return b.Append(Separator).ToString();
    }

    private async Task PowerAsync(Connection c, string verb, string arguments, CancellationToken ct)
    {
        var parts = arguments.Split(',');
        bool confirmed = parts.Length > 1 && parts[^1].Trim().Equals("y", StringComparison.OrdinalIgnoreCase);
        var tokens = (confirmed ? parts[..^1] : parts).SelectMany(p => p.Split([' ', '+'], StringSplitOptions.RemoveEmptyEntries));
        var plugs = ResolveOutlets(tokens);
        if (plugs is null)
        {
            await c.WriteAsync("\r\nInvalid plug\r\n" + Prompt, ct);
            return;
        }
        if (!confirmed)
        {
            await c.WriteAsync("\r\n Sure? (Y/N): ", ct);
            string answer = (await c.ReadLineAsync(ct))?.Trim() ?? "";
            Received(answer);
            if (!answer.Equals("y", StringComparison.OrdinalIgnoreCase))
            {
                await c.WriteAsync(Prompt, ct);
                return;
            }
        }
        await c.WriteAsync("\r\n\r\n Processing - please wait ...\r\n", ct);
        if (!IgnorePowerCommands)
        {
            foreach (int p in plugs) Outlets.Set(p, verb == "on");
            if (verb == "boot")
            {
                await Task.Delay(BootDelay, ct);
                foreach (int p in plugs) Outlets.Set(p, true);
            }
        }
        await c.WriteAsync(Prompt, ct);
    }
}
