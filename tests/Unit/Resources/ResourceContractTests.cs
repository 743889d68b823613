using Ocf.Plugins;
using Ocf.Resources;
using Xunit;

namespace Ocf.Tests.Resources;

public class ResourceContractTests
{
    [Fact]
    public void Exit_codes_map_to_the_OCF_statuses()
    {
        OcfResourceStatus[] expected =
        [
            OcfResourceStatus.Success, OcfResourceStatus.GenericError, OcfResourceStatus.InvalidArgument, OcfResourceStatus.Unimplemented,
            OcfResourceStatus.InsufficientPrivileges, OcfResourceStatus.NotInstalled, OcfResourceStatus.NotConfigured,
            OcfResourceStatus.NotRunning, OcfResourceStatus.RunningMaster, OcfResourceStatus.FailedMaster,
        ];
        for (int code = 0; code <= 9; code++) Assert.Equal(expected[code], OcfResourceResult.FromExitCode(code));
        Assert.Equal(OcfResourceStatus.Degraded, OcfResourceResult.FromExitCode(190));
        Assert.Equal(OcfResourceStatus.DegradedMaster, OcfResourceResult.FromExitCode(191));
        Assert.Equal(OcfResourceStatus.Unknown, OcfResourceResult.FromExitCode(10));
        Assert.Equal(OcfResourceStatus.Unknown, OcfResourceResult.FromExitCode(137));
        Assert.Equal(OcfResourceStatus.Unknown, OcfResourceResult.FromExitCode(-1));
    }

    [Fact]
    public void A_timed_out_action_is_not_a_success_whatever_its_exit_code()
    {
        var r = new OcfResourceResult("start", 0, TimedOut: true, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), "", "");
        Assert.Equal(OcfResourceStatus.Unknown, r.Status);
        Assert.False(r.Succeeded);
        Assert.Equal("start: timed out after 1 s", r.ToString());
    }

    [Fact]
    public void Output_tails_keep_the_end()
    {
        string text = new string('a', 10_000) + "exit reason";
        string tail = OcfResourceResult.Tail(text);
        Assert.Equal(OcfResourceResult.MaxTailChars, tail.Length);
        Assert.EndsWith("exit reason", tail);
        Assert.Equal("short", OcfResourceResult.Tail("short"));
    }

    [Fact]
    public void Timeouts_come_from_the_advertised_actions_unless_overridden()
    {
        OcfPluginAction[] actions =
        [
            new() { Name = "monitor", Role = "Promoted", Timeout = TimeSpan.FromSeconds(15) },
            new() { Name = "monitor", Timeout = TimeSpan.FromSeconds(25), Interval = TimeSpan.FromSeconds(10) },
            new() { Name = "start", Timeout = TimeSpan.FromSeconds(90) },
            new() { Name = "demote", Role = "Promoted", Timeout = TimeSpan.FromSeconds(40) },
            new() { Name = "stop" }, // no timeout advertised
        ];
        Assert.Equal(TimeSpan.FromSeconds(90), OcfResourceTimeouts.Resolve(actions, "start"));
        Assert.Equal(TimeSpan.FromSeconds(25), OcfResourceTimeouts.Resolve(actions, "monitor")); // the entry without a role
        Assert.Equal(TimeSpan.FromSeconds(40), OcfResourceTimeouts.Resolve(actions, "demote"));  // only a role entry: that one
        Assert.Equal(OcfResourceTimeouts.Default, OcfResourceTimeouts.Resolve(actions, "stop"));
        Assert.Equal(OcfResourceTimeouts.Default, OcfResourceTimeouts.Resolve(actions, "validate-all"));
        Assert.Equal(TimeSpan.FromSeconds(3), OcfResourceTimeouts.Resolve(actions, "start", TimeSpan.FromSeconds(3)));
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => OcfResourceTimeouts.Resolve(actions, "start", TimeSpan.Zero));
        Assert.Equal("overrideTimeout", bad.ParamName);
    }

    [Fact]
    public void The_plugin_manager_knows_the_resource_type_and_its_contract()
    {
        var manager = new OcfPluginManager();
        Assert.Contains(OcfPluginTypes.Resource, manager.KnownPluginTypes);
        using var handler = manager.Acquire<IOcfPluginHandler>(OcfPluginTypes.PluginHandler, OcfPluginTypes.Resource);
        Assert.Equal(typeof(IOcfResourcePlugin), handler.Instance.Contract);
        Assert.Equal(new Version(1, 0), handler.Instance.ApiVersion);
    }
}
