using System.Diagnostics;

namespace Ocf.Tests.Stonith.PowerSwitch.Simulators;

/// <summary>
/// An APC Smart-UPS on a pty (2400 8N1, smart protocol) answering what cluster-glue's apcsmart sends: "Y" → "SM";
/// "Q" status flags (08: on line); "~" register 1 (bit 0x40: output off); "8" register 3 (bit 0x08: a reboot in
/// progress); "p"/"r" the shutdown/wake-up delay registers, "-" cycling the register last read to its next value
/// ("OK"); "Z" off and Ctrl-N on, each acted on only at its second press 1.5-10 s after the first (no answer);
/// "S" refused with "NA" (it needs battery power), "@000" → "OK": off now, on again after <see cref="RebootOffTime"/>.
/// Answers end in CR LF. The UPS output is outlet 1.
/// Faults: <see cref="SerialSimulator.IgnorePowerCommands"/> takes the presses but never switches;
/// <see cref="SerialSimulator.StopAnswering"/> still answers "Y" (it looks alive) and nothing else.
/// </summary>
public sealed class ApcSmartSimulator : SerialSimulator
{
    public const char PowerOnKey = '\u000E';
    private static readonly string[] ShutdownDelays = ["020", "180", "300", "600"];
    private static readonly string[] WakeupDelays = ["000", "060", "180", "300"];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<char, TimeSpan> _firstPress = [];
    private int _shutdownDelay, _wakeupDelay;
    private char _lastRegister;
    private string? _atCommand;
    private volatile bool _rebooting;

    private ApcSmartSimulator(OutletBank outlets) : base(outlets) { }

    public static TimeSpan MinPressGap { get; } = TimeSpan.FromSeconds(1.5);
    public static TimeSpan MaxPressGap { get; } = TimeSpan.FromSeconds(10);
    public TimeSpan RebootOffTime { get; set; } = TimeSpan.FromSeconds(1);
    public bool OutputOn => Outlets.IsOn(1);
    public string ShutdownDelay => ShutdownDelays[_shutdownDelay];
    public string WakeupDelay => WakeupDelays[_wakeupDelay];

    public static async Task<ApcSmartSimulator> StartAsync()
    {
        var sim = new ApcSmartSimulator(new OutletBank([(1, "output")]));
        await sim.OpenAsync(2400);
        return sim;
    }

    protected override async Task OnByteAsync(char c, CancellationToken cancellationToken)
    {
        if (_atCommand is not null)
        {
            _atCommand += c;
            if (_atCommand.Length < 4) return;
            string command = _atCommand;
            _atCommand = null;
            Received(command);
            if (!StopAnswering) await AnswerAsync(ShutdownAndReturn(command), cancellationToken);
            return;
        }
        if (c is '\r' or '\n') return;
        if (c == '@')
        {
            _atCommand = "@";
            return;
        }
        Received(c == PowerOnKey ? "^N" : c.ToString());
        if (StopAnswering && c != 'Y') return;
        string? answer = c switch
        {
            'Y' => "SM",
            'Q' => "08",
            '~' => OutputOn ? "00" : "40",
            '8' => _rebooting ? "08" : "00",
            '?' or '\'' => "00",
            'p' => Register('p'),
            'r' => Register('r'),
            '-' => NextValue(),
            'Z' => Press('Z', on: false),
            PowerOnKey => Press(PowerOnKey, on: true),
            'S' => "NA",
            _ => "NA",
        };
        if (answer is not null) await AnswerAsync(answer, cancellationToken);
    }

    private Task AnswerAsync(string answer, CancellationToken cancellationToken) => WriteAsync(answer + "\r\n", cancellationToken);

    private string Register(char register)
    {
        _lastRegister = register;
        return register == 'p' ? ShutdownDelay : WakeupDelay;
    }

    private string NextValue()
    {
        switch (_lastRegister)
        {
            case 'p': _shutdownDelay = (_shutdownDelay + 1) % ShutdownDelays.Length; return "OK";
            case 'r': _wakeupDelay = (_wakeupDelay + 1) % WakeupDelays.Length; return "OK";
            default: return "NA";
        }
    }

    /// <summary>The second press of a key 1.5-10 s after the first acts; there is no answer either way.</summary>
    private string? Press(char key, bool on)
    {
        var now = _clock.Elapsed;
        if (_firstPress.TryGetValue(key, out var first) && now - first >= MinPressGap && now - first <= MaxPressGap)
        {
            _firstPress.Remove(key);
            if (!IgnorePowerCommands) Outlets.Set(1, on);
        }
        else
        {
            _firstPress[key] = now;
        }
        return null;
    }

    private string ShutdownAndReturn(string command)
    {
        if (command[1..].Any(c => !char.IsAsciiDigit(c)) || !OutputOn) return "NA";
        if (IgnorePowerCommands) return "OK";
        Outlets.Set(1, false);
        _rebooting = true;
        _ = Task.Run(async () =>
        {
            await Task.Delay(RebootOffTime);
            Outlets.Set(1, true);
            _rebooting = false;
        });
        return "OK";
    }
}
