using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ocf.Plugins.Stonith.Ipmi.Messages;
using Ocf.Stonith;

namespace Ocf.Plugins.Stonith.Ipmi.Transport;

/// <summary>
/// One UDP conversation with a BMC: send a datagram, wait up to the per-request timeout for an answer that matches,
/// resend on silence (a fresh datagram from the builder each time), and give up after the configured retries with
/// <see cref="OcfStonithFailureKind.Unreachable"/>. Datagrams that do not match (stale answers, other sessions,
/// malformed or inauthentic packets) are dropped without ending the wait.
/// </summary>
internal sealed class IpmiUdpTransport : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[2048];

    private IpmiUdpTransport(Socket socket, string target, TimeSpan timeout, int retries)
    {
        _socket = socket;
        Target = target;
        Timeout = timeout;
        Retries = retries;
    }

    /// <summary>"host:port" as the messages show it.</summary>
    public string Target { get; }
    public TimeSpan Timeout { get; }
    public int Retries { get; }

    /// <summary>Resolves the BMC's address and opens a connected UDP socket (no datagram is sent).</summary>
    public static async Task<IpmiUdpTransport> OpenAsync(string host, int port, TimeSpan timeout, int retries, CancellationToken cancellationToken)
    {
        string target = host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";
        IPAddress address;
        if (!IPAddress.TryParse(host, out address!))
        {
            try
            {
                var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
                address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
                    ?? throw new SocketException((int)SocketError.HostNotFound);
            }
            catch (SocketException e)
            {
                throw new OcfStonithException(OcfStonithFailureKind.Unreachable, $"Cannot resolve the BMC address '{host}': {e.Message}", inner: e);
            }
        }
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Connect(new IPEndPoint(address, port));
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new OcfStonithException(OcfStonithFailureKind.Unreachable, $"Cannot reach the BMC at {target}: {e.Message}", inner: e);
        }
        return new IpmiUdpTransport(socket, target, timeout, retries);
    }

    /// <summary>
    /// Sends <paramref name="build"/>() and returns the first answer <paramref name="accept"/> turns into a value
    /// (null: not ours, keep waiting; <see cref="IpmiFormatException"/>: malformed, keep waiting). Each resend calls
    /// <paramref name="build"/> again, so session sequence numbers can advance.
    /// </summary>
    public async Task<T> ExchangeAsync<T>(string what, Func<byte[]> build, Func<ReadOnlyMemory<byte>, T?> accept, CancellationToken cancellationToken,
        int? retries = null) where T : class
    {
        int attempts = (retries ?? Retries) + 1;
        SocketError? refusal = null;
        string? lastProblem = null;
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            long deadline = Stopwatch.GetTimestamp() + (long)(Timeout.TotalSeconds * Stopwatch.Frequency);
            try
            {
                await _socket.SendAsync(build(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e) when (IsRefusal(e))
            {
                // A pending ICMP error from an earlier datagram; the BMC may be starting: wait out the attempt.
                refusal = e.SocketErrorCode;
            }
            while (true)
            {
                var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                if (remaining <= TimeSpan.Zero) break;
                int n;
                using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    attemptTimeout.CancelAfter(remaining);
                    try
                    {
                        n = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, attemptTimeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    catch (SocketException e) when (IsRefusal(e))
                    {
                        refusal = e.SocketErrorCode;
                        var rest = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                        if (rest > TimeSpan.Zero) await Task.Delay(rest, cancellationToken).ConfigureAwait(false);
                        break;
                    }
                }
                T? answer;
                try
                {
                    answer = accept(_buffer.AsMemory(0, n));
                }
                catch (IpmiFormatException e)
                {
                    lastProblem = e.Message;
                    continue;
                }
                if (answer is not null) return answer;
            }
        }
        string seconds = Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        throw new OcfStonithException(OcfStonithFailureKind.Unreachable,
            $"No answer from the BMC at {Target} to {what} after {attempts} attempt(s) of {seconds} s" +
            refusal switch
            {
                SocketError.ConnectionRefused or SocketError.ConnectionReset => " (nothing is listening there: ICMP port unreachable)",
                SocketError.HostUnreachable => " (host unreachable)",
                SocketError.NetworkUnreachable => " (network unreachable)",
                _ => "",
            } +
            (lastProblem is null ? "." : $"; the last datagram was dropped: {lastProblem}."));
    }

    /// <summary>Sends one datagram without waiting for an answer (best-effort session teardown).</summary>
    public void SendAndForget(byte[] datagram)
    {
        try { _socket.Send(datagram, SocketFlags.None); }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
    }

    private static bool IsRefusal(SocketException e) =>
        e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.HostUnreachable or SocketError.NetworkUnreachable;

    public void Dispose() => _socket.Dispose();
}
