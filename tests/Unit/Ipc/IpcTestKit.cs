using System.Diagnostics;
using System.Net.Sockets;
using Ocf.Ipc;
using Ocf.Rpc;
using Xunit;

namespace Ocf.Tests.Ipc;

/// <summary>A fact that needs Unix domain sockets with peer credentials (skipped on Windows only).</summary>
public sealed class UnixSocketFactAttribute : FactAttribute
{
    public UnixSocketFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "The local API tests drive a Unix domain socket (the Windows named pipe is not tested here).";
    }
}

/// <summary>A running <see cref="OcfIpcServer"/> on a socket in a fresh temp directory.</summary>
internal sealed class IpcServerHarness : IAsyncDisposable
{
    public string Directory { get; }
    public string SocketPath { get; }
    public OcfIpcServer Server { get; }

    public IpcServerHarness(Func<OcfIpcServerOptions, OcfIpcServerOptions>? configure = null, OcfRpcRegistry? registry = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "ocf-ipc-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        SocketPath = Path.Combine(Directory, "api.sock");
        var options = new OcfIpcServerOptions { Endpoint = SocketPath };
        if (configure is not null) options = configure(options);
        registry ??= Ocf.Tests.Rpc.OcfRpcRegistryTests.CreateTestRegistry();
        Server = new OcfIpcServer(new OcfRpcDispatcher(registry), options);
        Server.Start();
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }

    public Socket Connect()
    {
        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        s.Connect(new UnixDomainSocketEndPoint(SocketPath));
        return s;
    }

    /// <summary>Sends raw bytes and reads until the server closes (or the timeout).</summary>
    public async Task<string> RawAsync(byte[] request, TimeSpan? timeout = null)
    {
        using var s = Connect();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        await s.SendAsync(request, SocketFlags.None, cts.Token);
        return await ReadToEndAsync(s, cts.Token);
    }

    public Task<string> RawAsync(string request, TimeSpan? timeout = null) => RawAsync(System.Text.Encoding.UTF8.GetBytes(request), timeout);

    public static async Task<string> ReadToEndAsync(Socket s, CancellationToken ct)
    {
        var ms = new MemoryStream();
        var buf = new byte[8192];
        while (true)
        {
            int n;
            try { n = await s.ReceiveAsync(buf, SocketFlags.None, ct); }
            catch (SocketException) { break; }
            if (n == 0) break;
            ms.Write(buf, 0, n);
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Reads one HTTP response (head + Content-Length body) from a keep-alive connection.</summary>
    public static async Task<(string Head, string Body)> ReadResponseAsync(Socket s, CancellationToken ct)
    {
        var ms = new MemoryStream();
        var buf = new byte[8192];
        while (true)
        {
            var text = System.Text.Encoding.UTF8.GetString(ms.ToArray());
            int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                string head = text[..end];
                var lengthLine = head.Split("\r\n").First(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                int length = int.Parse(lengthLine["Content-Length:".Length..].Trim());
                byte[] all = ms.ToArray();
                int headBytes = System.Text.Encoding.UTF8.GetByteCount(text[..(end + 4)]);
                if (all.Length - headBytes >= length) return (head, System.Text.Encoding.UTF8.GetString(all, headBytes, length));
            }
            int n = await s.ReceiveAsync(buf, SocketFlags.None, ct);
            if (n == 0) throw new IOException("closed before a whole response");
            ms.Write(buf, 0, n);
        }
    }

    public static string Post(string body, string target = "/RPC2", string extraHeaders = "") =>
        $"POST {target} HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: {System.Text.Encoding.UTF8.GetByteCount(body)}\r\n{extraHeaders}\r\n{body}";

    public static string Call(string method, string paramsXml = "") =>
        $"<?xml version=\"1.0\"?><methodCall><methodName>{method}</methodName><params>{paramsXml}</params></methodCall>";
}

internal static class Processes
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new TimeoutException($"{file} did not finish in time");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string Which(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        foreach (var dir in new[] { "/usr/bin", "/bin", "/usr/local/bin" })
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException($"{name} was not found (it is required on Linux)");
    }

    public static string Script => Path.Combine(AppContext.BaseDirectory, "Interop", "ocf_unix_xmlrpc.py");
}
