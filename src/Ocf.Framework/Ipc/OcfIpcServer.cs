using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipes;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ocf.Rpc;

namespace Ocf.Ipc;

/// <summary>
/// The local client-server API endpoint: XML-RPC over HTTP/1.1 on a Unix domain socket (on Windows, a named pipe
/// with the same HTTP framing), so standard XML-RPC clients work unchanged. A deliberately small HTTP/1.1 server:
/// POST to / or /RPC2 with a Content-Length body (chunked bodies are refused with 501), keep-alive, Expect: 100-continue.
/// <para>
/// Robustness: each connection is served on its own task (at most <see cref="OcfIpcServerOptions.MaxConnections"/>
/// at once), a request must arrive whole within <see cref="OcfIpcServerOptions.RequestTimeout"/> (so a client sending
/// one byte per second holds only its own connection, and only for that long), bodies above the limit get 413,
/// malformed requests 400 — error responses close the connection; a client that goes away mid-response is dropped.
/// </para>
/// <para>
/// Access (Linux): the kernel's peer credentials (SO_PEERCRED) of each connection: root, the server's own user and
/// members (primary or supplementary) of <see cref="OcfIpcServerOptions.AllowedGroupId"/> may call; anyone else gets
/// 403 to every request, is counted in <see cref="ConnectionsRefused"/> and logged. Other Unix systems rely on the
/// socket file's mode. Windows: the pipe's ACL admits only Administrators, LocalSystem, the server's own user and
/// <see cref="OcfIpcServerOptions.AllowedGroup"/> (network logons are denied); the client's process id comes from
/// GetNamedPipeClientProcessId.
/// </para>
/// <para>
/// Per-connection state (client registrations, event subscriptions) is keyed by <see cref="OcfRpcCallContext.ConnectionId"/>;
/// <see cref="ConnectionClosed"/> tells its owners when a connection ends, however it ends.
/// </para>
/// </summary>
public sealed class OcfIpcServer : IAsyncDisposable
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private readonly OcfRpcDispatcher _dispatcher;
    private readonly OcfIpcServerOptions _options;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly uint _ownUid;
    private Socket? _listener;
    private Task? _acceptLoop;
    private long _nextConnection;
    private int _pipeInstances;
    private int _started;
    private long _accepted, _refused, _requests, _badRequests, _timeouts, _dropped;

    public OcfIpcServer(OcfRpcDispatcher dispatcher, OcfIpcServerOptions options, ILogger? logger = null)
    {
        _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.MaxConnections < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxConnections must be at least 1");
        _log = logger ?? NullLogger.Instance;
        _slots = new SemaphoreSlim(options.MaxConnections, options.MaxConnections);
        _ownUid = OcfPeerCredentials.EffectiveUserId();
        Endpoint = options.Endpoint ?? throw new ArgumentException("an endpoint (socket path or pipe name) is required; see OcfIpcServerOptions.DefaultEndpoint", nameof(options));
    }

    /// <summary>The socket path (Unix) or pipe name (Windows).</summary>
    public string Endpoint { get; }
    public OcfRpcDispatcher Dispatcher => _dispatcher;

    /// <summary>
    /// Raised once for every connection that ends (closed by the client, timed out, refused, or the server stopping),
    /// with its <see cref="OcfRpcCallContext.ConnectionId"/>. Handlers must not block.
    /// </summary>
    public event Action<long>? ConnectionClosed;

    public long ConnectionsAccepted => Interlocked.Read(ref _accepted);
    /// <summary>Connections whose peer credentials were refused.</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _refused);
    /// <summary>XML-RPC requests answered (with a response or a fault).</summary>
    public long RequestsServed => Interlocked.Read(ref _requests);
    /// <summary>Requests answered 4xx/5xx for their HTTP (malformed, too large, wrong method or path...).</summary>
    public long BadRequests => Interlocked.Read(ref _badRequests);
    /// <summary>Connections closed because a request did not arrive in time.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);
    /// <summary>Connections that failed mid-exchange (the client went away).</summary>
    public long ClientsDropped => Interlocked.Read(ref _dropped);
    /// <summary>Connections being served now.</summary>
    public int ActiveConnections => _connections.Count;

    /// <summary>Binds the socket (replacing a stale socket file nobody listens on) and starts accepting.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("the server was already started");
        if (OperatingSystem.IsWindows())
        {
            // The first instance now, so a name another server holds (or a group that does not resolve) fails Start, as on Unix.
            NamedPipeServerStream first;
            try { first = OcfPipeSecurity.CreateServerStream(Endpoint, _options, first: Interlocked.Increment(ref _pipeInstances) == 1); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"cannot create the pipe {Endpoint} (another server may hold it): {e.Message}", e);
            }
            catch (Exception e) when (e is SystemException and not OutOfMemoryException)
            {
                throw new InvalidOperationException($"cannot create the pipe {Endpoint} with its access list (group '{_options.AllowedGroup}'): {e.Message}", e);
            }
            _log.LogInformation("Local API listening on pipe {Pipe}", Endpoint);
            _acceptLoop = Task.Run(() => PipeAcceptLoopAsync(first, _stop.Token));
            return;
        }
        string path = Path.GetFullPath(Endpoint);
        if (Path.GetDirectoryName(path) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        RemoveStaleSocket(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, _options.SocketFileMode);
            if (_options.AllowedGroupId is { } gid && !OcfPeerCredentials.TryChangeGroup(path, gid))
                _log.LogWarning("Could not give the socket {Path} to group {Gid}; its members may be unable to connect", path, gid);
            listener.Listen(_options.Backlog);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        _listener = listener;
        _log.LogInformation("Local API listening on {Path}", path);
        _acceptLoop = Task.Run(() => SocketAcceptLoopAsync(listener, _stop.Token));
    }

    private static void RemoveStaleSocket(string path)
    {
        if (!File.Exists(path)) return;
        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
                throw new InvalidOperationException($"another server is listening on {path}");
            }
            catch (SocketException) { /* nobody listens: stale */ }
        }
        File.Delete(path);
    }

    private async Task SocketAcceptLoopAsync(Socket listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try { await _slots.WaitAsync(ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            Socket client;
            try
            {
                client = await listener.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                _slots.Release();
                return;
            }
            catch (SocketException e)
            {
                _slots.Release();
                _log.LogWarning("Local API accept failed: {Error}", e.SocketErrorCode);
                continue;
            }
            Interlocked.Increment(ref _accepted);
            Track(ServeSocketAsync(client, ct));
        }
    }

    private void Track(Func<long, Task> serve)
    {
        long id = Interlocked.Increment(ref _nextConnection);
        var task = Task.Run(async () =>
        {
            try { await serve(id).ConfigureAwait(false); }
            catch (Exception e) { _log.LogDebug(e, "Local API connection failed"); }
            finally
            {
                _connections.TryRemove(id, out _);
                _slots.Release();
                try { ConnectionClosed?.Invoke(id); }
                catch (Exception e) { _log.LogError(e, "A connection-closed handler failed"); }
            }
        });
        _connections[id] = task;
    }

    private Func<long, Task> ServeSocketAsync(Socket client, CancellationToken ct) => async id =>
    {
        using var stream = new NetworkStream(client, ownsSocket: true);
        OcfPeerCredentials? peer = null;
        try { peer = OcfPeerCredentials.FromSocket(client); }
        catch (SocketException e) { _log.LogWarning("Could not read the peer credentials of a local API client: {Error}", e.SocketErrorCode); }
        bool allowed = IsAllowed(peer);
        if (!allowed)
        {
            Interlocked.Increment(ref _refused);
            _log.LogWarning("Local API: refused a client ({Peer}): not root, not uid {Uid}, not in the allowed group", peer?.ToString() ?? "unknown credentials", _ownUid);
        }
        var context = new OcfRpcCallContext("unix", id, peer?.ProcessId, peer?.UserId, peer?.GroupId);
        await ServeConnectionAsync(stream, allowed, context, ct).ConfigureAwait(false);
    };

    /// <summary>The access rule: root, the server's own user, or a member of the allowed group.</summary>
    public bool IsAllowed(OcfPeerCredentials? peer)
    {
        if (peer is null) return !OperatingSystem.IsLinux();   // no SO_PEERCRED: the socket file's mode is the guard
        if (peer.UserId == 0 || peer.UserId == _ownUid) return true;
        if (_options.AllowedGroupId is not { } gid) return false;
        return peer.GroupId == gid || peer.SupplementaryGroups().Contains(gid);
    }

    private async Task PipeAcceptLoopAsync(NamedPipeServerStream? initial, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try { await _slots.WaitAsync(ct).ConfigureAwait(false); }
            catch (OperationCanceledException)
            {
                if (initial is not null) await initial.DisposeAsync().ConfigureAwait(false);
                return;
            }
            NamedPipeServerStream pipe;
            try
            {
                pipe = initial ?? OcfPipeSecurity.CreateServerStream(Endpoint, _options, first: Interlocked.Increment(ref _pipeInstances) == 1);
                initial = null;
            }
            catch (Exception e) when (e is SystemException and not OutOfMemoryException)
            {
                _slots.Release();
                _log.LogError("Local API: cannot create the pipe {Pipe}: {Error}", Endpoint, e.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
                continue;
            }
            try
            {
                await pipe.WaitForConnectionAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await pipe.DisposeAsync().ConfigureAwait(false);
                _slots.Release();
                if (e is OperationCanceledException) return;
                _log.LogWarning("Local API pipe accept failed: {Error}", e.Message);
                continue;
            }
            Interlocked.Increment(ref _accepted);
            Track(async id =>
            {
                await using (pipe.ConfigureAwait(false))
                    await ServeConnectionAsync(pipe, allowed: true, new OcfRpcCallContext("pipe", id, OcfPipeSecurity.ClientProcessId(pipe), null, null), ct).ConfigureAwait(false);
            });
        }
    }

    private sealed class HttpError(int status, string reason, string message) : Exception(message)
    {
        public int Status { get; } = status;
        public string Reason { get; } = reason;
    }

    private sealed class RequestHead
    {
        public string Method = "", Target = "", Version = "";
        public long? ContentLength;
        public bool KeepAlive;
        public bool ExpectContinue;
    }

    /// <summary>Serves one connection (a stream with HTTP/1.1 requests) until it closes, fails or times out.</summary>
    internal async Task ServeConnectionAsync(Stream stream, bool allowed, OcfRpcCallContext context, CancellationToken ct)
    {
        OcfRpcCallContext.Current = context;
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var buffer = new byte[Math.Max(_options.MaxHeaderBytes, 4096)];
        int start = 0, end = 0;
        bool receiving = false;   // between a request's first byte and the end of its body
        Task<int>? nextRead = null;   // the read for the next request, issued while a call runs (it sees the client leave)
        try
        {
            while (true)
            {
                // Idle wait for the next request; once its first byte is here, the whole request has RequestTimeout.
                timer.CancelAfter(_options.IdleTimeout);
                if (start == end)
                {
                    start = end = 0;
                    int n;
                    if (nextRead is { } pending)
                    {
                        nextRead = null;
                        n = await pending.WaitAsync(timer.Token).ConfigureAwait(false);
                    }
                    else n = await stream.ReadAsync(buffer.AsMemory(), timer.Token).ConfigureAwait(false);
                    if (n == 0) return;
                    end = n;
                }
                timer.CancelAfter(_options.RequestTimeout);
                receiving = true;
                RequestHead head;
                byte[] body;
                try
                {
                    int headEnd;
                    while ((headEnd = buffer.AsSpan(start, end - start).IndexOf(HeadEnd)) < 0)
                    {
                        if (end - start >= _options.MaxHeaderBytes) throw new HttpError(431, "Request Header Fields Too Large", "the request head is too large");
                        if (start > 0)
                        {
                            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                            end -= start;
                            start = 0;
                        }
                        int n = await stream.ReadAsync(buffer.AsMemory(end, Math.Min(buffer.Length, _options.MaxHeaderBytes) - end), timer.Token).ConfigureAwait(false);
                        if (n == 0) return;   // closed mid-request: nothing to answer
                        end += n;
                    }
                    head = ParseHead(buffer.AsSpan(start, headEnd));
                    start += headEnd + HeadEnd.Length;
                    // A refused client is answered 403 after its body (so it is reading when the answer comes), or at once
                    // when it waits for 100-continue or its body would be unreasonable.
                    if (!allowed && (head.ExpectContinue || head.ContentLength is not { } l || l > _options.MaxBodyBytes))
                        throw new HttpError(403, "Forbidden", DeniedText);
                    if (allowed) CheckRequest(head);
                    if (head.ExpectContinue)
                        await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), timer.Token).ConfigureAwait(false);
                    int length = (int)head.ContentLength!.Value;
                    body = new byte[length];
                    int have = Math.Min(length, end - start);
                    Buffer.BlockCopy(buffer, start, body, 0, have);
                    start += have;
                    while (have < length)
                    {
                        int n = await stream.ReadAsync(body.AsMemory(have), timer.Token).ConfigureAwait(false);
                        if (n == 0) return;
                        have += n;
                    }
                    if (!allowed) throw new HttpError(403, "Forbidden", DeniedText);
                    receiving = false;
                    // A method may take long on purpose (ocf.events.wait long-polls): no request timer while it runs.
                    timer.CancelAfter(Timeout.InfiniteTimeSpan);
                }
                catch (HttpError e)
                {
                    Interlocked.Increment(ref _badRequests);
                    await WriteErrorAsync(stream, e.Status, e.Reason, e.Message, timer.Token).ConfigureAwait(false);
                    await LingerAsync(stream).ConfigureAwait(false);
                    return;
                }

                // While the call runs, read ahead for the next request: end of stream (or an error) means the client
                // has gone, and the call (e.g. a long poll) is cancelled so its connection's state is dropped now.
                using var call = CancellationTokenSource.CreateLinkedTokenSource(ct);
                if (start == end && head.KeepAlive)
                {
                    start = end = 0;
                    var read = stream.ReadAsync(buffer.AsMemory(), ct).AsTask();
                    nextRead = read;
                    _ = read.ContinueWith(static (t, state) =>
                    {
                        if (t.IsFaulted) _ = t.Exception;   // observed: the loop may have returned without awaiting it
                        if (!t.IsCompletedSuccessfully || t.Result == 0)
                        {
                            try { ((CancellationTokenSource)state!).Cancel(); } catch (ObjectDisposedException) { }
                        }
                    }, call, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
                byte[] response;
                try
                {
                    response = await _dispatcher.DispatchAsync(body, call.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _dropped);
                    _log.LogDebug("Local API client left during a call");
                    return;
                }
                Interlocked.Increment(ref _requests);
                timer.CancelAfter(_options.RequestTimeout);
                await WriteResponseAsync(stream, 200, "OK", "text/xml", response, head.KeepAlive, null, timer.Token).ConfigureAwait(false);
                if (!head.KeepAlive) return;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Interlocked.Increment(ref _timeouts);
            if (receiving)
            {
                // A request was under way: tell the client why, without waiting long.
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                try { await WriteErrorAsync(stream, 408, "Request Timeout", "the request did not arrive in time", quick.Token).ConfigureAwait(false); }
                catch (Exception) { /* the client is gone or stuck */ }
            }
        }
        catch (OperationCanceledException) { /* server stopping */ }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _dropped);
            _log.LogDebug("Local API client dropped: {Error}", e.Message);
        }
    }

    private const string DeniedText = "access denied: this user may not use the local API";

    /// <summary>
    /// After an error response: close our sending side and discard what the client still sends (briefly, boundedly),
    /// so a client that is still writing its request reads the response instead of a connection reset.
    /// </summary>
    private static async Task LingerAsync(Stream stream)
    {
        if (stream is not NetworkStream ns) return;
        try
        {
            ns.Socket.Shutdown(SocketShutdown.Send);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var sink = new byte[16 * 1024];
            long total = 0;
            while (total < 4 * 1024 * 1024)
            {
                int n = await ns.ReadAsync(sink, cts.Token).ConfigureAwait(false);
                if (n == 0) break;
                total += n;
            }
        }
        catch (Exception) { /* gone, stuck or timed out: close anyway */ }
    }

    private static RequestHead ParseHead(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
            if (b >= 0x80 || (b < 0x20 && b != '\r' && b != '\n' && b != '\t'))
                throw new HttpError(400, "Bad Request", "the request head has a byte that is not printable ASCII");
        var lines = System.Text.Encoding.ASCII.GetString(bytes).Split("\r\n");
        var request = lines[0].Split(' ');
        if (request.Length != 3 || request[0].Length == 0 || request[1].Length == 0)
            throw new HttpError(400, "Bad Request", "malformed request line");
        var head = new RequestHead { Method = request[0], Target = request[1], Version = request[2] };
        if (!head.Version.StartsWith("HTTP/", StringComparison.Ordinal)) throw new HttpError(400, "Bad Request", "malformed request line");
        if (head.Version is not ("HTTP/1.1" or "HTTP/1.0")) throw new HttpError(505, "HTTP Version Not Supported", "only HTTP/1.1 and HTTP/1.0 are supported");
        string? connection = null;
        for (int i = 1; i < lines.Length; i++)
        {
            string line = lines[i];
            int colon = line.IndexOf(':');
            if (colon <= 0 || line.AsSpan(0, colon).IndexOfAny(" \t") >= 0)
                throw new HttpError(400, "Bad Request", $"malformed header line {i}");
            string name = line[..colon];
            string value = line[(colon + 1)..].Trim(' ', '\t');
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (value.Length == 0 || value.Length > 18 || !value.All(char.IsAsciiDigit))
                    throw new HttpError(400, "Bad Request", "malformed Content-Length");
                long length = long.Parse(value, CultureInfo.InvariantCulture);
                if (head.ContentLength is { } earlier && earlier != length) throw new HttpError(400, "Bad Request", "conflicting Content-Length headers");
                head.ContentLength = length;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                throw new HttpError(501, "Not Implemented", "Transfer-Encoding is not supported; send a Content-Length");
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                connection = value;
            else if (name.Equals("Expect", StringComparison.OrdinalIgnoreCase))
            {
                if (!value.Equals("100-continue", StringComparison.OrdinalIgnoreCase)) throw new HttpError(417, "Expectation Failed", "only 100-continue is supported");
                head.ExpectContinue = head.Version == "HTTP/1.1";
            }
        }
        bool close = connection is not null && connection.Split(',').Any(t => t.Trim().Equals("close", StringComparison.OrdinalIgnoreCase));
        bool keep = connection is not null && connection.Split(',').Any(t => t.Trim().Equals("keep-alive", StringComparison.OrdinalIgnoreCase));
        head.KeepAlive = head.Version == "HTTP/1.1" ? !close : keep;
        return head;
    }

    private void CheckRequest(RequestHead head)
    {
        if (head.Target is not ("/" or "/RPC2")) throw new HttpError(404, "Not Found", "XML-RPC is served at / and /RPC2");
        if (head.Method != "POST") throw new HttpError(405, "Method Not Allowed", "only POST is supported");
        if (head.ContentLength is not { } length) throw new HttpError(411, "Length Required", "a Content-Length is required");
        if (length > _options.MaxBodyBytes) throw new HttpError(413, "Content Too Large", $"the body is larger than {_options.MaxBodyBytes} bytes");
    }

    private static Task WriteErrorAsync(Stream stream, int status, string reason, string message, CancellationToken ct) =>
        WriteResponseAsync(stream, status, reason, "text/plain; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(message + "\n"), keepAlive: false,
            status == 405 ? "Allow: POST\r\n" : null, ct);

    private static async Task WriteResponseAsync(Stream stream, int status, string reason, string contentType, byte[] body, bool keepAlive, string? extraHeaders, CancellationToken ct)
    {
        string headText = $"HTTP/1.1 {status} {reason}\r\nServer: ocf\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n"
            + $"Connection: {(keepAlive ? "keep-alive" : "close")}\r\n{extraHeaders}\r\n";
        var message = new byte[System.Text.Encoding.ASCII.GetByteCount(headText) + body.Length];
        int n = System.Text.Encoding.ASCII.GetBytes(headText, message);
        body.CopyTo(message, n);
        await stream.WriteAsync(message, ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Stops accepting, closes every connection, and removes the socket file.</summary>
    public async Task StopAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _listener?.Dispose();
        if (_acceptLoop is { } loop)
        {
            try { await loop.ConfigureAwait(false); } catch (Exception) { }
        }
        try { await Task.WhenAll(_connections.Values).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); }
        catch (Exception) { }
        if (!OperatingSystem.IsWindows() && _listener is not null)
        {
            try { File.Delete(Path.GetFullPath(Endpoint)); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
