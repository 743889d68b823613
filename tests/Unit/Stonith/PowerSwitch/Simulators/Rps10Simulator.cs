using System.Text;

namespace Ocf.Tests.Stonith.PowerSwitch.Simulators;

/// <summary>
/// A WTI RPS-10M (master plus daisy-chained slaves, units 0-9) on a pty, speaking what cluster-glue's rps10 expects:
/// frames ^B^X^X^B^X^X + unit ('0'-'9' or '*') + command ('0' off, '1' on, 'T' toggle, '?' status) + CR, answered by
/// "Plug n Off|On" lines and "Complete". The real switch says "RPS-10 Ready" after its DTR line is toggled; a pty has
/// no DTR, so this one says it whenever the line has been quiet for <see cref="ReadyInterval"/>.
/// Faults: <see cref="SerialSimulator.IgnorePowerCommands"/> answers "Plug n Off" but leaves the outlet on;
/// <see cref="SerialSimulator.StopAnswering"/> keeps saying Ready but never answers a command (mid-dialogue silence).
/// </summary>
public sealed class Rps10Simulator : SerialSimulator
{
    public const string Prefix = "\u0002\u0018\u0018\u0002\u0018\u0018";
    private readonly StringBuilder _frame = new();

    private Rps10Simulator(OutletBank outlets) : base(outlets) { }

    public TimeSpan ReadyInterval { get; set; } = TimeSpan.FromMilliseconds(200);
    /// <summary>How long a toggle ('T') keeps the outlet off.</summary>
    public TimeSpan ToggleDelay { get; set; } = TimeSpan.FromMilliseconds(500);
    protected override TimeSpan IdleInterval => ReadyInterval;

    /// <summary>Units 0..count-1, all on, named node1, node2, ... (names are for tests only; the RPS-10 has none).</summary>
    public static async Task<Rps10Simulator> StartAsync(int units = 2)
    {
        var sim = new Rps10Simulator(new OutletBank(Enumerable.Range(0, units).Select(u => (u, $"node{u + 1}"))));
        await sim.OpenAsync(9600);
        return sim;
    }

    protected override Task OnIdleAsync(CancellationToken cancellationToken) => WriteAsync("RPS-10 Ready\r\n", cancellationToken);

    protected override async Task OnByteAsync(char c, CancellationToken cancellationToken)
    {
        if (c != '\r')
        {
            _frame.Append(c);
            if (_frame.Length > 64) _frame.Remove(0, _frame.Length - 64);
            return;
        }
        string text = _frame.ToString();
        _frame.Clear();
        int at = text.LastIndexOf(Prefix, StringComparison.Ordinal);
        if (at < 0 || text.Length != at + Prefix.Length + 2) return; // not a frame: a real switch ignores it too
        char unit = text[at + Prefix.Length], command = text[at + Prefix.Length + 1];
        Received($"{unit}{command}");
        if (StopAnswering) return;
        await HandleAsync(unit, command, cancellationToken);
    }

    private async Task HandleAsync(char unit, char command, CancellationToken cancellationToken)
    {
        int[] units = unit == '*' ? Outlets.Numbers.ToArray()
            : char.IsAsciiDigit(unit) && Outlets.Exists(unit - '0') ? [unit - '0'] : [];
        var reply = new StringBuilder();
        switch (command)
        {
            case '?':
                foreach (int u in units) reply.Append(Plug(u, Outlets.IsOn(u)));
                break;
            case '0':
            case '1':
                bool on = command == '1';
                foreach (int u in units)
                {
                    if (!IgnorePowerCommands) Outlets.Set(u, on);
                    reply.Append(Plug(u, on)); // what the command did, as the switch reports it
                }
                break;
            case 'T':
                foreach (int u in units)
                {
                    if (!IgnorePowerCommands) Outlets.Set(u, false);
                    await WriteAsync(Plug(u, false), cancellationToken);
                }
                await Task.Delay(ToggleDelay, cancellationToken);
                foreach (int u in units)
                {
                    if (!IgnorePowerCommands) Outlets.Set(u, true);
                    reply.Append(Plug(u, true));
                }
                break;
            default:
                return; // unknown command: no answer
        }
        reply.Append("Complete\r\n");
        await WriteAsync(reply.ToString(), cancellationToken);
    }

    private static string Plug(int unit, bool on) => $"Plug {unit} {(on ? "On" : "Off")}\r\n";
}
