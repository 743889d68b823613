using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins;
using Ocf.Plugins.External;
using Ocf.Resources;
using Xunit;

namespace Ocf.Tests.Resources;

/// <summary>
/// OCF resource agents instantiated through the general API (<see cref="OcfPluginManager.Create{T}"/>) and run for
/// real: Debian's resource-agents package (CI installs it) provides ocf:heartbeat:Dummy, whose state file is pointed
/// into a temporary directory. Agents do not exist on Windows, so these tests do nothing there.
/// </summary>
public sealed class DummyResourceAgentTests : IDisposable
{
    private const string Dummy = "ocf:heartbeat:Dummy";
    private readonly OcfPluginManager _manager = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("ocf-resource-").FullName;

    public DummyResourceAgentTests()
    {
        if (!OperatingSystem.IsWindows()) _manager.LoadModule(typeof(ExternalAgentCatalog).Assembly.Location);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static OcfMap Map(params (string Key, OcfValue Value)[] entries)
    {
        var b = new OcfMapBuilder();
        foreach (var (k, v) in entries) b.Add(k, v);
        return b.Build();
    }

    [ResourceAgentFact]
    public async Task Dummy_runs_its_lifecycle_through_the_general_instantiation_API()
    {
        string stateFile = Path.Combine(_dir, "dummy.state");
        await using var created = _manager.Create<IOcfResourceAgent>(OcfPluginTypes.Resource, Dummy,
            Map(("state", stateFile), ("ocf_resource_instance", "web-1")));
        var resource = created.Instance;
        Assert.Equal(Dummy, resource.AgentName);
        Assert.Equal("web-1", resource.InstanceName);
        Assert.Equal(TimeSpan.FromSeconds(20), resource.TimeoutFor("start")); // Dummy advertises 20s for every action

        var before = await resource.MonitorAsync();
        Assert.Equal(OcfResourceStatus.NotRunning, before.Status);
        Assert.Equal(7, before.ExitCode);
        Assert.Equal("monitor", before.Action);
        Assert.Equal(TimeSpan.FromSeconds(20), before.Timeout);
        Assert.False(before.TimedOut);

        Assert.Equal(OcfResourceStatus.Success, (await resource.ValidateAllAsync()).Status);

        var start = await resource.StartAsync();
        Assert.True(start.Succeeded, start + " " + start.Error);
        Assert.True(File.Exists(stateFile), "Dummy start creates the state file named by OCF_RESKEY_state");

        Assert.Equal(OcfResourceStatus.Success, (await resource.MonitorAsync()).Status);
        Assert.Equal(OcfResourceStatus.Success, (await resource.StopAsync()).Status);
        Assert.False(File.Exists(stateFile));
        Assert.Equal(OcfResourceStatus.NotRunning, (await resource.MonitorAsync()).Status);

        // An action the agent does not implement: OCF_ERR_UNIMPLEMENTED, reported, not thrown.
        var promote = await resource.RunAsync("promote", timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(OcfResourceStatus.Unimplemented, promote.Status);
        Assert.Equal(TimeSpan.FromSeconds(30), promote.Timeout);
    }

    [ResourceAgentFact]
    public async Task The_instance_name_reaches_the_agent_as_OCF_RESOURCE_INSTANCE()
    {
        // Without a state parameter Dummy names its file ${HA_RSCTMP}/Dummy-${OCF_RESOURCE_INSTANCE}.state.
        string rsctmp = Directory.CreateDirectory(Path.Combine(_dir, "rsctmp")).FullName;
        string old = Environment.GetEnvironmentVariable("HA_RSCTMP") ?? "";
        await using var created = _manager.Create<IOcfResourceAgent>(OcfPluginTypes.Resource, Dummy, Map(("ocf_resource_instance", "db-7")));
        // ocf-shellfuncs takes HA_RSCTMP from the environment when set; the agent inherits this process's environment.
        Environment.SetEnvironmentVariable("HA_RSCTMP", rsctmp);
        try
        {
            Assert.True((await created.Instance.StartAsync()).Succeeded);
            Assert.True(File.Exists(Path.Combine(rsctmp, "Dummy-db-7.state")), string.Join(", ", Directory.GetFiles(rsctmp)));
            Assert.True((await created.Instance.StopAsync()).Succeeded);
        }
        finally { Environment.SetEnvironmentVariable("HA_RSCTMP", old.Length == 0 ? null : old); }
    }

    [ResourceAgentFact]
    public void An_invalid_configuration_is_refused_with_every_problem_and_nothing_runs()
    {
        string stateFile = Path.Combine(_dir, "never.state");
        var refused = Assert.Throws<OcfValidationException>(() => _manager.Create<IOcfResourceAgent>(OcfPluginTypes.Resource, Dummy,
            Map(("state", stateFile), ("no_such_parameter", "x"), ("ocf_resource_instance", "bad name; rm -rf /"), ("fake", new OcfList([new OcfString("a"), new OcfString("b")])))));

        Assert.Equal(["fake", "no_such_parameter", "ocf_resource_instance"], refused.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.Contains(refused.Problems, p => p.Path == "no_such_parameter" && p.Code == "UnknownField");
        Assert.False(File.Exists(stateFile));
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
        // The plugin's lease was released with the refusal: the module unloads.
        _manager.UnloadModule("Ocf.Plugins.External");
    }

    [ResourceAgentFact]
    public async Task A_live_resource_holds_the_module_that_runs_it()
    {
        var created = _manager.Create<IOcfResourceAgent>(OcfPluginTypes.Resource, Dummy, Map(("state", Path.Combine(_dir, "s"))));
        var refused = Assert.Throws<OcfPluginException>(() => _manager.UnloadModule("Ocf.Plugins.External"));
        Assert.Equal(OcfPluginErrorKind.InUse, refused.Kind);
        await created.DisposeAsync();
        _manager.UnloadModule("Ocf.Plugins.External");
    }

    [ResourceAgentFact]
    public void The_configuration_reads_back_with_secrets_redacted()
    {
        // mysql's replication_passwd is a secret (recognised by name); creating the resource runs nothing.
        using var mysql = _manager.Create<IOcfResourceAgent>(OcfPluginTypes.Resource, "ocf:heartbeat:mysql",
            Map(("replication_user", "repl"), ("replication_passwd", "s3cret"), ("ocf_resource_instance", "db")));
        foreach (var readBack in new[] { mysql.Instance.RedactedConfiguration, mysql.RedactedConfiguration })
        {
            Assert.Equal(new OcfString(OcfConfigurator.RedactedText), readBack["replication_passwd"]);
            Assert.Equal(new OcfString("repl"), readBack["replication_user"]);
            Assert.Equal(new OcfString("db"), readBack["ocf_resource_instance"]);
            Assert.DoesNotContain("s3cret", readBack.ToString());
        }
        Assert.Equal(new OcfString("s3cret"), mysql.GetConfigurationWithSecrets()["replication_passwd"]);

        using var dummy = _manager.Create<IOcfResourceAgent>(OcfPluginTypes.Resource, Dummy, Map(("state", "/tmp/x.state")));
        Assert.Equal(new OcfString("/tmp/x.state"), dummy.Instance.RedactedConfiguration["state"]); // nothing secret: as given
        Assert.Equal(new OcfString("dummy"), dummy.Instance.RedactedConfiguration["fake"]);         // default applied
    }

    [ResourceAgentFact]
    public async Task Action_names_are_plain_words()
    {
        await using var created = _manager.Create<IOcfResourceAgent>(OcfPluginTypes.Resource, Dummy, Map(("state", Path.Combine(_dir, "s"))));
        var bad = await Assert.ThrowsAsync<ArgumentException>(() => created.Instance.RunAsync("start; touch x"));
        Assert.Equal("action", bad.ParamName);
    }
}

/// <summary>
/// A test that runs Debian's real resource agents (shell scripts under /usr/lib/ocf): skipped on Windows, where they
/// cannot exist, and never elsewhere, so a missing agent on Linux fails loudly.
/// </summary>
public sealed class ResourceAgentFactAttribute : FactAttribute
{
    public ResourceAgentFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "OCF resource agents are shell scripts for Linux/Unix.";
    }
}
