using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Ocf.Data;
using Ocf.Encoding.XmlRpc;
using Ocf.Ipc;

namespace Ocf.ClusterBenchmarks;

/// <summary>
/// The local API round trip (issue 6): one small XML-RPC call to a real 1-node ocfd over its Unix socket, from .NET
/// (OcfIpcClient, keep-alive, one call in flight) and from Python (xmlrpc.client over the same socket kind), beside the
/// floor measured in the same run: a bare Unix-socket echo server in its own process, echoing a message of the call's
/// request size, driven by .NET and by Python. Each sample is one call, from send to the whole response decoded.
/// </summary>
internal static class LocalApiBenchmark
{
    private static readonly (string Method, OcfValue[] Args)[] Calls =
    [
        ("system.methodSignature", [new OcfString("ocf.nodes")]),   // tiny answer: [["array"]]
        ("ocf.membership", []),                                     // the typical status call (a struct of ~600 bytes)
    ];

    public static void Run(Cli cli)
    {
        int runs = cli.Int("runs", 5), count = cli.Int("count", 5000), warmup = cli.Int("warmup-count", 1000);
        string ocfd = cli.String("ocfd") ?? DaemonCluster.DefaultDaemon;
        string plugins = cli.String("plugin-path") ?? DaemonCluster.DefaultPluginPath;
        if (!File.Exists(ocfd)) throw new FileNotFoundException($"ocfd ({ocfd}) is missing: build with 'dotnet build -c Release src/Ocfd'");
        Report.Line($"# local-api: ocfd {ocfd}; {runs} runs × {count} calls after {warmup} warm-up calls; one call in flight");

        using var cluster = new DaemonCluster(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), ocfd, plugins);
        cluster.Start("n1");
        if (cluster.WaitFor("n1", l => l.Text.StartsWith("EVENT api ", StringComparison.Ordinal), TimeSpan.Zero, TimeSpan.FromSeconds(30)) is null)
            throw new InvalidOperationException("ocfd did not open its local API: " + string.Join("\n", cluster.Lines().Select(l => l.Text)));
        string api = cluster.SocketPath("n1");
        string echo = Path.Combine(cluster.Directory, "echo.sock");
        var echoServer = StartEchoServer(echo);
        try
        {
            Quiet.Wait("local-api");
            foreach (var (method, args) in Calls)
            {
                int requestBytes = RequestBytes(method, args);
                Measure($".NET floor: bare Unix-socket echo of {requestBytes} B (separate process)", "floor-dotnet", method, runs, count, warmup, () => EchoClient(echo, requestBytes));
                Measure($".NET OcfIpcClient.Call {method}", "dotnet-sync", method, runs, count, warmup, () =>
                {
                    var c = OcfIpcClient.Connect(api);
                    return (() => c.Call(method, args), c);
                });
                Measure($".NET OcfIpcClient.CallAsync {method}", "dotnet-async", method, runs, count, warmup, () =>
                {
                    var c = OcfIpcClient.Connect(api);
                    return (() => c.CallAsync(method, args).GetAwaiter().GetResult(), c);
                });
                Python(api, echo, method, args, requestBytes, runs, count, warmup);
            }
        }
        finally
        {
            try { echoServer.Kill(); } catch (InvalidOperationException) { }
            cluster.StopAll();
        }
    }

    private static int RequestBytes(string method, OcfValue[] args)
    {
        byte[] body = XmlRpcCodec.Instance.EncodeMessage(new XmlRpcMethodCall(method, args));
        return $"POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: {body.Length}\r\n\r\n".Length + body.Length;
    }

    private static void Measure(string what, string kind, string method, int runs, int count, int warmup, Func<(Action Call, IDisposable Owner)> open)
    {
        var medians = new List<double>();
        var pooled = new List<double>();
        for (int r = 0; r < runs; r++)
        {
            var (call, owner) = open();
            using (owner)
            {
                for (int i = 0; i < warmup; i++) call();
                var samples = new double[count];
                for (int i = 0; i < count; i++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    call();
                    samples[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
                }
                medians.Add(new Stats(samples).Median);
                pooled.AddRange(samples);
            }
        }
        Print(what, kind, method, medians, new Stats(pooled).Percentile(99));
    }

    private static void Print(string what, string kind, string method, List<double> medians, double p99)
    {
        var m = new Stats(medians);
        Report.Line($"LOCAL-API {what}: median of run medians {Report.F(m.Median)} µs (runs {Report.F(m.Min)}–{Report.F(m.Max)}), pooled p99 {Report.F(p99)} µs");
        Report.Json("local-api", new { kind, method, median = m.Median, min = m.Min, max = m.Max, p99 });
    }

    private static (Action, IDisposable) EchoClient(string path, int size)
    {
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        s.Connect(new UnixDomainSocketEndPoint(path));
        var message = new byte[size];
        new Random(1).NextBytes(message);
        var back = new byte[size];
        return (() =>
        {
            s.Send(message);
            int have = 0;
            while (have < size)
            {
                int n = s.Receive(back, have, size - have, SocketFlags.None);
                if (n == 0) throw new IOException("the echo server closed");
                have += n;
            }
        }, s);
    }

    private static void Python(string api, string echo, string method, OcfValue[] args, int requestBytes, int runs, int count, int warmup)
    {
        string script = Path.Combine(DaemonCluster.RepoRoot, "bench", "python_local_api_bench.py");
        string python = File.Exists("/usr/bin/python3") ? "python3" : "python3";
        var psi = new ProcessStartInfo(python)
        {
            ArgumentList = { script, "--socket", api, "--echo", echo, "--method", method, "--params", JsonSerializer.Serialize(args.Select(a => a.ToPlainObject())),
                "--size", requestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), "--runs", runs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--warmup", warmup.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process p;
        try { p = ChildProcesses.Track(Process.Start(psi)!); }
        catch (System.ComponentModel.Win32Exception) { Report.Line("# python3 not found: the Python rows are skipped"); return; }
        var stderr = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) { Report.Line($"# python failed: {stderr.Result}"); return; }
        using var doc = JsonDocument.Parse(output);
        foreach (var (key, what, kind) in new[] { ("echo", $"Python floor: bare Unix-socket echo of {requestBytes} B", "floor-python"), ("api", $"Python xmlrpc.client {method}", "python") })
        {
            var e = doc.RootElement.GetProperty(key);
            Print(what, kind, method, e.GetProperty("medians").EnumerateArray().Select(x => x.GetDouble()).ToList(), e.GetProperty("p99").GetDouble());
        }
        Report.Line($"# python: {doc.RootElement.GetProperty("python").GetString()}");
    }

    private static Process StartEchoServer(string path)
    {
        string self = typeof(LocalApiBenchmark).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet") { ArgumentList = { self, "echo-server", path }, UseShellExecute = false, RedirectStandardOutput = true };
        var p = ChildProcesses.Track(Process.Start(psi)!);
        string? ready = p.StandardOutput.ReadLine();
        if (ready != "READY") throw new InvalidOperationException($"the echo server did not start: {ready}");
        return p;
    }

    /// <summary>The floor: a bare Unix-socket echo server, one blocking thread per connection. Runs as "echo-server PATH".</summary>
    public static int EchoServer(string path)
    {
        if (File.Exists(path)) File.Delete(path);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(64);
        Console.WriteLine("READY");
        Console.Out.Flush();
        while (true)
        {
            var client = listener.Accept();
            new Thread(() =>
            {
                using (client)
                {
                    var buffer = new byte[64 * 1024];
                    try
                    {
                        while (true)
                        {
                            int n = client.Receive(buffer);
                            if (n == 0) return;
                            client.Send(buffer, n, SocketFlags.None);
                        }
                    }
                    catch (SocketException) { }
                }
            }) { IsBackground = true }.Start();
        }
    }
}
