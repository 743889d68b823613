using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Ocf.Data;
using Ocf.Encoding.XmlRpc;
using Ocf.Ipc;
using Ocf.Rpc;
using Xunit;

namespace Ocf.Tests.Ipc;

public class OcfIpcServerTests
{
    private const string Add = "<param><value><int>2</int></value></param><param><value><int>3</int></value></param>";

    private static XmlRpcMessage BodyMessage(string response)
    {
        int i = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(i > 0, response);
        return XmlRpcCodec.Instance.DecodeMessage(response[(i + 4)..]);
    }

    [UnixSocketFact]
    public async Task Python_xmlrpc_client_over_the_unix_socket()
    {
        await using var h = new IpcServerHarness();
        var (code, stdout, stderr) = Processes.Run(Processes.Which("python3"), [Processes.Script, h.SocketPath, "suite"]);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        var methods = root.GetProperty("methods").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Contains("system.multicall", methods);
        Assert.Contains("test.add", methods);
        Assert.StartsWith("Adds two integers.", root.GetProperty("help").GetString());
        Assert.Equal("[[\"int\",\"int\",\"int\"]]", root.GetProperty("signature").GetRawText().Replace(" ", ""));
        Assert.Equal(42, root.GetProperty("add").GetInt32());
        var mc = root.GetProperty("multicall").EnumerateArray().ToArray();
        Assert.Equal(3, mc[0].GetProperty("ok").GetInt32());
        Assert.Equal(-32602, mc[1].GetProperty("fault")[0].GetInt32());
        Assert.Contains("test.add", mc[2].GetProperty("ok").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(-32602, root.GetProperty("bad")[0].GetInt32());
        Assert.Equal(-32601, root.GetProperty("unknown")[0].GetInt32());
        Assert.Equal(0, h.Server.ConnectionsRefused);
    }

    [UnixSocketFact]
    public async Task Curl_unix_socket()
    {
        await using var h = new IpcServerHarness();
        string callFile = Path.Combine(h.Directory, "call.xml");
        File.WriteAllText(callFile, IpcServerHarness.Call("test.add", Add));
        var (code, stdout, stderr) = Processes.Run(Processes.Which("curl"),
            ["-sS", "--max-time", "20", "--unix-socket", h.SocketPath, "-H", "Content-Type: text/xml", "--data-binary", "@" + callFile, "http://localhost/RPC2"]);
        Assert.True(code == 0, stderr);
        var response = Assert.IsType<XmlRpcMethodResponse>(XmlRpcCodec.Instance.DecodeMessage(stdout));
        Assert.Equal(new OcfInteger(5), response.Value);

        // A body above 1 KiB makes curl send Expect: 100-continue.
        File.WriteAllText(callFile, IpcServerHarness.Call("test.echo", $"<param><value><string>red</string></value></param>") + new string(' ', 4000));
        (code, stdout, stderr) = Processes.Run(Processes.Which("curl"),
            ["-sS", "--max-time", "20", "--unix-socket", h.SocketPath, "--data-binary", "@" + callFile, "http://localhost/"]);
        Assert.True(code == 0, stderr);
        Assert.Equal(new OcfString("red"), Assert.IsType<XmlRpcMethodResponse>(XmlRpcCodec.Instance.DecodeMessage(stdout)).Value);
    }

    [UnixSocketFact]
    public async Task Unauthorised_user_gets_403_and_is_counted()
    {
        if (OcfPeerCredentials.EffectiveUserId() != 0) return;   // needs root to switch to nobody
        await using var h = new IpcServerHarness(o => o with { SocketFileMode = (UnixFileMode)0b110_110_110 });
        File.SetUnixFileMode(h.Directory, (UnixFileMode)0b111_111_111);
        string script = Path.Combine(h.Directory, "client.py");
        File.Copy(Processes.Script, script);
        File.SetUnixFileMode(script, (UnixFileMode)0b110_100_100);
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : Processes.Which("python3");
        var (code, stdout, stderr) = Processes.Run(Processes.Which("setpriv"),
            ["--reuid=65534", "--regid=65534", "--clear-groups", python, script, h.SocketPath, "denied"]);
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(403, doc.RootElement.GetProperty("errcode").GetInt32());
        Assert.Equal(1, h.Server.ConnectionsRefused);

        // The same client as root is served.
        (code, stdout, stderr) = Processes.Run(python, [script, h.SocketPath, "denied"]);
        Assert.True(code == 0, stderr);
        Assert.Contains("\"errcode\": 0", stdout);
    }

    [UnixSocketFact]
    public async Task Access_rule_root_own_user_and_allowed_group()
    {
        await using var h = new IpcServerHarness(o => o with { AllowedGroupId = 4242 });
        uint me = OcfPeerCredentials.EffectiveUserId();
        Assert.True(h.Server.IsAllowed(new OcfPeerCredentials(1, 0, 0)));
        Assert.True(h.Server.IsAllowed(new OcfPeerCredentials(1, me, 77)));
        Assert.True(h.Server.IsAllowed(new OcfPeerCredentials(1, 65534, 4242)));
        Assert.False(h.Server.IsAllowed(new OcfPeerCredentials(int.MaxValue, 65534, 65534)));
        Assert.False(h.Server.IsAllowed(null));

        using var s = h.Connect();
        var peer = OcfPeerCredentials.FromSocket(s);
        Assert.NotNull(peer);
        Assert.Equal(Environment.ProcessId, peer!.ProcessId);
        Assert.Equal(me, peer.UserId);
    }

    [UnixSocketFact]
    public async Task Socket_file_mode_stale_socket_and_cleanup()
    {
        var h = new IpcServerHarness();
        string path = h.SocketPath;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(path));
        // A second server on a live socket refuses to start.
        var second = new OcfIpcServer(new OcfRpcDispatcher(new OcfRpcRegistry()), new OcfIpcServerOptions { Endpoint = path });
        Assert.Throws<InvalidOperationException>(second.Start);
        await second.DisposeAsync();
        string dir = h.Directory;
        await h.Server.StopAsync();
        Assert.False(File.Exists(path));
        // A stale socket file (bound, nobody listening) is replaced.
        using var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        stale.Bind(new UnixDomainSocketEndPoint(path));
        Assert.True(File.Exists(path));
        await using var third = new OcfIpcServer(new OcfRpcDispatcher(new OcfRpcRegistry()), new OcfIpcServerOptions { Endpoint = path });
        third.Start();
        await third.StopAsync();
        await h.DisposeAsync();
        Assert.False(Directory.Exists(dir));
    }

    [UnixSocketFact]
    public async Task Malformed_http_gets_400_and_other_errors_their_status()
    {
        await using var h = new IpcServerHarness();
        Assert.StartsWith("HTTP/1.1 400 ", await h.RawAsync("GARBAGE\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 400 ", await h.RawAsync("POST /RPC2 HTTP/1.1\r\nNoColonHere\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 400 ", await h.RawAsync("POST /RPC2 HTTP/1.1\r\nContent-Length: abc\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 400 ", await h.RawAsync("POST /RPC2 HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 400 ", await h.RawAsync(new byte[] { (byte)'P', 0xFF, 0x00, (byte)'\r', (byte)'\n', (byte)'\r', (byte)'\n' }));
        Assert.StartsWith("HTTP/1.1 505 ", await h.RawAsync("POST / HTTP/2.0\r\n\r\n"));
        var get = await h.RawAsync("GET /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 405 ", get);
        Assert.Contains("Allow: POST", get);
        Assert.StartsWith("HTTP/1.1 404 ", await h.RawAsync(IpcServerHarness.Post("x", "/elsewhere")));
        Assert.StartsWith("HTTP/1.1 411 ", await h.RawAsync("POST / HTTP/1.1\r\nHost: x\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 501 ", await h.RawAsync("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
        Assert.StartsWith("HTTP/1.1 431 ", await h.RawAsync("POST / HTTP/1.1\r\nX-Big: " + new string('a', 20_000) + "\r\n\r\n"));
        Assert.True(h.Server.BadRequests >= 11);
        // Still serving.
        Assert.Equal(new OcfInteger(5), ((XmlRpcMethodResponse)BodyMessage(await h.RawAsync(IpcServerHarness.Post(IpcServerHarness.Call("test.add", Add), extraHeaders: "Connection: close\r\n")))).Value);
    }

    [UnixSocketFact]
    public async Task Oversized_body_gets_413_without_reading_it()
    {
        await using var h = new IpcServerHarness();
        var response = await h.RawAsync($"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: {2 * 1024 * 1024}\r\n\r\n<methodCall>");
        Assert.StartsWith("HTTP/1.1 413 ", response);
        await using var small = new IpcServerHarness(o => o with { MaxBodyBytes = 100 });
        Assert.StartsWith("HTTP/1.1 413 ", await small.RawAsync(IpcServerHarness.Post(IpcServerHarness.Call("test.add", Add))));
    }

    [UnixSocketFact]
    public async Task Malformed_xml_gets_a_parse_error_fault_over_http()
    {
        await using var h = new IpcServerHarness();
        var response = await h.RawAsync(IpcServerHarness.Post("<methodCall><methodName>x</methodName", extraHeaders: "Connection: close\r\n"));
        Assert.StartsWith("HTTP/1.1 200 ", response);
        Assert.Equal(-32700, Assert.IsType<XmlRpcFault>(BodyMessage(response)).FaultCode);
    }

    [UnixSocketFact]
    public async Task Keep_alive_serves_several_requests_on_one_connection_even_pipelined()
    {
        await using var h = new IpcServerHarness();
        using var s = h.Connect();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        for (int i = 0; i < 3; i++)
        {
            await s.SendAsync(System.Text.Encoding.UTF8.GetBytes(IpcServerHarness.Post(IpcServerHarness.Call("test.add", $"<param><value><int>{i}</int></value></param>"))), SocketFlags.None, cts.Token);
            var (head, body) = await IpcServerHarness.ReadResponseAsync(s, cts.Token);
            Assert.StartsWith("HTTP/1.1 200 ", head);
            Assert.Contains("Connection: keep-alive", head);
            Assert.Equal(new OcfInteger(i), ((XmlRpcMethodResponse)XmlRpcCodec.Instance.DecodeMessage(body)).Value);
        }
        // Two requests in one write (the second closes the connection).
        string two = IpcServerHarness.Post(IpcServerHarness.Call("test.add", Add))
            + IpcServerHarness.Post(IpcServerHarness.Call("test.echo", "<param><value>green</value></param>"), extraHeaders: "Connection: close\r\n");
        await s.SendAsync(System.Text.Encoding.UTF8.GetBytes(two), SocketFlags.None, cts.Token);
        string both = await IpcServerHarness.ReadToEndAsync(s, cts.Token);
        Assert.Equal(2, both.Split("HTTP/1.1 200 OK").Length - 1);
        Assert.True(both.IndexOf("<int>5</int>", StringComparison.Ordinal) < both.IndexOf("green", StringComparison.Ordinal), both);
        Assert.Contains("Connection: close", both);
    }

    [UnixSocketFact]
    public async Task A_slow_client_does_not_block_a_fast_one_and_times_out()
    {
        await using var h = new IpcServerHarness(o => o with { RequestTimeout = TimeSpan.FromSeconds(3) });
        using var slow = h.Connect();
        byte[] request = System.Text.Encoding.UTF8.GetBytes(IpcServerHarness.Post(IpcServerHarness.Call("test.add", Add)));
        using var stopSlow = new CancellationTokenSource();
        var trickle = Task.Run(async () =>
        {
            try
            {
                foreach (byte b in request)
                {
                    await slow.SendAsync(new[] { b }, SocketFlags.None, stopSlow.Token);
                    await Task.Delay(250, stopSlow.Token);
                }
            }
            catch (Exception) { /* closed by the server */ }
        });
        await Task.Delay(500);
        var sw = Stopwatch.StartNew();
        var fast = await h.RawAsync(IpcServerHarness.Post(IpcServerHarness.Call("test.add", Add), extraHeaders: "Connection: close\r\n"));
        sw.Stop();
        Assert.StartsWith("HTTP/1.1 200 ", fast);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"the fast client waited {sw.Elapsed}");
        // The slow client gets 408 once its request time is up, and its connection is closed.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var slowResponse = await IpcServerHarness.ReadToEndAsync(slow, cts.Token);
        Assert.StartsWith("HTTP/1.1 408 ", slowResponse);
        stopSlow.Cancel();
        await trickle;
        Assert.True(h.Server.Timeouts >= 1);
    }

    [UnixSocketFact]
    public async Task Two_hundred_concurrent_clients_are_all_answered()
    {
        await using var h = new IpcServerHarness();
        var tasks = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            using var s = h.Connect();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            for (int k = 0; k < 3; k++)
            {
                string ps = $"<param><value><int>{i}</int></value></param><param><value><int>{k}</int></value></param>";
                await s.SendAsync(System.Text.Encoding.UTF8.GetBytes(IpcServerHarness.Post(IpcServerHarness.Call("test.add", ps))), SocketFlags.None, cts.Token);
                var (_, body) = await IpcServerHarness.ReadResponseAsync(s, cts.Token);
                Assert.Equal(new OcfInteger(i + k), ((XmlRpcMethodResponse)XmlRpcCodec.Instance.DecodeMessage(body)).Value);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        Assert.Equal(600, h.Server.RequestsServed);
        Assert.Equal(200, h.Server.ConnectionsAccepted);
    }

    [UnixSocketFact]
    public async Task Connections_beyond_the_limit_wait_until_a_slot_frees()
    {
        await using var h = new IpcServerHarness(o => o with { MaxConnections = 2 });
        using var idle1 = h.Connect();
        using var idle2 = h.Connect();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (h.Server.ActiveConnections < 2 && DateTime.UtcNow < deadline) await Task.Delay(20);
        var third = h.RawAsync(IpcServerHarness.Post(IpcServerHarness.Call("test.add", Add), extraHeaders: "Connection: close\r\n"), TimeSpan.FromSeconds(20));
        await Task.Delay(500);
        Assert.False(third.IsCompleted);
        idle1.Close();
        Assert.StartsWith("HTTP/1.1 200 ", await third);
    }

    [UnixSocketFact]
    public async Task A_client_that_disconnects_mid_response_is_dropped_and_others_are_served()
    {
        var registry = Ocf.Tests.Rpc.OcfRpcRegistryTests.CreateTestRegistry();
        registry.Register("test.big", "A large result.", [], OcfRpcTypes.String,
            (_, _) => ValueTask.FromResult<OcfValue>(new string('x', 8 * 1024 * 1024)));
        await using var h = new IpcServerHarness(registry: registry);
        for (int i = 0; i < 5; i++)
        {
            using var s = h.Connect();
            await s.SendAsync(System.Text.Encoding.UTF8.GetBytes(IpcServerHarness.Post(IpcServerHarness.Call("test.big"))), SocketFlags.None);
            var buf = new byte[100];
            await s.ReceiveAsync(buf, SocketFlags.None);   // the response has started
            s.Close();
        }
        var response = await h.RawAsync(IpcServerHarness.Post(IpcServerHarness.Call("test.add", Add), extraHeaders: "Connection: close\r\n"));
        Assert.Equal(new OcfInteger(5), ((XmlRpcMethodResponse)BodyMessage(response)).Value);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (h.Server.ClientsDropped < 5 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(5, h.Server.ClientsDropped);
    }

    [UnixSocketFact]
    public async Task Handlers_see_the_callers_credentials()
    {
        var registry = new OcfRpcRegistry();
        registry.Register("test.whoami", "The caller.", [], OcfRpcTypes.Struct, (_, _) =>
        {
            var c = OcfRpcCallContext.Current!;
            return ValueTask.FromResult<OcfValue>(new OcfMapBuilder().Add("transport", c.Transport).Add("pid", (long)c.ProcessId!.Value).Add("uid", (long)c.UserId!.Value).Build());
        });
        await using var h = new IpcServerHarness(registry: registry);
        var response = await h.RawAsync(IpcServerHarness.Post(IpcServerHarness.Call("test.whoami"), extraHeaders: "Connection: close\r\n"));
        var m = (OcfMap)((XmlRpcMethodResponse)BodyMessage(response)).Value;
        Assert.Equal(new OcfString("unix"), m["transport"]);
        Assert.Equal(new OcfInteger(Environment.ProcessId), m["pid"]);
        Assert.Equal(new OcfInteger(OcfPeerCredentials.EffectiveUserId()), m["uid"]);
    }

    [Fact]
    public void Node_registry_without_a_node_has_only_introspection()
    {
        var r = OcfNodeRpcMethods.CreateRegistry();
        Assert.Equal(["system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall"], r.MethodNames);
        string endpoint = OcfIpcServerOptions.DefaultEndpoint("lab", "node1");
        Assert.Contains("node1", endpoint);
    }
}
