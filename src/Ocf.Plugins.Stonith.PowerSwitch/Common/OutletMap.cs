using Ocf.Data;
using Ocf.Stonith;

namespace Ocf.Plugins.Stonith.PowerSwitch.Common;

/// <summary>
/// Which outlets power which host (host names compare case-insensitively, as cluster-glue's do). A host may have
/// several outlets (redundant power supplies): it is off only when all of them are off.
/// </summary>
internal sealed class OutletMap
{
    private readonly Dictionary<string, List<string>> _outlets = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _hosts = [];

    public IReadOnlyList<string> Hosts => _hosts;
    public bool IsEmpty => _hosts.Count == 0;

    public void Add(string host, string outlet)
    {
        if (!_outlets.TryGetValue(host, out var list))
        {
            _outlets[host] = list = [];
            _hosts.Add(host);
        }
        if (!list.Contains(outlet, StringComparer.OrdinalIgnoreCase)) list.Add(outlet);
    }

    /// <summary>The configured {host, outlet} list; empty when the field is absent.</summary>
    public static OutletMap Read(OcfMap configuration, string field = PowerSwitchFields.OutletsName)
    {
        var map = new OutletMap();
        if (!configuration.TryGetValue(field, out var value) || value is not OcfList list) return map;
        foreach (var item in list)
        {
            var entry = (OcfMap)item;
            map.Add(((OcfString)entry["host"]).Value, PowerSwitchFields.OutletText(entry["outlet"]));
        }
        return map;
    }

    public bool TryGet(string host, out IReadOnlyList<string> outlets)
    {
        bool found = _outlets.TryGetValue(host, out var list);
        outlets = list ?? (IReadOnlyList<string>)[];
        return found;
    }

    /// <summary>The outlets of <paramref name="host"/>; a host not in the map is <see cref="OcfStonithFailureKind.HostNotControlled"/>.</summary>
    public IReadOnlyList<string> OutletsOf(string host, string device)
    {
        if (TryGet(host, out var outlets)) return outlets;
        throw new OcfStonithException(OcfStonithFailureKind.HostNotControlled,
            $"The {device} has no outlet for {host} (it powers: {(IsEmpty ? "nothing" : string.Join(", ", _hosts))}).");
    }
}

/// <summary>Combining the states of a host's outlets.</summary>
internal static class PowerStates
{
    /// <summary>On if any outlet is on (the host still has power); Off only if every outlet is off; otherwise Unknown.</summary>
    public static OcfPowerState Combine(IEnumerable<OcfPowerState> states)
    {
        bool any = false, unknown = false;
        foreach (var s in states)
        {
            any = true;
            if (s == OcfPowerState.On) return OcfPowerState.On;
            if (s == OcfPowerState.Unknown) unknown = true;
        }
        return !any || unknown ? OcfPowerState.Unknown : OcfPowerState.Off;
    }

    /// <summary>"on"/"off" in any case (with surrounding blanks) as a state; anything else Unknown.</summary>
    public static OcfPowerState Parse(string text) => text.Trim().ToUpperInvariant() switch
    {
        "ON" => OcfPowerState.On,
        "OFF" => OcfPowerState.Off,
        _ => OcfPowerState.Unknown,
    };
}
