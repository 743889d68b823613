using System.Text;
using Ocf.Stonith;

namespace Ocf.Plugins.Stonith.PowerSwitch.Common;

/// <summary>One expect step's outcome: which token matched, and the text that came before it.</summary>
internal readonly record struct ExpectMatch(int Index, string Token, string Before);

/// <summary>
/// Expect-style dialogue over a byte stream (a serial port or a TCP connection), as cluster-glue's ExpectToken does it:
/// send text, then read until one of several tokens appears or the step's own timeout passes. Bytes map 1:1 to chars
/// (Latin-1). Text read past a match stays buffered for the next step. With <c>telnet</c> on, option negotiation
/// (IAC ...) is removed from the input and every option the peer proposes is refused, so a real telnet server falls
/// back to a plain network-virtual-terminal dialogue.
/// </summary>
internal sealed class ExpectDialogue
{
    private const int MaxPending = 64 * 1024;
    private const byte Iac = 255, Dont = 254, Do = 253, Wont = 252, Will = 251, Sb = 250, Se = 240;

    private readonly Stream _stream;
    private readonly string _device;
    private readonly bool _telnet;
    private readonly StringBuilder _pending = new();
    private readonly byte[] _buffer = new byte[2048];
    private readonly List<string> _secrets = [];
    private readonly List<byte> _replies = [];
    private TelnetState _state;
    private byte _verb;

    private enum TelnetState { Data, Iac, Option, Sub, SubIac }

    /// <param name="device">How messages name the device, e.g. "RPS-10 on /dev/ttyS0".</param>
    public ExpectDialogue(Stream stream, string device, bool telnet)
    {
        _stream = stream;
        _device = device;
        _telnet = telnet;
    }

    /// <summary>Bytes received so far (telnet negotiation included).</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Whether the peer has closed the connection.</summary>
    public bool Closed { get; private set; }

    /// <summary>Text never to be quoted in an error message (a device may echo a password).</summary>
    public void AddSecret(string? secret)
    {
        if (!string.IsNullOrEmpty(secret)) _secrets.Add(secret);
    }

    public Task SendAsync(string text, CancellationToken cancellationToken) => WriteAsync(Encode(text), cancellationToken);

    /// <summary>Sends one character at a time with a pause after each (slow device input buffers, e.g. APC UPSes).</summary>
    public async Task SendSlowlyAsync(string text, TimeSpan charDelay, CancellationToken cancellationToken)
    {
        foreach (char c in text)
        {
            await WriteAsync(Encode(c.ToString()), cancellationToken).ConfigureAwait(false);
            if (charDelay > TimeSpan.Zero) await Task.Delay(charDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets what was read and not yet consumed (like tcflush(TCIFLUSH) before a command).</summary>
    public void DiscardPending() => _pending.Clear();

    /// <summary>
    /// Reads until one of <paramref name="tokens"/> appears (the one that completes first wins) and consumes the input
    /// through it. No answer within <paramref name="timeout"/>, or a closed connection, is
    /// <see cref="OcfStonithFailureKind.Unreachable"/>; cancelling <paramref name="cancellationToken"/> throws
    /// <see cref="OperationCanceledException"/> (the framework reports its own timeout).
    /// </summary>
    public async Task<ExpectMatch> ExpectAsync(string step, TimeSpan timeout, CancellationToken cancellationToken, params string[] tokens)
    {
        if (TryMatch(tokens, out var found)) return found;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            int n;
            try
            {
                // WaitAsync: a stream whose reads ignore cancellation still cannot hold the step past its timeout.
                n = await _stream.ReadAsync(_buffer, cts.Token).AsTask().WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new OcfStonithException(OcfStonithFailureKind.Unreachable,
                    $"No answer from the {_device} within {timeout.TotalSeconds:0.#} s while waiting for {Quote(tokens)}{Recent()}.", step);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or TimeoutException)
            {
                throw new OcfStonithException(OcfStonithFailureKind.Unreachable,
                    $"The connection to the {_device} failed while waiting for {Quote(tokens)}: {e.Message}", step, inner: e);
            }
            if (n == 0)
            {
                Closed = true;
                throw new OcfStonithException(OcfStonithFailureKind.Unreachable,
                    $"The {_device} closed the connection while we waited for {Quote(tokens)}{Recent()}.", step);
            }
            BytesReceived += n;
            Absorb(_buffer.AsSpan(0, n));
            await FlushRepliesAsync(cancellationToken).ConfigureAwait(false);
            if (TryMatch(tokens, out found)) return found;
        }
    }

    /// <summary>Reads one line (up to LF); the line is returned without its CR/LF.</summary>
    public async Task<string> ReadLineAsync(string step, TimeSpan timeout, CancellationToken cancellationToken) =>
        (await ExpectAsync(step, timeout, cancellationToken, "\n").ConfigureAwait(false)).Before.TrimEnd('\r');

    /// <summary>Best effort, after a logout: waits until the device closes the connection (devices that allow one
    /// session at a time accept the next one only then). True when it closed.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await _stream.ReadAsync(_buffer, cts.Token).AsTask().WaitAsync(cts.Token).ConfigureAwait(false) > 0) { }
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            return e is not OperationCanceledException;
        }
    }

    private bool TryMatch(string[] tokens, out ExpectMatch match)
    {
        match = default;
        if (_pending.Length == 0) return false;
        string text = _pending.ToString();
        int best = -1, bestEnd = int.MaxValue, bestAt = 0;
        for (int i = 0; i < tokens.Length; i++)
        {
            int at = text.IndexOf(tokens[i], StringComparison.Ordinal);
            if (at < 0) continue;
            int end = at + tokens[i].Length;
            if (end < bestEnd) { best = i; bestEnd = end; bestAt = at; }
        }
        if (best < 0) return false;
        match = new ExpectMatch(best, tokens[best], text[..bestAt]);
        _pending.Remove(0, bestEnd);
        return true;
    }

    private void Absorb(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            if (!_telnet)
            {
                _pending.Append((char)b);
                continue;
            }
            switch (_state)
            {
                case TelnetState.Data:
                    if (b == Iac) _state = TelnetState.Iac;
                    else if (b != 0) _pending.Append((char)b); // NUL follows a bare CR in NVT text
                    break;
                case TelnetState.Iac:
                    if (b == Iac) { _pending.Append((char)Iac); _state = TelnetState.Data; }
                    else if (b is Will or Wont or Do or Dont) { _verb = b; _state = TelnetState.Option; }
                    else if (b == Sb) _state = TelnetState.Sub;
                    else _state = TelnetState.Data; // NOP, GA, ... carry nothing
                    break;
                case TelnetState.Option:
                    // Refuse everything: we stay a plain NVT. WONT/DONT need no answer (they are already our state).
                    if (_verb == Will) _replies.AddRange([Iac, Dont, b]);
                    else if (_verb == Do) _replies.AddRange([Iac, Wont, b]);
                    _state = TelnetState.Data;
                    break;
                case TelnetState.Sub:
                    if (b == Iac) _state = TelnetState.SubIac;
                    break;
                case TelnetState.SubIac:
                    _state = b == Se ? TelnetState.Data : TelnetState.Sub;
                    break;
            }
        }
        if (_pending.Length > MaxPending) _pending.Remove(0, _pending.Length - MaxPending);
    }

    private async Task FlushRepliesAsync(CancellationToken cancellationToken)
    {
        if (_replies.Count == 0) return;
        byte[] replies = _replies.ToArray();
        _replies.Clear();
        await WriteAsync(replies, cancellationToken).ConfigureAwait(false);
    }

    private byte[] Encode(string text)
    {
        var bytes = new List<byte>(text.Length);
        foreach (char c in text)
        {
            if (c > 0xFF) throw new OcfStonithException(OcfStonithFailureKind.PluginError, $"Cannot send the character U+{(int)c:X4} to the {_device} (8-bit text only).");
            bytes.Add((byte)c);
            if (_telnet && c == (char)Iac) bytes.Add(Iac); // a data byte 255 is doubled on a telnet connection
        }
        return bytes.ToArray();
    }

    private async Task WriteAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or TimeoutException)
        {
            throw new OcfStonithException(OcfStonithFailureKind.Unreachable, $"Cannot write to the {_device}: {e.Message}", inner: e);
        }
    }

    private static string Quote(string[] tokens) => string.Join(" or ", tokens.Select(t => $"'{Printable(t)}'"));

    /// <summary>The last few characters seen, for messages: what the device said instead.</summary>
    private string Recent()
    {
        if (_pending.Length == 0) return BytesReceived == 0 ? " (it sent nothing at all)" : " (nothing more came)";
        string text = _pending.ToString();
        if (text.Length > 120) text = text[^120..];
        foreach (var s in _secrets) text = text.Replace(s, "********", StringComparison.Ordinal);
        return $"; it last sent '{Printable(text)}'";
    }

    internal static string Printable(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '\r': b.Append("\\r"); break;
                case '\n': b.Append("\\n"); break;
                default:
                    if (c < ' ' || c == 0x7F) b.Append($"\\x{(int)c:X2}");
                    else b.Append(c);
                    break;
            }
        }
        return b.ToString();
    }
}
