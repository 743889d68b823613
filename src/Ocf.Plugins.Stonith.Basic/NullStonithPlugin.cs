using Ocf.Configuration;
using Ocf.Data;
using Ocf.Stonith;

namespace Ocf.Plugins.Stonith.Basic;

/// <summary>The classic "null" device: for tests of everything above the plugin. It fences nothing.</summary>
public sealed class NullStonithPlugin : IOcfStonithPlugin
{
    public IReadOnlyList<OcfField> Fields { get; } =
    [
        HostListField.Field,
        new() { FieldName = "delay", BasicType = OcfBasicType.Double, SpecialType = OcfSpecialTypes.Seconds, Default = new OcfDouble(0),
            ShortText = "Seconds a power command takes before the state changes (to exercise confirmation polling)." },
        new() { FieldName = "ignore_commands", BasicType = OcfBasicType.Boolean, Default = OcfBoolean.False,
            ShortText = "Accept power commands but never change state (a device that says done but is not)." },
    ];

    public IOcfStonithDriver CreateDriver(OcfMap configuration) => new Driver(
        HostListField.Read(configuration),
        TimeSpan.FromSeconds(((OcfDouble)configuration["delay"]).Value),
        ((OcfBoolean)configuration["ignore_commands"]).Value);

    private sealed class Driver(string[] hosts, TimeSpan delay, bool ignore) : IOcfStonithDriver
    {
        private readonly Dictionary<string, (OcfPowerState State, DateTime ChangesAt, OcfPowerState Next)> _state =
            hosts.ToDictionary(h => h, _ => (OcfPowerState.On, DateTime.MinValue, OcfPowerState.On), StringComparer.OrdinalIgnoreCase);
        private readonly object _gate = new();

        public bool SupportsNativeReboot => false;

        public Task<IReadOnlyList<string>> ListHostsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>(hosts);

        public Task<OcfPowerState> GetPowerStateAsync(string host, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                if (!_state.TryGetValue(host, out var s)) throw new OcfStonithException(OcfStonithFailureKind.HostNotControlled, $"null device: no host {host}");
                return Task.FromResult(DateTime.UtcNow >= s.ChangesAt ? s.Next : s.State);
            }
        }

        public Task SendPowerCommandAsync(string host, OcfStonithAction action, CancellationToken cancellationToken)
        {
            if (ignore) return Task.CompletedTask;
            lock (_gate)
            {
                var now = _state[host];
                var current = DateTime.UtcNow >= now.ChangesAt ? now.Next : now.State;
                var target = action == OcfStonithAction.Off ? OcfPowerState.Off : OcfPowerState.On;
                _state[host] = (current, DateTime.UtcNow + delay, target);
            }
            return Task.CompletedTask;
        }

        public Task CheckAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
