using System.Globalization;
using System.IO.Pipes;
using System.Net.Sockets;
using Ocf.Data;
using Ocf.Encoding.XmlRpc;
using Ocf.Rpc;

namespace Ocf.Ipc;

/// <summary>The local API could not be reached, refused the caller (HTTP 403), or answered something that is not XML-RPC.</summary>
public sealed class OcfIpcException(string message, int? httpStatus = null, Exception? inner = null) : IOException(message, inner)
{
    /// <summary>The HTTP status when the server answered one (403: this user may not use the API).</summary>
    public int? HttpStatus { get; } = httpStatus;
}

/// <summary>
/// A small XML-RPC client for a node's local API: HTTP/1.1 keep-alive on one Unix domain socket (on Windows, a named
/// pipe). One call at a time per client (calls from several threads queue); a connection idle for longer than the
/// server keeps it is replaced before the next call. Faults raise <see cref="OcfRpcException"/> with the fault code;
/// transport and HTTP failures raise <see cref="OcfIpcException"/>.
/// </summary>
public sealed class OcfIpcClient : IDisposable, IAsyncDisposable
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly TimeSpan ReuseLimit = TimeSpan.FromSeconds(45);   // the server's idle timeout is 60 s

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeSpan _connectTimeout;
    private Stream? _stream;
    private Socket? _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start, _end;
    private long _lastUsed;
    private bool _disposed;

    private OcfIpcClient(string endpoint, TimeSpan connectTimeout)
    {
        Endpoint = endpoint;
        _connectTimeout = connectTimeout;
    }

    /// <summary>The socket path (Unix) or pipe name (Windows).</summary>
    public string Endpoint { get; }

    /// <summary>How long one call may take (the long poll ocf.events.wait adds its own timeout on top).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Connects to <paramref name="endpoint"/> (null: the one default endpoint, see <see cref="ResolveEndpoint"/>).</summary>
    public static OcfIpcClient Connect(string? endpoint = null, TimeSpan? connectTimeout = null)
    {
        var client = new OcfIpcClient(ResolveEndpoint(endpoint), connectTimeout ?? TimeSpan.FromSeconds(5));
        try { client.Open(); }
        catch
        {
            client.Dispose();
            throw;
        }
        return client;
    }

    /// <summary>
    /// <paramref name="endpoint"/> itself when given; otherwise the only default endpoint that exists
    /// (<see cref="OcfIpcServerOptions.FindDefaultEndpoints"/>), or an <see cref="OcfIpcException"/> saying why there is none.
    /// </summary>
    public static string ResolveEndpoint(string? endpoint)
    {
        if (!string.IsNullOrWhiteSpace(endpoint)) return endpoint;
        var found = OcfIpcServerOptions.FindDefaultEndpoints();
        return found.Count switch
        {
            1 => found[0],
            0 => throw new OcfIpcException("No node's local API was found at the default places (" + DefaultPlaces() + "); give the socket with -Socket (ocfd --socket)."),
            _ => throw new OcfIpcException($"{found.Count} local API endpoints exist ({string.Join(", ", found)}); choose one with -Socket."),
        };
    }

    private static string DefaultPlaces() => OperatingSystem.IsWindows() ? @"pipes \\.\pipe\ocf-*" : $"{OcfIpcServerOptions.SystemDirectory}, $XDG_RUNTIME_DIR/ocf, the temp folder";

    private void Open()
    {
        CloseStream();
        try
        {
            if (OperatingSystem.IsWindows())
            {
                var pipe = new NamedPipeClientStream(".", Endpoint, PipeDirection.InOut, PipeOptions.Asynchronous);
                try { pipe.Connect((int)_connectTimeout.TotalMilliseconds); }
                catch
                {
                    pipe.Dispose();
                    throw;
                }
                _stream = pipe;
            }
            else
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try { socket.Connect(new UnixDomainSocketEndPoint(Endpoint)); }
                catch
                {
                    socket.Dispose();
                    throw;
                }
                _socket = socket;
                _stream = new NetworkStream(socket, ownsSocket: true);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            throw new OcfIpcException($"Cannot connect to the local API at {Endpoint}: {e.Message}", inner: e);
        }
        _start = _end = 0;
        _lastUsed = Environment.TickCount64;
    }

    private void CloseStream()
    {
        _stream?.Dispose();
        _stream = null;
        _socket = null;
    }

    /// <summary>Calls <paramref name="method"/> and returns its result.</summary>
    public OcfValue Call(string method, params OcfValue[] parameters) => Decode(Exchange(Encode(method, parameters)));

    /// <summary>Calls <paramref name="method"/> and returns its result.</summary>
    public async Task<OcfValue> CallAsync(string method, IReadOnlyList<OcfValue> parameters, CancellationToken cancellationToken = default) =>
        Decode(await ExchangeAsync(Encode(method, parameters), cancellationToken).ConfigureAwait(false));

    private static byte[] Encode(string method, IReadOnlyList<OcfValue> parameters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        return XmlRpcCodec.Instance.EncodeMessage(new XmlRpcMethodCall(method, parameters ?? []));
    }

    private static OcfValue Decode(byte[] body)
    {
        XmlRpcMessage message;
        try { message = XmlRpcCodec.Instance.DecodeMessage(body.AsSpan()); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new OcfIpcException($"The local API answered something that is not an XML-RPC response: {e.Message}", inner: e);
        }
        return message switch
        {
            XmlRpcMethodResponse r => r.Value,
            XmlRpcFault f => throw OcfRpcException.FromFault(f),
            _ => throw new OcfIpcException("The local API answered an XML-RPC message that is not a response."),
        };
    }

    private byte[] Request(byte[] body)
    {
        string head = $"POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n";
        var message = new byte[head.Length + body.Length];
        System.Text.Encoding.ASCII.GetBytes(head, message);
        body.CopyTo(message, head.Length);
        return message;
    }

    /// <summary>Sends one XML-RPC request body and returns the response body (synchronous I/O, for the lowest latency).</summary>
    public byte[] Exchange(byte[] body)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _gate.Wait();
        try
        {
            Prepare();
            if (_socket is { } s) s.ReceiveTimeout = (int)Math.Min(int.MaxValue, CallTimeout.TotalMilliseconds);
            try
            {
                _stream!.Write(Request(body));
                return ReadResponse(sync: true, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException && e is not OcfIpcException)
            {
                CloseStream();
                throw new OcfIpcException($"The local API at {Endpoint} failed mid-call: {e.Message}", inner: e);
            }
        }
        finally { _gate.Release(); }
    }

    /// <summary>Sends one XML-RPC request body and returns the response body.</summary>
    public async Task<byte[]> ExchangeAsync(byte[] body, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Prepare();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CallTimeout);
            try
            {
                await _stream!.WriteAsync(Request(body), timeout.Token).ConfigureAwait(false);
                return await ReadResponse(sync: false, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                CloseStream();
                throw new OcfIpcException($"The local API at {Endpoint} did not answer within {CallTimeout.TotalSeconds:0.#} s.");
            }
            catch (OperationCanceledException)
            {
                CloseStream();   // a response may still come: never reuse this connection
                throw;
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException && e is not OcfIpcException)
            {
                CloseStream();
                throw new OcfIpcException($"The local API at {Endpoint} failed mid-call: {e.Message}", inner: e);
            }
        }
        finally { _gate.Release(); }
    }

    private void Prepare()
    {
        if (_stream is null || Environment.TickCount64 - _lastUsed > ReuseLimit.TotalMilliseconds) Open();
    }

    private async ValueTask<int> Fill(bool sync, CancellationToken ct)
    {
        if (_start > 0 && _start == _end) _start = _end = 0;
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        int n = sync ? _stream!.Read(_buffer, _end, _buffer.Length - _end) : await _stream!.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
        if (n == 0) throw new IOException("the server closed the connection");
        _end += n;
        return n;
    }

    private async ValueTask<byte[]> ReadResponse(bool sync, CancellationToken ct)
    {
        while (true)
        {
            int headEnd;
            while ((headEnd = _buffer.AsSpan(_start, _end - _start).IndexOf(HeadEnd)) < 0)
            {
                if (_end - _start > 64 * 1024) throw new OcfIpcException("The local API sent an HTTP head that is too large.");
                await Fill(sync, ct).ConfigureAwait(false);
            }
            string head = System.Text.Encoding.ASCII.GetString(_buffer, _start, headEnd);
            _start += headEnd + HeadEnd.Length;
            var lines = head.Split("\r\n");
            var status = lines[0].Split(' ', 3);
            if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out int code))
                throw new OcfIpcException($"The local API answered a malformed status line: {lines[0]}");
            long length = -1;
            bool close = false;
            foreach (var line in lines.Skip(1))
            {
                int colon = line.IndexOf(':');
                if (colon <= 0) continue;
                var name = line.AsSpan(0, colon).Trim();
                var value = line.AsSpan(colon + 1).Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) length = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
                else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && value.Contains("close", StringComparison.OrdinalIgnoreCase)) close = true;
            }
            if (code == 100) continue;   // 100 Continue: the real answer follows
            if (length < 0 || length > 256 * 1024 * 1024) throw new OcfIpcException($"The local API answered HTTP {code} without a usable Content-Length.", code);
            while (_end - _start < length)
            {
                if (_buffer.Length - _start < length)
                {
                    var bigger = new byte[Math.Max(_buffer.Length * 2, (int)length + 1024)];
                    Buffer.BlockCopy(_buffer, _start, bigger, 0, _end - _start);
                    _end -= _start;
                    _start = 0;
                    _buffer = bigger;
                }
                await Fill(sync, ct).ConfigureAwait(false);
            }
            var body = new ArraySegment<byte>(_buffer, _start, (int)length);
            _start += (int)length;
            _lastUsed = Environment.TickCount64;
            if (code != 200)
            {
                string text = System.Text.Encoding.UTF8.GetString(body).Trim();
                CloseStream();
                throw new OcfIpcException(code == 403
                    ? $"The local API at {Endpoint} refused this user (HTTP 403): {text}"
                    : $"The local API at {Endpoint} answered HTTP {code}: {text}", code);
            }
            var copy = body.ToArray();   // the buffer is reused by the next call
            if (close) CloseStream();
            return copy;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        CloseStream();
        _gate.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
