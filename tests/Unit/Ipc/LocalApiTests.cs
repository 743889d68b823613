using System.Diagnostics;
using System.Text.Json;
using Ocf.Data;
using Ocf.Encoding.XmlRpc;
using Ocf.Ipc;
using Ocf.Rpc;
using Ocf.Tests.Node;
using Xunit;

namespace Ocf.Tests.Ipc;

/// <summary>
/// The local client-server API end to end: real ocfd processes with their sockets in a temp folder, clients in .NET
/// (OcfIpcClient), python (xmlrpc.client) and curl; client registration, subscriptions and the long poll; access by
/// peer credentials. Every process started here is killed on dispose.
/// </summary>
/// <summary>A fact that runs on Windows only (the named-pipe side of the local API).</summary>
public sealed class WindowsFactAttribute : FactAttribute
{
    public WindowsFactAttribute()
    {
        if (!OperatingSystem.IsWindows()) Skip = "Windows only: the named pipe's access list.";
    }
}

public class LocalApiTests
{
    private static OcfMap Struct(OcfValue v) => Assert.IsType<OcfMap>(v);
    private static long Int(OcfValue v) => Assert.IsType<OcfInteger>(v).Value;

    private static void WaitForApi(DaemonProcess p) =>
        Assert.True(p.WaitFor(l => l.StartsWith("EVENT api ", StringComparison.Ordinal), TimeSpan.FromSeconds(30)) is not null, p.Transcript);

    [UnixSocketFact]
    public void Register_subscribe_and_wait_receive_a_view_change_when_a_node_joins()
    {
        using var cluster = new DaemonCluster(2);
        var n1 = cluster.Start("n1");
        WaitForApi(n1);
        using var client = OcfIpcClient.Connect(cluster.SocketPath("n1"));
        long id = Int(client.Call(OcfLocalApiMethods.Register, "xunit", (long)Environment.ProcessId));
        Assert.True(id > 0);
        var topics = Assert.IsType<OcfList>(client.Call(OcfLocalApiMethods.Subscribe, new OcfList([new OcfString("membership.*")])));
        Assert.Equal([new OcfString("membership.*")], topics);
        var me = Assert.Single(((OcfList)client.Call(OcfLocalApiMethods.ListClients)).Cast<OcfMap>());
        Assert.Equal(new OcfString("xunit"), me["name"]);
        Assert.Equal(new OcfInteger(Environment.ProcessId), me["pid"]);

        cluster.Start("n2");
        OcfMap? joined = null;
        var seen = new List<string>();
        for (int i = 0; i < 12 && joined is null; i++)
        {
            var answer = Struct(client.Call(OcfLocalApiMethods.Wait, 5.0));
            Assert.Equal(0, Int(answer["dropped"]));
            foreach (var e in ((OcfList)answer["events"]).Cast<OcfMap>())
            {
                string topic = ((OcfString)e["topic"]).Value;
                seen.Add(topic);
                Assert.StartsWith("membership.", topic);
                if (topic == "membership.view" && ((OcfList)Struct(e["data"])["joined"]).Contains(new OcfInteger(2))) joined = Struct(e["data"]);
            }
        }
        Assert.True(joined is not null, $"no view with node 2 joined; topics seen: {string.Join(", ", seen)}\n{n1.Transcript}");
        var members = ((OcfList)joined["members"]).Cast<OcfMap>().Select(m => ((OcfString)m["name"]).Value).ToArray();
        Assert.Equal(["n1", "n2"], members);
        Assert.Contains("membership.node", seen);   // n2's Up came before (or with) the view
    }

    [UnixSocketFact]
    public async Task A_disconnected_clients_registration_and_subscription_disappear()
    {
        var hub = new OcfEventHub(queueCapacity: 4);
        var registry = new OcfRpcRegistry();
        OcfLocalApiMethods.RegisterMethods(registry, hub);
        await using var h = new IpcServerHarness(registry: registry);
        h.Server.ConnectionClosed += id => hub.Disconnect(id);

        using var observer = OcfIpcClient.Connect(h.SocketPath);
        observer.Call(OcfLocalApiMethods.Register, "observer");
        var leaver = OcfIpcClient.Connect(h.SocketPath);
        long leaverId = Int(leaver.Call(OcfLocalApiMethods.Register, "leaver"));
        leaver.Call(OcfLocalApiMethods.Subscribe, new OcfList([new OcfString("test.*")]));

        // Bounded queue: six events into a queue of four drop the two oldest, and the next wait says so.
        for (int i = 0; i < 6; i++) Assert.Equal(1, hub.Publish("test.tick", new OcfInteger(i)));
        var answer = Struct(leaver.Call(OcfLocalApiMethods.Wait, 0.0));
        Assert.Equal(2, Int(answer["dropped"]));
        Assert.Equal([2L, 3L, 4L, 5L], ((OcfList)answer["events"]).Cast<OcfMap>().Select(e => Int(e["data"])));

        var names = () => ((OcfList)observer.Call(OcfLocalApiMethods.ListClients)).Cast<OcfMap>().Select(c => ((OcfString)c["name"]).Value).ToArray();
        Assert.Equal(["observer", "leaver"], names());
        leaver.Dispose();
        var deadline = Stopwatch.StartNew();
        while (names().Contains("leaver") && deadline.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(20);
        Assert.Equal(["observer"], names());
        Assert.Equal(0, hub.Publish("test.tick", new OcfInteger(7)));   // nobody subscribed any more
        Assert.DoesNotContain(hub.Clients, c => c.ClientId == leaverId);

        // A new connection is a new client: it must register before it may subscribe.
        using var stranger = OcfIpcClient.Connect(h.SocketPath);
        var fault = Assert.Throws<OcfRpcException>(() => stranger.Call(OcfLocalApiMethods.Subscribe, new OcfList([new OcfString("test.*")])));
        Assert.Equal(OcfLocalApiFaults.NotRegistered, fault.FaultCode);
    }

    [UnixSocketFact]
    public async Task A_pending_long_poll_returns_when_an_event_is_published()
    {
        var hub = new OcfEventHub();
        var registry = new OcfRpcRegistry();
        OcfLocalApiMethods.RegisterMethods(registry, hub);
        await using var h = new IpcServerHarness(o => o with { RequestTimeout = TimeSpan.FromSeconds(1) }, registry);
        h.Server.ConnectionClosed += id => hub.Disconnect(id);
        using var client = OcfIpcClient.Connect(h.SocketPath);
        client.Call(OcfLocalApiMethods.Register, "poller");
        client.Call(OcfLocalApiMethods.Subscribe, new OcfList([new OcfString("*")]));
        var wait = client.CallAsync(OcfLocalApiMethods.Wait, [new OcfDouble(60)]);
        while (hub.Clients.Single().Queued == 0 && !wait.IsCompleted)
        {
            hub.Publish("leader.elected", new OcfMapBuilder().Add("leader", "n1").Build());
            await Task.Delay(50);
        }
        var answer = Struct(await wait);
        var e = Struct(Assert.IsType<OcfList>(answer["events"])[0]);
        Assert.Equal(new OcfString("leader.elected"), e["topic"]);
        Assert.Equal(new OcfString("n1"), Struct(e["data"])["leader"]);
        // The connection survives a long poll longer than the request timeout and serves the next call.
        Assert.Contains(new OcfString("leader.elected"), (OcfList)client.Call(OcfLocalApiMethods.Topics));
    }

    [UnixSocketFact]
    public async Task A_client_that_leaves_during_a_long_poll_is_dropped_at_once()
    {
        var hub = new OcfEventHub();
        var registry = new OcfRpcRegistry();
        OcfLocalApiMethods.RegisterMethods(registry, hub);
        await using var h = new IpcServerHarness(registry: registry);
        h.Server.ConnectionClosed += id => hub.Disconnect(id);
        var client = OcfIpcClient.Connect(h.SocketPath);
        client.Call(OcfLocalApiMethods.Register, "impatient");
        client.Call(OcfLocalApiMethods.Subscribe, new OcfList([new OcfString("*")]));
        var wait = client.CallAsync(OcfLocalApiMethods.Wait, [new OcfDouble(300)]);
        var deadline = Stopwatch.StartNew();
        while (h.Server.ActiveConnections == 0 || h.Server.RequestsServed < 2) await Task.Delay(10);   // the wait is running
        client.Dispose();   // the client goes away mid-poll
        await Assert.ThrowsAnyAsync<Exception>(() => wait);
        while (hub.Clients.Count > 0 && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
        Assert.Empty(hub.Clients);   // gone long before the 300 s poll would have ended
        Assert.Equal(0, h.Server.ActiveConnections);
    }

    [UnixSocketFact]
    public void Python_xmlrpc_client_registers_subscribes_and_waits_on_a_real_ocfd()
    {
        using var cluster = new DaemonCluster(2);
        var n1 = cluster.Start("n1");
        WaitForApi(n1);
        var psi = new ProcessStartInfo(Processes.Which("python3"))
        {
            ArgumentList = { Processes.Script, cluster.SocketPath("n1"), "events", "membership.view", "2" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var python = Process.Start(psi)!;
        try
        {
            var stdout = python.StandardOutput.ReadToEndAsync();
            var stderr = python.StandardError.ReadToEndAsync();
            // Start n2 once the python client has registered and subscribed (the API itself says so).
            using (var observer = OcfIpcClient.Connect(cluster.SocketPath("n1")))
            {
                var deadline = Stopwatch.StartNew();
                while (!((OcfList)observer.Call(OcfLocalApiMethods.ListClients)).Cast<OcfMap>().Any(c => c["name"].Equals(new OcfString("python-test")) && ((OcfList)c["topics"]).Count == 1))
                {
                    if (deadline.Elapsed > TimeSpan.FromSeconds(30) || python.HasExited)
                    {
                        if (!python.HasExited) python.Kill(entireProcessTree: true);
                        Assert.Fail($"the python client did not subscribe: {stderr.Result}");
                    }
                    Thread.Sleep(20);
                }
            }
            var n2 = cluster.Start("n2");
            Assert.True(python.WaitForExit(90_000));
            python.WaitForExit();
            Assert.True(python.ExitCode == 0, stderr.Result);
            var lines = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.StartsWith("READY ", lines[0]);
            string json = lines[^1];
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            Assert.True(root.TryGetProperty("cluster", out _), $"no view with node 2 joined: {json}\n{n1.Transcript}\nN2 (exited: {n2.HasExited}):\n{n2.Transcript}");
            Assert.Equal("daemons", root.GetProperty("cluster").GetString());
            Assert.Equal("membership.view", root.GetProperty("topics")[0].GetString());
            var view = root.GetProperty("view");
            Assert.Equal(JsonValueKind.Object, view.ValueKind);
            Assert.Equal([1, 2], view.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("nodeId").GetInt32()));
            Assert.All(root.GetProperty("seen").EnumerateArray(), t => Assert.Equal("membership.view", t.GetString()));
        }
        finally
        {
            if (!python.HasExited) python.Kill(entireProcessTree: true);
        }
    }

    [UnixSocketFact]
    public void Curl_calls_a_real_ocfd_and_root_is_allowed()
    {
        using var cluster = new DaemonCluster(1);
        var n1 = cluster.Start("n1");
        WaitForApi(n1);
        string callFile = Path.Combine(cluster.Directory, "call.xml");
        File.WriteAllText(callFile, IpcServerHarness.Call(OcfNodeRpcMethods.Membership));
        var (code, stdout, stderr) = Processes.Run(Processes.Which("curl"),
            ["-sS", "--max-time", "20", "--unix-socket", cluster.SocketPath("n1"), "-H", "Content-Type: text/xml", "--data-binary", "@" + callFile, "http://localhost/RPC2"]);
        Assert.True(code == 0, stderr);
        var membership = Struct(Assert.IsType<XmlRpcMethodResponse>(XmlRpcCodec.Instance.DecodeMessage(stdout)).Value);
        Assert.Equal(new OcfString("daemons"), membership["cluster"]);
        Assert.Equal(new OcfString("n1"), membership["node"]);

        File.WriteAllText(callFile, IpcServerHarness.Call("system.listMethods"));
        (code, stdout, stderr) = Processes.Run(Processes.Which("curl"),
            ["-sS", "--max-time", "20", "--unix-socket", cluster.SocketPath("n1"), "--data-binary", "@" + callFile, "http://localhost/"]);
        Assert.True(code == 0, stderr);
        var methods = Assert.IsType<OcfList>(Assert.IsType<XmlRpcMethodResponse>(XmlRpcCodec.Instance.DecodeMessage(stdout)).Value);
        foreach (var m in new[] { "ocf.client.register", "ocf.events.subscribe", "ocf.events.wait", "ocf.nodes", "ocf.stonith.status", "ocf.stonith.reset", "ocf.api.status" })
            Assert.Contains(new OcfString(m), methods);
    }

    [UnixSocketFact]
    public void A_client_of_another_user_is_refused_by_peer_credentials_and_counted()
    {
        if (OcfPeerCredentials.EffectiveUserId() != 0) return;   // needs root to switch to nobody (and root is the allowed user here)
        using var cluster = new DaemonCluster(1);
        var n1 = cluster.Start("n1");
        WaitForApi(n1);
        // Everyone may reach and open the socket: a refusal can only come from SO_PEERCRED, not from file modes.
        File.SetUnixFileMode(cluster.Directory, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(cluster.SocketPath("n1"), (UnixFileMode)0b110_110_110);
        string script = Path.Combine(cluster.Directory, "client.py");
        File.Copy(Processes.Script, script);
        File.SetUnixFileMode(script, (UnixFileMode)0b110_100_100);
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : Processes.Which("python3");
        var (code, stdout, stderr) = Processes.Run(Processes.Which("setpriv"),
            ["--reuid=65534", "--regid=65534", "--clear-groups", python, script, cluster.SocketPath("n1"), "denied"]);
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
            Assert.Equal(403, doc.RootElement.GetProperty("errcode").GetInt32());

        // Root is allowed, and the daemon counted and logged the refusal.
        using var client = OcfIpcClient.Connect(cluster.SocketPath("n1"));
        var status = Struct(client.Call(Ocf.Node.OcfNodeHost.ApiStatusMethod));
        Assert.Equal(1, Int(status["connectionsRefused"]));
        Assert.Equal(new OcfString(cluster.SocketPath("n1")), status["endpoint"]);
        var deadline = Stopwatch.StartNew();
        while (!n1.StandardError.Any(l => l.Contains("refused a client", StringComparison.Ordinal)) && deadline.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(20);
        Assert.Contains(n1.StandardError, l => l.Contains("refused a client", StringComparison.Ordinal) && l.Contains("uid 65534", StringComparison.Ordinal));
    }

    [UnixSocketFact]
    public void A_second_daemon_on_a_busy_socket_refuses_to_start()
    {
        using var cluster = new DaemonCluster(2);
        var n1 = cluster.Start("n1");
        WaitForApi(n1);
        var n2 = cluster.Start("n2", "--socket", cluster.SocketPath("n1"));   // the later --socket wins
        Assert.True(n2.WaitForExit(TimeSpan.FromSeconds(60)), n2.Transcript);
        Assert.Equal(4, n2.ExitCode);
        Assert.Contains(n2.StandardError, l => l.Contains("cannot open the local API", StringComparison.Ordinal));
        Assert.DoesNotContain(n2.Lines, l => l.StartsWith("EVENT started", StringComparison.Ordinal));   // it never joined
        using var client = OcfIpcClient.Connect(cluster.SocketPath("n1"));
        Assert.Equal(new OcfString("n1"), Struct(client.Call(OcfNodeRpcMethods.Membership))["node"]);   // n1 keeps its socket
    }

    [Fact]
    public void Default_endpoints_are_per_cluster_and_node()
    {
        string endpoint = OcfIpcServerOptions.DefaultEndpoint("lab", "n1");
        if (OperatingSystem.IsWindows()) Assert.Equal("ocf-lab-n1", endpoint);
        else
        {
            Assert.EndsWith("/lab-n1.sock", endpoint);
            if (OcfPeerCredentials.EffectiveUserId() == 0) Assert.Equal("/run/ocf/lab-n1.sock", endpoint);
        }
    }

    [WindowsFact]
    public void Windows_pipe_acl_admits_administrators_system_the_owner_and_the_group_and_denies_the_network()
    {
        if (!OperatingSystem.IsWindows()) return;
        var security = OcfPipeSecurity.CreateSecurity("S-1-5-32-545");   // BUILTIN\Users as the API group
        var rules = security.GetAccessRules(true, false, typeof(System.Security.Principal.SecurityIdentifier))
            .Cast<System.IO.Pipes.PipeAccessRule>().ToArray();
        string[] sids = [.. rules.Select(r => r.IdentityReference.Value)];
        Assert.Contains("S-1-5-32-544", sids);   // Administrators
        Assert.Contains("S-1-5-18", sids);       // LocalSystem
        Assert.Contains("S-1-5-32-545", sids);
        using (var me = System.Security.Principal.WindowsIdentity.GetCurrent()) Assert.Contains(me.User!.Value, sids);
        Assert.Contains(rules, r => r.IdentityReference.Value == "S-1-5-2" && r.AccessControlType == System.Security.AccessControl.AccessControlType.Deny);
        Assert.True(security.AreAccessRulesProtected);
    }

    [Fact]
    public void Topic_patterns_match_exactly_by_prefix_or_all()
    {
        Assert.True(OcfEventHub.Matches("*", "group.joined"));
        Assert.True(OcfEventHub.Matches("membership.*", "membership.view"));
        Assert.False(OcfEventHub.Matches("membership.*", "membershipx.view"));
        Assert.True(OcfEventHub.Matches("membership.view", "membership.view"));
        Assert.False(OcfEventHub.Matches("membership.view", "membership.views"));
    }
}
