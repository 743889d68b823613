namespace Ocf.Tests.Stonith.PowerSwitch.Simulators;

/// <summary>One change of an outlet's power, as a simulator made it.</summary>
public readonly record struct PowerChange(int Outlet, bool On);

/// <summary>
/// The outlets of a simulated device: numbered, named, on or off, with every change recorded in order so tests can
/// see an off-then-on (a reboot) even when the final state equals the first. Thread-safe.
/// </summary>
public sealed class OutletBank
{
    private readonly object _gate = new();
    private readonly SortedDictionary<int, (string Name, bool On)> _outlets = [];
    private readonly List<PowerChange> _changes = [];
    private readonly List<string> _commands = [];

    public OutletBank(IEnumerable<(int Number, string Name)> outlets)
    {
        foreach (var (n, name) in outlets) _outlets[n] = (name, true);
    }

    public IReadOnlyList<int> Numbers { get { lock (_gate) return _outlets.Keys.ToArray(); } }

    public bool Exists(int outlet) { lock (_gate) return _outlets.ContainsKey(outlet); }

    public string NameOf(int outlet) { lock (_gate) return _outlets[outlet].Name; }

    public bool IsOn(int outlet) { lock (_gate) return _outlets[outlet].On; }

    /// <summary>The outlets with this name (case-insensitive).</summary>
    public int[] Named(string name) { lock (_gate) return _outlets.Where(o => o.Value.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(o => o.Key).ToArray(); }

    public void Set(int outlet, bool on)
    {
        lock (_gate)
        {
            var o = _outlets[outlet];
            if (o.On == on) return;
            _outlets[outlet] = (o.Name, on);
            _changes.Add(new PowerChange(outlet, on));
        }
    }

    /// <summary>Every state change so far, oldest first.</summary>
    public IReadOnlyList<PowerChange> Changes { get { lock (_gate) return _changes.ToArray(); } }

    public IReadOnlyList<PowerChange> ChangesOf(int outlet) { lock (_gate) return _changes.Where(c => c.Outlet == outlet).ToArray(); }

    /// <summary>The commands the device received (its own notation), oldest first.</summary>
    public IReadOnlyList<string> Commands { get { lock (_gate) return _commands.ToArray(); } }

    public void Log(string command) { lock (_gate) _commands.Add(command); }
}
