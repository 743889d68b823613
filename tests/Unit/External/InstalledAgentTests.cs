using System.Diagnostics;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins;
using Ocf.Plugins.External;
using Xunit;
using Xunit.Abstractions;

namespace Ocf.Tests.External;

/// <summary>The catalog against the real installed agents: no mocks.</summary>
public class InstalledAgentTests(InstalledAgentsFixture fx, ITestOutputHelper output) : IClassFixture<InstalledAgentsFixture>
{
    private static OcfMap Map(params (string Key, OcfValue Value)[] entries)
    {
        var b = new OcfMapBuilder();
        foreach (var (k, v) in entries) b.Add(k, v);
        return b.Build();
    }

    // ------------------------------------------------------------------ (a) every fence agent

    [Fact]
    public async Task Every_installed_fence_agent_that_answers_metadata_is_in_the_catalog()
    {
        if (!InstalledAgentsFixture.FenceAgentsExpected) return;
        Assert.True(File.Exists("/usr/sbin/fence_ipmilan"), "fence-agents must be installed on Linux (apt-get install fence-agents)");

        // Independently of the catalog's discovery and runner: every executable fence_* file, run directly.
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var dir in InstalledAgentsFixture.FenceDirectories.Where(Directory.Exists))
            foreach (var f in Directory.GetFiles(dir, "fence_*"))
                if (IsExecutable(f)) files.TryAdd(Path.GetFileName(f), f);
        var answered = await RunAll(files.Values, f => ["-o", "metadata"], env: null);
        var answering = answered.Where(a => a.Value == 0).Select(a => Path.GetFileName(a.Key)).Order(StringComparer.Ordinal).ToArray();

        var stonith = fx.Entries.Where(e => e.PluginType == OcfPluginTypes.Stonith).Select(e => e.Name).Order(StringComparer.Ordinal).ToArray();
        output.WriteLine($"{files.Count} fence_* executables, {answering.Length} answer -o metadata; catalog: {stonith.Length} stonith entries; whole import {fx.ImportTime.TotalSeconds:0.00} s");
        Assert.Equal(answering, stonith);
        Assert.DoesNotContain("fence_ack_manual", stonith);
        // fence_ack_manual is skipped by name, not reported as a failure; every other fence_* file answered.
        Assert.DoesNotContain(fx.Catalog.Failures, f => f.PluginType == OcfPluginTypes.Stonith);
        if (File.Exists("/usr/share/doc/fence-agents/changelog.Debian.gz") && files.Count == 84)
            Assert.Equal(83, stonith.Length); // Debian 12, fence-agents 4.12

        foreach (var entry in fx.Entries.Where(e => e.PluginType == OcfPluginTypes.Stonith))
        {
            var d = Assert.IsType<FenceAgentDescription>(entry.Details);
            Assert.Equal(entry.Name, d.Name); // symlinked copies (fence_ilo3, …) report their own name
            Assert.NotEmpty(entry.Fields);
            Assert.Contains("metadata", d.ActionNames);
            Assert.Contains(entry.Fields, f => f.FieldName == "action");
            CheckFieldInvariants(entry);
            // Every deprecated parameter has its successor, which accepts the old name as an alias.
            Assert.Equal(d.Obsoletes.Count, entry.Fields.Count(f => f.Deprecated));
            foreach (var (current, old) in d.Obsoletes)
            {
                Assert.True(entry.Fields.Single(f => f.FieldName == old).Deprecated, $"{entry.Name}: {old}");
                Assert.Contains(old, entry.Fields.Single(f => f.FieldName == current).Aliases);
            }
        }
    }

    /// <summary>Defaults fit their types, enums are non-empty, and an alias that is not itself a field name leads to exactly one field.</summary>
    private static void CheckFieldInvariants(OcfCatalogEntry entry)
    {
        var names = entry.Fields.Select(f => f.FieldName).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(entry.Fields.Count, names.Count);
        var aliasOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in entry.Fields)
        {
            if (f.Default is { } def)
                Assert.True(OcfConfigurator.Coerce(f.BasicType, def) is { } c && c.Equals(def), $"{entry.Name}.{f.FieldName}: default {def} is not a {f.BasicType}");
            if (f.EnumValues is not null) Assert.NotEmpty(f.EnumValues);
            if (f.Secret) Assert.Equal(OcfBasicType.String, f.BasicType);
            foreach (var a in f.Aliases.Where(a => !names.Contains(a)))
            {
                Assert.False(aliasOwners.TryGetValue(a, out var other), $"{entry.Name}: alias '{a}' of both {other} and {f.FieldName}");
                aliasOwners[a] = f.FieldName;
                Assert.Same(f, OcfConfigurator.Find(entry.Fields, a));
            }
        }
        // The metadata survives the framework's own field codec.
        var back = OcfFieldCodec.FieldsFromValue(OcfFieldCodec.ToValue(entry.Fields));
        Assert.Equal(entry.Fields.Select(f => f.FieldName), back.Select(f => f.FieldName));
    }

    // ------------------------------------------------------------------ (b) fence_ipmilan field by field

    [Fact]
    public void Fence_ipmilan_fields()
    {
        if (!InstalledAgentsFixture.FenceAgentsExpected) return;
        var entry = fx.Get("fence_ipmilan");
        var d = Assert.IsType<FenceAgentDescription>(entry.Details);
        Assert.Equal("stonith", entry.PluginType);
        Assert.Equal("/usr/sbin/fence_ipmilan", entry.Source);
        Assert.Equal("Fence agent for IPMI", entry.Description);
        Assert.StartsWith("fence_ipmilan is an I/O Fencing agent", d.LongDescription);
        Assert.Null(d.VendorUrl); // <vendor-url></vendor-url>
        Assert.Contains(d.Symlinks, s => s.Name == "fence_ilo3" && s.ShortDescription == "Fence agent for HP iLO3");
        Assert.Contains(d.Symlinks, s => s.Name == "fence_idrac");
        Assert.Equal(["on", "off", "reboot", "status", "monitor", "metadata", "manpage", "validate-all", "diag"], d.ActionNames);
        Assert.False(d.Actions[0].Automatic);
        // The actions as plain data on the plugin: fencing.py publishes names and flags, no timeouts or intervals.
        Assert.Equal(d.ActionNames, entry.Actions.Select(a => a.Name));
        Assert.Equal(new Dictionary<string, string> { ["automatic"] = "0" }, entry.Actions[0].Attributes);
        Assert.All(entry.Actions.Skip(1), a => Assert.Empty(a.Attributes));
        Assert.All(entry.Actions, a => Assert.True(a.Timeout is null && a.Interval is null && a.Depth is null, a.Name));
        Assert.Equal(entry.Actions, OcfPluginActionCodec.ActionsFromValue(OcfPluginActionCodec.ToValue(entry.Actions)));
        Assert.DoesNotContain(entry.Fields, f => f.Unique); // fence agents have no unique parameters
        Assert.Empty(d.Warnings);
        Assert.Equal(41, d.Fields.Count); // from the agent's metadata
        // The stonith plugin adds Ocf's own ocf_hosts field (hosts a single-host agent fences), and nothing else.
        Assert.Equal(d.Fields.Select(f => f.FieldName).Append("ocf_hosts"), entry.Fields.Select(f => f.FieldName));

        OcfField F(string name) => entry.Fields.Single(f => f.FieldName == name);

        var action = F("action");
        Assert.True(action.Required);
        Assert.Equal(new OcfString("reboot"), action.Default);
        Assert.Equal("Fencing action", action.ShortText);

        var ip = F("ip");
        Assert.False(ip.Required); // ip or plug with --port-as-ip: neither is required by itself
        Assert.Equal(OcfBasicType.String, ip.BasicType);
        Assert.Equal(OcfSpecialTypes.Host, ip.SpecialType);
        Assert.Equal(["ipaddr"], ip.Aliases);
        Assert.False(ip.Deprecated);
        Assert.Equal("IP address or hostname of fencing device", ip.ShortText);
        Assert.Contains("-a, --ip=[ip]", ip.LongText);
        Assert.Equal("-a, --ip=[ip]", d.Getopt["ip"]);

        // obsoletes= sits on the new parameter; the old one is deprecated="1", kept, and has no alias of its own.
        var ipaddr = F("ipaddr");
        Assert.True(ipaddr.Deprecated);
        Assert.Empty(ipaddr.Aliases);
        Assert.Equal(OcfSpecialTypes.Host, ipaddr.SpecialType);
        Assert.Contains("use 'ip'", ipaddr.LongText);
        Assert.Equal(new Dictionary<string, string>
        {
            ["ip"] = "ipaddr", ["password"] = "passwd", ["password_script"] = "passwd_script", ["plug"] = "port",
            ["username"] = "login", ["debug_file"] = "debug", ["use_sudo"] = "sudo",
        }, d.Obsoletes);
        Assert.Equal(["debug", "ipaddr", "login", "passwd", "passwd_script", "port", "sudo"],
            entry.Fields.Where(f => f.Deprecated).Select(f => f.FieldName).Order(StringComparer.Ordinal));

        var ipport = F("ipport");
        Assert.Equal(OcfBasicType.Integer, ipport.BasicType);
        Assert.Equal(new OcfInteger(623), ipport.Default);
        Assert.Equal(OcfSpecialTypes.Port, ipport.SpecialType);

        Assert.Equal(["hexadecimal_kg", "passwd", "passwd_script", "password", "password_script"],
            entry.Fields.Where(f => f.Secret).Select(f => f.FieldName).Order(StringComparer.Ordinal));
        var password = F("password");
        Assert.Equal(["passwd"], password.Aliases); // its long option is --password: no extra alias
        Assert.Equal(["passwd_script", "password-script"], F("password_script").Aliases);
        Assert.Equal(OcfSpecialTypes.Path, F("password_script").SpecialType);
        Assert.Equal(["hexadecimal-kg"], F("hexadecimal_kg").Aliases);

        Assert.Equal(["login"], F("username").Aliases);
        Assert.Empty(F("login").Aliases); // its --username is the name of another parameter
        Assert.Equal(["port"], F("plug").Aliases);
        Assert.Equal(["debug", "debug-file"], F("debug_file").Aliases);
        Assert.Empty(F("debug").Aliases); // --debug-file already claimed by debug_file
        Assert.Equal(OcfSpecialTypes.Path, F("debug").SpecialType); // inherited from debug_file
        Assert.Equal(["sudo", "use-sudo"], F("use_sudo").Aliases);
        Assert.Equal(["verbose-level"], F("verbose_level").Aliases);
        Assert.Equal(["power-wait"], F("power_wait").Aliases);

        var lanplus = F("lanplus");
        Assert.Equal(OcfBasicType.Boolean, lanplus.BasicType);
        Assert.Equal(OcfBoolean.False, lanplus.Default);
        Assert.Equal(OcfBasicType.Boolean, F("quiet").BasicType);
        Assert.Null(F("quiet").Default);

        var cipher = F("cipher");
        Assert.Equal(OcfBasicType.String, cipher.BasicType);
        Assert.Null(cipher.Default);
        Assert.Null(cipher.EnumValues);
        Assert.False(cipher.Secret);

        var method = F("method");
        Assert.Equal(OcfBasicType.String, method.BasicType);
        Assert.Equal(["onoff", "cycle"], method.EnumValues);
        Assert.Equal(new OcfString("onoff"), method.Default);
        Assert.Equal(["callback", "user", "operator", "administrator"], F("privlvl").EnumValues);
        Assert.Equal(new OcfString("administrator"), F("privlvl").Default);
        Assert.Equal(["md5", "password", "none"], F("auth").EnumValues);
        Assert.False(F("auth").Secret);

        foreach (var (name, seconds) in new[] { ("power_wait", 2), ("power_timeout", 20), ("delay", 0), ("login_timeout", 5), ("shell_timeout", 3) })
        {
            Assert.Equal(OcfBasicType.Integer, F(name).BasicType); // fencing.py checks "second" values with int()
            Assert.Equal(OcfSpecialTypes.Seconds, F(name).SpecialType);
            Assert.Equal(new OcfInteger(seconds), F(name).Default);
        }
        Assert.Equal(new OcfString("2"), F("ipmitool_timeout").Default); // declared type="string"
        Assert.Equal(OcfSpecialTypes.Path, F("ipmitool_path").SpecialType);
        Assert.Equal(new OcfInteger(1), F("retry_on").Default);
        Assert.Equal(new OcfString(","), F("plug_separator").Default);
    }

    [Fact]
    public void Fence_ipmilan_configuration_through_the_configurator()
    {
        if (!InstalledAgentsFixture.FenceAgentsExpected) return;
        var entry = fx.Get("fence_ipmilan");
        var d = (FenceAgentDescription)entry.Details!;

        // Long option names and obsoleted names are accepted and resolved; strings coerced to the field types.
        var config = Map(("ip", "192.0.2.10"), ("username", "admin"), ("password", "s3cret"), ("lanplus", "1"),
            ("power-wait", "4"), ("password-script", "/usr/local/bin/pw"));
        Assert.Empty(OcfConfigurator.Validate(entry.Fields, config));
        var normalized = OcfConfigurator.Normalize(entry.Fields, config);
        Assert.Equal(OcfBoolean.True, normalized["lanplus"]);
        Assert.Equal(new OcfInteger(4), normalized["power_wait"]);
        Assert.Equal(new OcfString("/usr/local/bin/pw"), normalized["password_script"]);
        Assert.Equal(new OcfInteger(623), normalized["ipport"]); // default applied
        Assert.Equal(new OcfString("reboot"), normalized["action"]);

        var redacted = OcfConfigurator.Redact(entry.Fields, normalized);
        Assert.Equal(new OcfString(OcfConfigurator.RedactedText), redacted["password"]);
        Assert.Equal(new OcfString(OcfConfigurator.RedactedText), redacted["password_script"]);
        Assert.Equal(new OcfString("admin"), redacted["username"]);

        string stdin = d.ToStdin(normalized);
        var lines = stdin.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("ip=192.0.2.10", lines);
        Assert.Contains("lanplus=1", lines);
        Assert.Contains("power_wait=4", lines);
        Assert.Contains("password=s3cret", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("ipport=") || l.StartsWith("action=")); // defaults: the agent applies its own
        Assert.Contains("ipport=623", d.ToStdin(normalized, includeDefaults: true).Split('\n'));
        Assert.Throws<ArgumentException>(() => d.ToStdin(Map(("username", "admin\naction=off"))));

        var problems = OcfConfigurator.Validate(entry.Fields, Map(("ipport", "70000"), ("method", "bogus"), ("lanplus", "maybe")));
        Assert.Contains(problems, p => p.Path == "ipport" && p.Code == "BadSpecialType");
        Assert.Contains(problems, p => p.Path == "method" && p.Code == "NotInEnum");
        Assert.Contains(problems, p => p.Path == "lanplus" && p.Code == "WrongType");
        Assert.Contains(OcfConfigurator.Validate(entry.Fields, Map(("power_wait", "1.5"))), p => p.Code == "WrongType");
    }

    [Fact]
    public async Task The_stdin_text_drives_the_real_agent()
    {
        if (!InstalledAgentsFixture.FenceAgentsExpected) return;
        var d = (FenceAgentDescription)fx.Get("fence_ipmilan").Details!;
        // validate-all checks the options only (no device needed): fencing.py must accept what ToStdin writes.
        string good = d.ToStdin(Map(("action", "validate-all"), ("ip", "192.0.2.10"), ("username", "admin"), ("password", "x"), ("lanplus", true)));
        var ok = await AgentRunner.RunAsync("/usr/sbin/fence_ipmilan", standardInput: good, timeout: TimeSpan.FromSeconds(20));
        Assert.False(ok.TimedOut);
        Assert.True(ok.ExitCode == 0, $"exit {ok.ExitCode}: {ok.StandardError}");
        // and refuses what the metadata would refuse
        string bad = d.ToStdin(Map(("action", "validate-all"), ("ip", "192.0.2.10"), ("method", "bogus")));
        var refused = await AgentRunner.RunAsync("/usr/sbin/fence_ipmilan", standardInput: bad, timeout: TimeSpan.FromSeconds(20));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("method", refused.StandardError);
    }

    // ------------------------------------------------------------------ (c) ocf:heartbeat:Dummy field by field

    [Fact]
    public void Dummy_resource_agent_fields_and_actions()
    {
        if (!InstalledAgentsFixture.ResourceAgentsExpected) return;
        var entry = fx.Get("ocf:heartbeat:Dummy");
        var d = Assert.IsType<ResourceAgentDescription>(entry.Details);
        Assert.Equal(OcfPluginTypes.Resource, entry.PluginType);
        Assert.Equal(Path.Combine(InstalledAgentsFixture.OcfRoot, "resource.d", "heartbeat", "Dummy"), entry.Source);
        Assert.Equal("Dummy", d.Name);
        Assert.Equal("heartbeat", d.Provider);
        Assert.Equal("ocf:heartbeat:Dummy", d.QualifiedName);
        Assert.Equal("1.0", d.Version);
        Assert.Equal("1.0", entry.Version);
        Assert.Equal("1.0", d.OcfVersion);
        Assert.Equal("Example stateless resource agent", entry.Description);
        Assert.StartsWith("This is a Dummy Resource Agent.", d.LongDescription);
        Assert.Empty(d.Warnings);

        // The agent's parameters, then Ocf's own instance-name field (OCF_RESOURCE_INSTANCE).
        Assert.Equal(["state", "fake", "ocf_resource_instance"], entry.Fields.Select(f => f.FieldName));
        var state = entry.Fields[0];
        Assert.Equal(OcfBasicType.String, state.BasicType);
        Assert.False(state.Required);
        Assert.False(state.Secret);
        Assert.Equal("State file", state.ShortText);
        Assert.Equal("Location to store the resource state in.", state.LongText);
        var stateDefault = Assert.IsType<OcfString>(state.Default).Value;
        Assert.Matches(@"/Dummy-.+\.state$", stateDefault);
        var fake = entry.Fields[1];
        Assert.Equal(new OcfString("dummy"), fake.Default);
        Assert.Equal("Fake attribute that can be changed to cause a reload", fake.ShortText);
        Assert.Equal(["state"], d.UniqueFields);
        Assert.True(state.Unique); // unique="1" is on the field itself, so it travels with the field metadata
        Assert.False(fake.Unique);
        Assert.True(OcfFieldCodec.FieldsFromValue(OcfFieldCodec.ToValue(entry.Fields))[0].Unique);
        Assert.Empty(d.ReloadableFields);

        Assert.Equal(["start", "stop", "monitor", "reload", "migrate_to", "migrate_from", "meta-data", "validate-all"], d.ActionNames);
        foreach (var a in d.Actions.Where(a => a.Name != "meta-data")) Assert.Equal(TimeSpan.FromSeconds(20), a.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), d.Action("meta-data")!.Timeout);
        var monitor = d.Action("monitor")!;
        Assert.Equal(TimeSpan.FromSeconds(10), monitor.Interval);
        Assert.Equal(0, monitor.Depth);
        Assert.Null(monitor.Role);
        Assert.Equal("20s", monitor.Attributes["timeout"]);
        Assert.Null(d.Action("start")!.Interval);

        // The same actions as plain data on the plugin, with the timeouts and the interval Dummy publishes.
        Assert.Equal(d.ActionNames, entry.Actions.Select(a => a.Name));
        foreach (var a in entry.Actions)
            Assert.Equal(a.Name == "meta-data" ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(20), a.Timeout);
        var plainMonitor = entry.Actions.Single(a => a.Name == "monitor");
        Assert.Equal(new OcfPluginAction
        {
            Name = "monitor", Timeout = TimeSpan.FromSeconds(20), Interval = TimeSpan.FromSeconds(10), Depth = 0,
            Attributes = new Dictionary<string, string> { ["timeout"] = "20s", ["interval"] = "10s", ["depth"] = "0" },
        }, plainMonitor);
        Assert.All(entry.Actions.Where(a => a.Name != "monitor"), a => Assert.Null(a.Interval));
        var asData = OcfPluginActionCodec.ToValue(plainMonitor);
        Assert.Equal(new OcfInteger(20_000), asData["timeout_ms"]);
        Assert.Equal(new OcfInteger(10_000), asData["interval_ms"]);
        Assert.Equal(entry.Actions, OcfPluginActionCodec.ActionsFromValue(OcfPluginActionCodec.ToValue(entry.Actions)));
    }

    [Fact]
    public async Task Dummy_environment_mapping_drives_the_real_agent()
    {
        if (!InstalledAgentsFixture.ResourceAgentsExpected) return;
        var entry = fx.Get("ocf:heartbeat:Dummy");
        var d = (ResourceAgentDescription)entry.Details!;
        string dir = Directory.CreateTempSubdirectory("ocf-dummy-").FullName;
        try
        {
            string stateFile = Path.Combine(dir, "dummy.state");
            var normalized = OcfConfigurator.Normalize(entry.Fields, Map(("state", stateFile)));
            Assert.Equal(new OcfString("dummy"), normalized["fake"]); // default applied by the configurator …
            var env = d.ToEnvironment(normalized);
            Assert.Equal(new Dictionary<string, string> { ["OCF_RESKEY_state"] = stateFile }, env); // … but left to the agent
            var all = d.ToEnvironment(normalized, includeDefaults: true);
            Assert.Equal("dummy", all["OCF_RESKEY_fake"]);

            var run = new Dictionary<string, string?>(all.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value)))
            {
                ["OCF_ROOT"] = InstalledAgentsFixture.OcfRoot,
                ["OCF_RESOURCE_INSTANCE"] = "ocf-test",
            };
            async Task<int> Act(string action) =>
                (await AgentRunner.RunAsync(entry.Source, [action], environment: run, timeout: TimeSpan.FromSeconds(20))).ExitCode;
            Assert.Equal(7, await Act("monitor")); // OCF_NOT_RUNNING
            Assert.Equal(0, await Act("start"));
            Assert.True(File.Exists(stateFile), "Dummy start creates the state file named by OCF_RESKEY_state");
            Assert.Equal(0, await Act("monitor"));
            Assert.Equal(0, await Act("stop"));
            Assert.Equal(7, await Act("monitor"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Booleans_reach_agents_in_the_spelling_their_defaults_use()
    {
        if (!InstalledAgentsFixture.ResourceAgentsExpected) return;
        string Env(string agent, string param, bool value) =>
            ((ResourceAgentDescription)fx.Get(agent).Details!).ToEnvironment(Map((param, value)), includeDefaults: true)["OCF_RESKEY_" + param];

        Assert.Equal("no", Env("ocf:heartbeat:IPaddr", "ARP_BACKGROUND", false)); // IPaddr tests `case … in yes)`
        Assert.Equal("yes", Env("ocf:heartbeat:IPaddr", "ARP_BACKGROUND", true));
        Assert.Equal("1", Env("ocf:heartbeat:iface-vlan", "vlan_gvrp", true));
        Assert.Equal("YES", Env("ocf:heartbeat:tomcat", "catalina_rotate_log", true));
        Assert.Equal("true", Env("ocf:heartbeat:IPaddr2", "lvs_support", true));
        Assert.Equal("false", ResourceAgentMetadata.BooleanText(false, null));
    }

    // ------------------------------------------------------------------ (d) every resource agent

    [Fact]
    public async Task Every_installed_resource_agent_that_answers_meta_data_is_in_the_catalog()
    {
        if (!InstalledAgentsFixture.ResourceAgentsExpected) return;
        string resourceDir = Path.Combine(InstalledAgentsFixture.OcfRoot, "resource.d");
        Assert.True(File.Exists(Path.Combine(resourceDir, "heartbeat", "Dummy")), "resource-agents must be installed on Linux (apt-get install resource-agents)");

        var files = Directory.GetDirectories(resourceDir)
            .SelectMany(p => Directory.GetFiles(p).Where(f => !Path.GetFileName(f).StartsWith('.') && IsExecutable(f)))
            .ToArray();
        var answered = await RunAll(files, _ => ["meta-data"], new Dictionary<string, string> { ["OCF_ROOT"] = InstalledAgentsFixture.OcfRoot });
        var answering = answered.Where(a => a.Value == 0)
            .Select(a => $"ocf:{Path.GetFileName(Path.GetDirectoryName(a.Key))}:{Path.GetFileName(a.Key)}")
            .Order(StringComparer.Ordinal).ToArray();

        var resources = fx.Entries.Where(e => e.PluginType == OcfPluginTypes.Resource).Select(e => e.Name).Order(StringComparer.Ordinal).ToArray();
        output.WriteLine($"{files.Length} resource agents, {answering.Length} answer meta-data; catalog: {resources.Length} resource entries");
        Assert.Equal(answering, resources);
        Assert.DoesNotContain(fx.Catalog.Failures, f => f.PluginType == OcfPluginTypes.Resource && answering.Contains(f.Name));

        int warned = 0;
        foreach (var entry in fx.Entries.Where(e => e.PluginType == OcfPluginTypes.Resource))
        {
            var d = Assert.IsType<ResourceAgentDescription>(entry.Details);
            Assert.Equal(entry.Name, d.QualifiedName);
            Assert.Contains("meta-data", d.ActionNames);
            Assert.All(d.UniqueFields, u => Assert.Contains(entry.Fields, f => f.FieldName == u));
            CheckFieldInvariants(entry);
            if (d.Warnings.Count > 0) { warned++; output.WriteLine($"{entry.Name}: {string.Join("; ", d.Warnings)}"); }
        }
        output.WriteLine($"{warned} agents with metadata oddities (imported anyway)");

        // Metadata that contradicts itself is imported faithfully as strings: pingd's "name" is declared integer with default "pingd".
        if (fx.Entries.SingleOrDefault(e => e.Name == "ocf:heartbeat:pingd") is { } pingd)
        {
            var name = pingd.Fields.Single(f => f.FieldName == "name");
            Assert.Equal(OcfBasicType.String, name.BasicType);
            Assert.Equal(new OcfString("pingd"), name.Default);
        }
        // Passwords are recognised by name in resource agents too.
        if (fx.Entries.SingleOrDefault(e => e.Name == "ocf:heartbeat:mysql") is { } mysql)
        {
            Assert.True(mysql.Fields.Single(f => f.FieldName == "replication_passwd").Secret);
            Assert.False(mysql.Fields.Single(f => f.FieldName == "replication_port").Secret);
        }
    }

    [Fact]
    public void The_import_is_fast_and_cached()
    {
        output.WriteLine($"import of {fx.Entries.Count} agents: {fx.ImportTime.TotalSeconds:0.00} s (parallel, {fx.Catalog.Options.MaxDegreeOfParallelism} at once)");
        Assert.Same(fx.Entries, fx.Catalog.Enumerate());
        Assert.Same(fx.Catalog.GetImport(), fx.Catalog.GetImport());
        if (fx.Entries.Count > 0) Assert.True(fx.ImportTime < TimeSpan.FromSeconds(60), $"import took {fx.ImportTime}");
    }

    [Fact]
    public void The_plugin_manager_lists_the_agents_through_the_loaded_module()
    {
        if (!InstalledAgentsFixture.FenceAgentsExpected) return;
        var manager = new OcfPluginManager();
        var module = manager.LoadModule(typeof(ExternalAgentCatalog).Assembly.Location);
        Assert.Equal("Ocf.Plugins.External", module.Name);
        var plugins = manager.GetPlugins(includeCatalogs: true);
        Assert.Contains(plugins, p => p.Type == OcfPluginTypes.Catalog && p.Name == "external-agents");
        var ipmi = Assert.Single(plugins, p => p.Type == OcfPluginTypes.Stonith && p.Name == "fence_ipmilan");
        Assert.Equal("Ocf.Plugins.External", ipmi.Module);
        Assert.Contains(ipmi.Fields, f => f.FieldName == "ipport" && f.SpecialType == OcfSpecialTypes.Port);
        Assert.Contains(ipmi.Actions, a => a.Name == "reboot");
        if (InstalledAgentsFixture.ResourceAgentsExpected)
        {
            var dummy = Assert.Single(plugins, p => p.Type == OcfPluginTypes.Resource && p.Name == "ocf:heartbeat:Dummy");
            Assert.Equal(TimeSpan.FromSeconds(10), dummy.Actions.Single(a => a.Name == "monitor").Interval);
            Assert.True(dummy.Fields.Single(f => f.FieldName == "state").Unique);
        }
        Assert.Equal(fx.Entries.Count, plugins.Count(p => p.Type is OcfPluginTypes.Stonith or OcfPluginTypes.Resource));
    }

    [Fact]
    public void The_plugin_manager_finds_one_agent_by_name_without_listing_them_all()
    {
        if (!InstalledAgentsFixture.FenceAgentsExpected) return;
        var manager = new OcfPluginManager();
        manager.LoadModule(typeof(ExternalAgentCatalog).Assembly.Location);
        var ipmi = manager.FindPlugin(OcfPluginTypes.Stonith, "fence_ipmilan");
        Assert.NotNull(ipmi);
        Assert.True(ipmi.IsFromCatalog);
        Assert.Contains(ipmi.Fields, f => f.FieldName == "ipport" && f.SpecialType == OcfSpecialTypes.Port);
        using (var lease = manager.AcquireAny<Ocf.Stonith.IOcfStonithPlugin>(OcfPluginTypes.Stonith, "fence_ipmilan"))
            Assert.NotNull(lease);
        using (var catalog = manager.Acquire<IOcfPluginCatalog>(OcfPluginTypes.Catalog, "external-agents"))
            // The module lives in its own load context, so read the flag by reflection: one agent ran, not the whole listing.
            Assert.False((bool)catalog.Instance.GetType().GetProperty(nameof(ExternalAgentCatalog.IsListingCached))!.GetValue(catalog.Instance)!);
        Assert.Null(manager.FindPlugin(OcfPluginTypes.Stonith, "fence_no_such_agent"));
    }

    [Fact]
    public void A_leased_fence_agent_holds_the_catalog_module_that_provides_it()
    {
        if (!InstalledAgentsFixture.FenceAgentsExpected) return;
        var manager = new OcfPluginManager();
        manager.LoadModule(typeof(ExternalAgentCatalog).Assembly.Location);
        var lease = manager.AcquireAny<Ocf.Stonith.IOcfStonithPlugin>(OcfPluginTypes.Stonith, "fence_ipmilan")!;

        var refused = Assert.Throws<OcfPluginException>(() => manager.UnloadModule("Ocf.Plugins.External"));

        Assert.Equal(OcfPluginErrorKind.InUse, refused.Kind);
        Assert.Equal("The module 'Ocf.Plugins.External' cannot be unloaded: catalog/external-agents (1 in use).", refused.Message);
        lease.Dispose();
        manager.UnloadModule("Ocf.Plugins.External");
    }

    // ------------------------------------------------------------------ helpers

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && File.Exists(path) &&
        (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    /// <summary>Runs each file with plain <see cref="Process"/> (not the code under test), a few at a time; path → exit code (-1 on timeout).</summary>
    private static async Task<Dictionary<string, int>> RunAll(IEnumerable<string> files, Func<string, string[]> args, Dictionary<string, string>? env)
    {
        var result = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount * 2) }, async (file, ct) =>
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args(file)) psi.ArgumentList.Add(a);
            if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
            using var p = Process.Start(psi)!;
            p.StandardInput.Close();
            var o = p.StandardOutput.ReadToEndAsync(ct);
            var e = p.StandardError.ReadToEndAsync(ct);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await p.WaitForExitAsync(timeout.Token);
                await Task.WhenAll(o, e);
                result[file] = p.ExitCode;
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync(CancellationToken.None);
                result[file] = -1;
            }
        });
        return new Dictionary<string, int>(result);
    }
}
