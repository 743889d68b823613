using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ocf.Tests.Stonith.PowerSwitch.Simulators;

/// <summary>
/// A device's telnet command line on 127.0.0.1 with an ephemeral port: one task per session, line input (CR, LF,
/// CR LF or CR NUL end a line), text output. Like a real telnet server it offers binary transmission and
/// suppress-go-ahead at connect (IAC WILL/DO BINARY, WILL/DO SGA) and answers the client's negotiation; a client that
/// ignores or refuses options (cluster-glue, our plugins) simply stays in plain NVT text. In binary mode a client
/// such as telnet(1) sends a typed CR LF as it is instead of the NVT's CR NUL CR LF. With <c>singleSession</c> a
/// second connection while one is open is closed at once (WTI NPS behaviour).
/// </summary>
public abstract class TelnetSimulator : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly bool _singleSession;
    private readonly List<Task> _sessions = [];
    private readonly List<TcpClient> _clients = [];
    private readonly object _gate = new();
    private Task? _accept;
    private int _open;

    protected TelnetSimulator(OutletBank outlets, bool singleSession)
    {
        Outlets = outlets;
        _singleSession = singleSession;
    }

    public OutletBank Outlets { get; }
    public string Host => "127.0.0.1";
    public int Port { get; private set; }
    public bool IgnorePowerCommands { get; set; }
    /// <summary>After a successful login, read commands and answer none (a device that stops mid-dialogue).</summary>
    public bool StopAnswering { get; set; }
    public int SessionsAccepted;
    public int SessionsRefused;
    /// <summary>Called with each command line as it arrives.</summary>
    public Action<string>? OnCommand { get; set; }

    protected void Start()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accept = Task.Run(AcceptAsync);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            lock (_gate)
            {
                if (_singleSession && _open > 0)
                {
                    Interlocked.Increment(ref SessionsRefused);
                    client.Dispose();
                    continue;
                }
                _open++;
                Interlocked.Increment(ref SessionsAccepted);
                _clients.Add(client);
                _sessions.Add(Task.Run(() => SessionAsync(client)));
            }
        }
    }

    private async Task SessionAsync(TcpClient client)
    {
        try
        {
            client.NoDelay = true;
            var connection = new Connection(client.GetStream(), this);
            await connection.OfferBinaryAsync(_stop.Token);
            await RunSessionAsync(connection, _stop.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            // Free the session slot before the client sees the close, so it may connect again at once.
            lock (_gate) _open--;
            client.Dispose();
        }
    }

    /// <summary>One session, from the banner to the logout.</summary>
    protected abstract Task RunSessionAsync(Connection connection, CancellationToken cancellationToken);

    protected void Received(string command)
    {
        Outlets.Log(command);
        OnCommand?.Invoke(command);
    }

    /// <summary>Outlet numbers for "1", "1 2", "1+2", "*" or a name; null when any is unknown.</summary>
    protected int[]? ResolveOutlets(IEnumerable<string> tokens)
    {
        var result = new List<int>();
        foreach (var t in tokens)
        {
            if (t == "*") result.AddRange(Outlets.Numbers);
            else if (int.TryParse(t, out int n) && Outlets.Exists(n)) result.Add(n);
            else if (Outlets.Named(t) is { Length: > 0 } named) result.AddRange(named);
            else return null;
        }
        return result.Count == 0 ? null : result.Distinct().ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        Task[] sessions;
        lock (_gate)
        {
            foreach (var c in _clients) c.Dispose();
            sessions = _sessions.ToArray();
        }
        try { await Task.WhenAll(sessions.Append(_accept ?? Task.CompletedTask)).WaitAsync(TimeSpan.FromSeconds(5)); }
        catch (Exception) { }
        _stop.Dispose();
    }

    /// <summary>Line-oriented NVT text over one connection, with the server's side of telnet option negotiation.</summary>
    public sealed class Connection(NetworkStream stream, TelnetSimulator owner)
    {
        private const byte Iac = 255, Dont = 254, Do = 253, Wont = 252, Will = 251, Sb = 250, Se = 240;
        private const byte Binary = 0, SuppressGoAhead = 3;
        private readonly byte[] _buffer = new byte[512];
        private readonly StringBuilder _line = new();
        private readonly Queue<string> _lines = new();
        private readonly List<byte> _replies = [];
        // Options enabled on our side (we WILL) and on the client's (it WILL), and the ones we asked for.
        private readonly HashSet<byte> _local = [], _remote = [], _askedLocal = [], _askedRemote = [];
        private int _at, _count;
        private bool _afterCr;
        private int _iac; // 0 none, 1 after IAC, 2 after IAC verb, 3 in SB, 4 IAC in SB
        private byte _verb;

        public TelnetSimulator Owner => owner;

        public Task WriteAsync(string text, CancellationToken cancellationToken) =>
            stream.WriteAsync(System.Text.Encoding.Latin1.GetBytes(text), cancellationToken).AsTask();

        /// <summary>IAC WILL/DO BINARY and SGA, as telnet servers open a session.</summary>
        public Task OfferBinaryAsync(CancellationToken cancellationToken)
        {
            foreach (byte option in new[] { Binary, SuppressGoAhead })
            {
                _askedLocal.Add(option);
                _askedRemote.Add(option);
            }
            return stream.WriteAsync(new byte[] { Iac, Will, Binary, Iac, Do, Binary, Iac, Will, SuppressGoAhead, Iac, Do, SuppressGoAhead }, cancellationToken).AsTask();
        }

        /// <summary>The next line, without its end; null when the client closed the connection.</summary>
        public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (_lines.Count == 0)
            {
                if (_at == _count)
                {
                    _count = await stream.ReadAsync(_buffer, cancellationToken);
                    _at = 0;
                    if (_count == 0) return null;
                }
                while (_at < _count) Feed(_buffer[_at++]);
                if (_replies.Count > 0)
                {
                    await stream.WriteAsync(_replies.ToArray(), cancellationToken);
                    _replies.Clear();
                }
            }
            return _lines.Dequeue();
        }

        /// <summary>RFC 854/1143 in brief: agree to BINARY and SGA, refuse the rest, never answer an answer.</summary>
        private void Negotiate(byte verb, byte option)
        {
            bool supported = option is Binary or SuppressGoAhead;
            switch (verb)
            {
                case Do:
                    if (_askedLocal.Remove(option)) { if (supported) _local.Add(option); }
                    else if (supported && _local.Add(option)) _replies.AddRange([Iac, Will, option]);
                    else if (!supported) _replies.AddRange([Iac, Wont, option]);
                    break;
                case Dont:
                    if (_askedLocal.Remove(option)) break;
                    if (_local.Remove(option)) _replies.AddRange([Iac, Wont, option]);
                    break;
                case Will:
                    if (_askedRemote.Remove(option)) { if (supported) _remote.Add(option); }
                    else if (supported && _remote.Add(option)) _replies.AddRange([Iac, Do, option]);
                    else if (!supported) _replies.AddRange([Iac, Dont, option]);
                    break;
                case Wont:
                    if (_askedRemote.Remove(option)) break;
                    if (_remote.Remove(option)) _replies.AddRange([Iac, Dont, option]);
                    break;
            }
        }

        private void Feed(byte b)
        {
            switch (_iac)
            {
                case 1:
                    _iac = b is >= Will and <= Dont ? 2 : b == Sb ? 3 : 0;
                    _verb = b;
                    if (b == Iac) _line.Append((char)Iac);
                    return;
                case 2: _iac = 0; Negotiate(_verb, b); return;
                case 3: if (b == Iac) _iac = 4; return;
                case 4: _iac = b == Se ? 0 : 3; return;
            }
            if (b == Iac) { _iac = 1; return; }
            if (b == 0) return;
            if (b == '\n' && _afterCr) { _afterCr = false; return; }
            _afterCr = b == '\r';
            if (b is (byte)'\r' or (byte)'\n')
            {
                _lines.Enqueue(_line.ToString());
                _line.Clear();
                return;
            }
            _line.Append((char)b);
        }
    }
}
