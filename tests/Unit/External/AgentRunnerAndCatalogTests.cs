using System.Reflection;
using Ocf.Plugins;
using Ocf.Plugins.External;
using Xunit;

namespace Ocf.Tests.External;

/// <summary>(f) The runner's timeout and kill, and the catalog's handling of agents that misbehave — small shell scripts in a temp directory.</summary>
public sealed class AgentRunnerAndCatalogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ocf-agents-").FullName;
    private readonly List<int> _strays = [];

    public void Dispose()
    {
        foreach (int pid in _strays) // processes a test deliberately let escape; ours, ended by id
            try { System.Diagnostics.Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        Directory.Delete(_dir, recursive: true);
    }

    private string Script(string relativePath, string body, bool executable = true)
    {
        string path = Path.Combine(_dir, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n" + body.Replace("\r\n", "\n") + "\n");
        if (executable && !OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static bool Running(int pid)
    {
        string stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try
        {
            string text = File.ReadAllText(stat);
            // "pid (comm) S …": a zombie (Z) or dead (X) process is no longer running.
            char state = text[(text.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException) { return false; } // vanished while reading
    }

    private static bool Exists(int pid) => Directory.Exists($"/proc/{pid}");

    private static async Task<int> ReadPid(string file)
    {
        for (int i = 0; i < 100 && !(File.Exists(file) && File.ReadAllText(file).Trim().Length > 0); i++) await Task.Delay(20);
        return int.Parse(File.ReadAllText(file).Trim());
    }

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        for (int i = 0; i < 100; i++) { if (condition()) return true; await Task.Delay(20); }
        return condition();
    }

    // ------------------------------------------------------------------ runner

    [Fact]
    public async Task A_hanging_agent_is_killed_at_the_timeout_and_reaped()
    {
        if (OperatingSystem.IsWindows()) return;
        string pidFile = Path.Combine(_dir, "pid"), childFile = Path.Combine(_dir, "child");
        string agent = Script("fence_hangs", $"echo $$ > '{pidFile}'\nsleep 300 &\necho $! > '{childFile}'\necho started\nwait");

        var r = await AgentRunner.RunAsync(agent, ["-o", "metadata"], timeout: TimeSpan.FromMilliseconds(700));
        Assert.True(r.TimedOut);
        Assert.False(r.Succeeded);
        Assert.InRange(r.Duration, TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(5));
        Assert.Equal("started\n", r.StandardOutput);

        int pid = await ReadPid(pidFile), child = await ReadPid(childFile);
        Assert.Equal(pid, r.ProcessId);
        if (OperatingSystem.IsLinux())
        {
            // The agent itself is gone entirely (waited for: no zombie) …
            Assert.False(Exists(pid), $"/proc/{pid} still exists: {(Exists(pid) ? File.ReadAllText($"/proc/{pid}/stat") : "")}");
            // … and so is its child: killed with the tree. Once orphaned, reaping it is its new parent's job
            // (init), so a brief zombie entry is tolerated, but it no longer runs.
            Assert.True(await Eventually(() => !Running(child)), $"the agent's child {child} survived the kill");
        }
    }

    [Fact]
    public async Task A_grandchild_that_escaped_the_kill_cannot_hold_the_runner_hostage()
    {
        if (OperatingSystem.IsWindows()) return;
        string escapedFile = Path.Combine(_dir, "escaped");
        // The subshell exits at once, so its sleep is re-parented out of the tree but keeps stdout open.
        string agent = Script("agent", $"( sleep 30 & echo $! > '{escapedFile}' )\necho partial\nexec sleep 300");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = await AgentRunner.RunAsync(agent, timeout: TimeSpan.FromMilliseconds(500));
        clock.Stop();
        _strays.Add(await ReadPid(escapedFile));
        Assert.True(r.TimedOut);
        Assert.True(r.OutputTruncated); // the pipe never closed; what had been read is kept
        Assert.Equal("partial\n", r.StandardOutput);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Cancellation_kills_the_agent_and_throws()
    {
        if (OperatingSystem.IsWindows()) return;
        string pidFile = Path.Combine(_dir, "pid");
        string agent = Script("agent", $"echo $$ > '{pidFile}'\nexec sleep 300");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AgentRunner.RunAsync(agent, timeout: TimeSpan.FromSeconds(60), cancellationToken: cts.Token));
        int pid = await ReadPid(pidFile);
        if (OperatingSystem.IsLinux()) Assert.False(Exists(pid));
    }

    [Fact]
    public async Task Stdin_environment_output_and_exit_code()
    {
        if (OperatingSystem.IsWindows()) return;
        string agent = Script("agent", "cat\necho \"$OCF_TEST_VAR|${HOME:-nohome}|$1\" >&2\nexit 3");
        var r = await AgentRunner.RunAsync(agent, ["a b"], "action=metadata\nip=192.0.2.1\n",
            new Dictionary<string, string?> { ["OCF_TEST_VAR"] = "ünïcode", ["HOME"] = null }, TimeSpan.FromSeconds(20));
        Assert.Equal(3, r.ExitCode);
        Assert.False(r.TimedOut);
        Assert.Equal("action=metadata\nip=192.0.2.1\n", r.StandardOutput);
        Assert.Equal("ünïcode|nohome|a b\n", r.StandardError);

        // Without stdin text the agent sees end-of-file at once, never the test host's stdin.
        var eof = await AgentRunner.RunAsync(agent, timeout: TimeSpan.FromSeconds(20));
        Assert.Equal("", eof.StandardOutput);
        Assert.False(eof.TimedOut);
    }

    [Fact]
    public async Task Output_is_captured_up_to_a_bound()
    {
        if (OperatingSystem.IsWindows()) return;
        string agent = Script("agent", $"head -c {AgentRunner.MaxCapturedChars + 100_000} /dev/zero | tr '\\0' a");
        var r = await AgentRunner.RunAsync(agent, timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(0, r.ExitCode);
        Assert.True(r.OutputTruncated);
        Assert.Equal(AgentRunner.MaxCapturedChars, r.StandardOutput.Length);
    }

    [Fact]
    public async Task An_agent_that_cannot_start_is_a_typed_error()
    {
        if (OperatingSystem.IsWindows()) return;
        var e = await Assert.ThrowsAsync<AgentStartException>(() => AgentRunner.RunAsync(Path.Combine(_dir, "fence_missing")));
        Assert.EndsWith("fence_missing", e.Executable);
        string notExecutable = Script("fence_plain", "exit 0", executable: false);
        await Assert.ThrowsAsync<AgentStartException>(() => AgentRunner.RunAsync(notExecutable));
    }

    // ------------------------------------------------------------------ catalog

    private const string GoodFenceXml = """
        <?xml version="1.0" ?>
        <resource-agent name="fence_good" shortdesc="A good agent">
        <parameters>
        	<parameter name="ip" unique="0" required="1">
        		<getopt mixed="-a, --ip=[ip]" />
        		<content type="string" />
        		<shortdesc lang="en">Address</shortdesc>
        	</parameter>
        </parameters>
        <actions><action name="off"/><action name="metadata"/></actions>
        </resource-agent>
        """;

    private const string GoodResourceXml = """
        <?xml version="1.0"?>
        <!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">
        <resource-agent name="Good" version="3.1">
        <version>1.0</version>
        <longdesc lang="en">Good.</longdesc><shortdesc lang="en">A good RA</shortdesc>
        <parameters><parameter name="p" unique="1"><longdesc lang="en">P</longdesc><shortdesc lang="en">P</shortdesc><content type="integer" default="5"/></parameter></parameters>
        <actions><action name="start" timeout="20s"/><action name="meta-data" timeout="5s"/></actions>
        </resource-agent>
        """;

    [Fact]
    public void Misbehaving_agents_are_failures_not_exceptions()
    {
        if (OperatingSystem.IsWindows()) return;
        string fenceDir = Path.Combine(_dir, "sbin"), ocfRoot = Path.Combine(_dir, "ocf");
        string hangPid = Path.Combine(_dir, "hang.pid");
        Script("sbin/fence_good", $"[ \"$1 $2\" = \"-o metadata\" ] || exit 1\ncat <<'EOF'\n{GoodFenceXml}\nEOF");
        Script("sbin/fence_garbage", "echo 'fence_garbage: this is not <xml'");
        Script("sbin/fence_fails", "echo 'usage: fence_fails [options]' >&2\nexit 1");
        Script("sbin/fence_silent", "exit 0");
        Script("sbin/fence_hangs", $"echo $$ > '{hangPid}'\nexec sleep 300");
        Script("sbin/fence_ack_manual", "echo 'usage: fence_ack_manual <nodename>' >&2\nexit 1");
        Script("sbin/fence_notexec", "exit 0", executable: false);
        Script("sbin/fence_good.bak", "exit 0");
        Script("sbin/other_tool", "exit 0");
        // The resource agent answers only when OCF_ROOT is passed to it.
        Script("ocf/resource.d/test/Good", $"[ \"$1\" = meta-data ] && [ \"$OCF_ROOT\" = '{ocfRoot}' ] || exit 1\ncat <<'EOF'\n{GoodResourceXml}\nEOF");
        Script("ocf/resource.d/test/Bad", "echo '<resource-agent name=\"Bad\"><parameters>'");
        Script("ocf/resource.d/test/.ocf-shellfuncs", "exit 1");

        var catalog = new ExternalAgentCatalog(new ExternalAgentCatalogOptions
        {
            FenceAgentDirectories = [fenceDir, Path.Combine(_dir, "does-not-exist")],
            OcfRoot = ocfRoot,
            AgentTimeout = TimeSpan.FromSeconds(1),
        });
        Assert.Equal(["fence_fails", "fence_garbage", "fence_good", "fence_hangs", "fence_silent", "ocf:test:Bad", "ocf:test:Good"],
            catalog.FindCandidates().Select(c => c.Name));

        var entries = catalog.Enumerate();
        Assert.Equal(["fence_good", "ocf:test:Good"], entries.Select(e => e.Name));
        var fence = entries[0];
        Assert.Equal(OcfPluginTypes.Stonith, fence.PluginType);
        Assert.Equal(Path.Combine(fenceDir, "fence_good"), fence.Source);
        Assert.Equal("A good agent", fence.Description);
        Assert.True(Assert.Single(fence.Fields, f => f.FieldName != "ocf_hosts").Required);
        Assert.Equal(2, fence.Fields.Count); // the agent's one parameter and Ocf's ocf_hosts
        var ra = entries[1];
        Assert.Equal(OcfPluginTypes.Resource, ra.PluginType);
        Assert.Equal("3.1", ra.Version);
        Assert.Equal("ocf:test:Good", ((ResourceAgentDescription)ra.Details!).QualifiedName);

        var failures = catalog.Failures.ToDictionary(f => f.Name);
        Assert.Equal(["fence_fails", "fence_garbage", "fence_hangs", "fence_silent", "ocf:test:Bad"], failures.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("exited with code 1", failures["fence_fails"].Reason);
        Assert.Equal(1, failures["fence_fails"].ExitCode);
        Assert.Contains("usage: fence_fails", failures["fence_fails"].StandardError);
        Assert.Contains("fence_garbage", failures["fence_garbage"].Reason);
        Assert.Contains("line 1", failures["fence_garbage"].Reason);
        Assert.Contains("within 1 s", failures["fence_hangs"].Reason);
        Assert.Contains("printed nothing", failures["fence_silent"].Reason);
        Assert.Contains("line 2", failures["ocf:test:Bad"].Reason);
        if (OperatingSystem.IsLinux()) Assert.False(Exists(int.Parse(File.ReadAllText(hangPid).Trim())));

        // Cached per instance; the explicit imports are fresh and agree with each other.
        Assert.Same(entries, catalog.Enumerate());
        var sequential = catalog.ImportSequential();
        var parallel = catalog.ImportParallel(maxDegreeOfParallelism: 3);
        Assert.Equal(1, sequential.DegreeOfParallelism);
        Assert.Equal(3, parallel.DegreeOfParallelism);
        Assert.Equal(entries.Select(e => e.Name), sequential.Entries.Select(e => e.Name));
        Assert.Equal(entries.Select(e => e.Name), parallel.Entries.Select(e => e.Name));
        Assert.Equal(failures.Keys.Order(StringComparer.Ordinal), parallel.Failures.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Same(entries, catalog.Enumerate());
        catalog.Refresh();
        Assert.NotSame(entries, catalog.Enumerate());
    }

    [Fact]
    public void Find_by_name_runs_only_that_agent()
    {
        if (OperatingSystem.IsWindows()) return;
        string fenceDir = Path.Combine(_dir, "sbin"), ocfRoot = Path.Combine(_dir, "ocf"), ran = Path.Combine(_dir, "ran.log");
        Script("sbin/fence_good", $"echo fence_good >> '{ran}'\ncat <<'EOF'\n{GoodFenceXml}\nEOF");
        Script("sbin/fence_other", $"echo fence_other >> '{ran}'\nexit 1");
        Script("ocf/resource.d/test/Good", $"echo Good >> '{ran}'\n[ \"$OCF_ROOT\" = '{ocfRoot}' ] || exit 1\ncat <<'EOF'\n{GoodResourceXml}\nEOF");
        var catalog = new ExternalAgentCatalog(new ExternalAgentCatalogOptions { FenceAgentDirectories = [fenceDir], OcfRoot = ocfRoot });
        IOcfPluginCatalog asCatalog = catalog;

        var fence = asCatalog.Find(OcfPluginTypes.Stonith, "fence_good");
        Assert.NotNull(fence);
        Assert.Contains(fence.Fields, f => f.FieldName == "ip");
        Assert.Equal(["fence_good"], File.ReadAllLines(ran)); // fence_other and the resource agent never ran

        Assert.Same(fence, asCatalog.Find(OcfPluginTypes.Stonith, "fence_good")); // remembered: no second run
        Assert.Single(File.ReadAllLines(ran));

        var resource = asCatalog.Find(OcfPluginTypes.Resource, "ocf:test:Good");
        Assert.NotNull(resource);
        Assert.Equal(["fence_good", "Good"], File.ReadAllLines(ran));

        // Unknown names, wrong types and path tricks find nothing, and run nothing.
        Assert.Null(asCatalog.Find(OcfPluginTypes.Stonith, "fence_missing"));
        Assert.Null(asCatalog.Find(OcfPluginTypes.Resource, "fence_good"));
        Assert.Null(asCatalog.Find(OcfPluginTypes.Stonith, "../sbin/fence_good"));
        Assert.Null(asCatalog.Find(OcfPluginTypes.Resource, "ocf:..:test"));
        Assert.Null(asCatalog.Find(OcfPluginTypes.Resource, "ocf:test/../test:Good"));
        Assert.Equal(2, File.ReadAllLines(ran).Length);
        // An agent that fails its metadata run is not found (the listing reports it as a failure).
        Assert.Null(asCatalog.Find(OcfPluginTypes.Stonith, "fence_other"));
    }

    [Fact]
    public void Nothing_installed_is_an_empty_catalog()
    {
        var catalog = new ExternalAgentCatalog(new ExternalAgentCatalogOptions
        {
            FenceAgentDirectories = [Path.Combine(_dir, "none")],
            OcfRoot = Path.Combine(_dir, "none"),
        });
        Assert.Empty(catalog.Enumerate());
        Assert.Empty(catalog.Failures);
    }

    [Fact]
    public void The_module_exports_the_catalog()
    {
        var assembly = typeof(ExternalAgentCatalog).Assembly;
        Assert.Equal("Ocf.Plugins.External", assembly.GetCustomAttribute<OcfModuleAttribute>()!.Name);
        var export = Assert.Single(assembly.GetCustomAttributes<OcfExportAttribute>());
        Assert.Equal(OcfPluginTypes.Catalog, export.PluginType);
        Assert.Equal("external-agents", export.Name);
        Assert.Equal(typeof(ExternalAgentCatalog), export.Implementation);
        Assert.Equal("1.0", export.ApiVersion);
        Assert.True(typeof(IOcfPluginCatalog).IsAssignableFrom(export.Implementation));
        Assert.NotNull(export.Implementation.GetConstructor(Type.EmptyTypes));

        var manifest = ModuleManifestReader.TryRead(assembly.Location, out var problem);
        Assert.True(manifest is not null, problem);
        Assert.Contains(manifest!.Exports, e => e.Name == "external-agents" && e.ImplementationTypeName == typeof(ExternalAgentCatalog).FullName);
    }

    [Fact]
    public void Options_from_the_environment_put_OCF_FENCE_AGENT_PATH_first()
    {
        var options = ExternalAgentCatalogOptions.FromEnvironment();
        Assert.Equal(ExternalAgentCatalogOptions.DefaultFenceAgentDirectories, options.FenceAgentDirectories.TakeLast(2));
        Assert.True(options.MaxDegreeOfParallelism >= 2);
        Assert.Equal(TimeSpan.FromSeconds(10), options.AgentTimeout);
    }
}
