using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using Ocf.Communication;

namespace Ocf.Plugins.Comm.Udp;

/// <summary>
/// Best-effort UDP datagrams between the configured nodes. Every address in <see cref="OcfNodeDefinition.Addresses"/>
/// ("host:port"; IPv6 as "[addr]:port"; names resolved once, at creation) is one ring: the local node binds one socket
/// per own address (on that address, or on the configured bind address, at its port) and every datagram is unicast to
/// every address of the destination node, from the socket of the same ring where the family allows. Each socket is
/// read by a dedicated background thread with a pre-allocated buffer; receive errors (such as ICMP port-unreachable
/// reports) never stop it. Sends never block (a full socket buffer is a counted loss). No multicast: every node's
/// addresses must be configured.
/// </summary>
public sealed class UdpTransport : IOcfDatagramTransport
{
    /// <summary>The largest UDP payload over IPv4 (65535 − 20 − 8); IPv6 allows a little more, but one limit serves both.</summary>
    public const int MaxUdpPayload = 65507;

    private const int ReceiveBufferLength = 65536;
    internal const int DefaultReceiveBufferSize = 4 * 1024 * 1024;
    private const int PollMicroseconds = 100_000; // bounds how long a receive thread takes to notice disposal where shutdown() does not wake it
    private const int SioUdpConnReset = -1744830452; // _WSAIOW(IOC_VENDOR, 12)

    private readonly object _gate = new();
    private readonly LocalSocket[] _sockets;
    private readonly FrozenDictionary<uint, Target[]> _routes;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _disposed;
    private bool _started;
    private int _running;
    private long _sent, _sendFailures, _oversized, _unknownDestination, _received, _receiveErrors, _handlerErrors;

    private UdpTransport(uint localNodeId, LocalSocket[] sockets, FrozenDictionary<uint, Target[]> routes)
    {
        LocalNodeId = localNodeId;
        _sockets = sockets;
        _routes = routes;
    }

    public uint LocalNodeId { get; }

    /// <summary><see cref="MaxUdpPayload"/>: the cluster's MTU may be set up to this.</summary>
    public int MaxDatagramSize => MaxUdpPayload;

    /// <summary>The endpoints the local sockets are bound to, one per distinct local ring.</summary>
    public IReadOnlyList<IPEndPoint> LocalEndPoints => _sockets.Select(s => s.EndPoint).ToArray();

    /// <summary>The receive buffer each local socket actually got (read back after setting it), in bytes.</summary>
    public IReadOnlyList<int> ReceiveBufferSizes => _sockets.Select(s => s.ReceiveBufferSize).ToArray();

    /// <summary>
    /// Warnings about the sockets as they came up: a receive buffer the system capped below the request (bursts of a
    /// full send window will then be dropped and retransmitted: raise net.core.rmem_max or run with CAP_NET_ADMIN).
    /// </summary>
    public IReadOnlyList<string> Warnings => _sockets.Where(s => s.ReceiveBufferSize < s.ReceiveBufferRequested)
        .Select(s => $"udp {s.EndPoint}: the receive buffer is {s.ReceiveBufferSize} bytes, not the {s.ReceiveBufferRequested} requested "
            + "(capped by the system, e.g. net.core.rmem_max; SO_RCVBUFFORCE needs CAP_NET_ADMIN): bursts beyond it are dropped and retransmitted").ToArray();

    /// <summary>The last exception a handler threw (handler exceptions are counted and swallowed, so the loop survives).</summary>
    public Exception? LastHandlerError { get; private set; }

    /// <summary>Completes when every receive thread has ended (after <see cref="Dispose"/>).</summary>
    public Task Stopped => _stopped.Task;

    public UdpTransportStatistics Statistics => new(
        Interlocked.Read(ref _sent), Interlocked.Read(ref _sendFailures), Interlocked.Read(ref _oversized), Interlocked.Read(ref _unknownDestination),
        Interlocked.Read(ref _received), Interlocked.Read(ref _receiveErrors), Interlocked.Read(ref _handlerErrors));

    /// <summary>The resolved endpoints datagrams to <paramref name="nodeId"/> go to (empty for the local or an unknown node).</summary>
    public IReadOnlyList<IPEndPoint> EndPointsOf(uint nodeId) => _routes.TryGetValue(nodeId, out var targets) ? targets.Select(t => t.EndPoint).ToArray() : [];

    /// <summary>
    /// Resolves every node's addresses and binds the local node's sockets. Throws <see cref="UdpTransportException"/>
    /// for an address that is not "host:port", a name that does not resolve, a node without addresses, a duplicate
    /// address, a peer address of a family the local node cannot send to, or a local address that cannot be bound
    /// (<see cref="UdpTransportError.AddressInUse"/> for a port already taken).
    /// </summary>
    public static UdpTransport Create(OcfClusterOptions cluster, UdpTransportSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        settings ??= new UdpTransportSettings();
        settings.EnsureValid();
        var local = cluster.LocalNode;

        var parsed = new Dictionary<uint, UdpAddress[]>();
        foreach (var node in cluster.Nodes)
        {
            if (node.Addresses.Count == 0)
                throw new UdpTransportException(UdpTransportError.NoAddresses, $"Node {Describe(node)} has no addresses; the udp transport needs at least one 'host:port'.", node.NodeId);
            var list = new UdpAddress[node.Addresses.Count];
            for (int i = 0; i < list.Length; i++)
            {
                string text = node.Addresses[i];
                if (!UdpAddress.TryParse(text, out list[i], out string error))
                    throw new UdpTransportException(UdpTransportError.InvalidAddress,
                        $"Node {Describe(node)} address '{text}' is not valid: {error} (expected host:port, IPv6 as [addr]:port).", node.NodeId, text);
            }
            parsed[node.NodeId] = list;
        }

        var resolved = new Dictionary<uint, IPAddress[][]>();
        foreach (var node in cluster.Nodes)
            resolved[node.NodeId] = parsed[node.NodeId].Select((a, i) => Resolve(node, a, node.Addresses[i])).ToArray();

        // The configured (peer-visible) endpoints must be distinct, or datagrams would reach the wrong node.
        var owners = new Dictionary<IPEndPoint, (OcfNodeDefinition Node, string Text)>();
        void Claim(OcfNodeDefinition node, string text, IPEndPoint endPoint)
        {
            if (owners.TryGetValue(endPoint, out var owner))
                throw new UdpTransportException(UdpTransportError.DuplicateAddress,
                    $"Node {Describe(node)} address '{text}' ({endPoint}) is also node {Describe(owner.Node)}'s address '{owner.Text}'.", node.NodeId, text);
            owners[endPoint] = (node, text);
        }

        var localAddresses = parsed[local.NodeId];
        var localEndPoints = new IPEndPoint[localAddresses.Length];
        for (int i = 0; i < localAddresses.Length; i++)
        {
            localEndPoints[i] = new IPEndPoint(resolved[local.NodeId][i][0], localAddresses[i].Port);
            Claim(local, local.Addresses[i], localEndPoints[i]);
        }

        var sockets = new List<LocalSocket>();
        try
        {
            // One socket per distinct bind endpoint; ring i sends from ringSocket[i].
            var ringSocket = new int[localAddresses.Length];
            for (int i = 0; i < localAddresses.Length; i++)
            {
                var bind = new IPEndPoint(settings.BindAddress ?? localEndPoints[i].Address, localEndPoints[i].Port);
                int index = sockets.FindIndex(s => s.Requested.Equals(bind));
                if (index < 0)
                {
                    sockets.Add(Bind(local, local.Addresses[i], bind, settings));
                    index = sockets.Count - 1;
                }
                ringSocket[i] = index;
            }

            var routes = new Dictionary<uint, Target[]>();
            foreach (var node in cluster.Nodes)
            {
                if (node.NodeId == local.NodeId) continue;
                var addresses = parsed[node.NodeId];
                var targets = new Target[addresses.Length];
                for (int j = 0; j < addresses.Length; j++)
                {
                    var preferred = j < ringSocket.Length ? [ringSocket[j]] : Array.Empty<int>();
                    var order = preferred.Concat(Enumerable.Range(0, sockets.Count).Except(preferred));
                    Target? chosen = null;
                    foreach (int s in order)
                    {
                        var socket = sockets[s];
                        var ip = resolved[node.NodeId][j].FirstOrDefault(socket.CanReach);
                        if (ip is null) continue;
                        var endPoint = new IPEndPoint(ip, addresses[j].Port);
                        chosen = new Target(socket.Socket, endPoint, socket.Address(endPoint));
                        break;
                    }
                    if (chosen is null)
                    {
                        string families = string.Join(", ", resolved[node.NodeId][j].Select(a => a.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4").Distinct());
                        throw new UdpTransportException(UdpTransportError.NoRoute,
                            $"Node {Describe(node)} address '{node.Addresses[j]}' ({families}) cannot be reached: the local node has no socket of that family " +
                            $"(bound: {string.Join(", ", sockets.Select(x => x.EndPoint))}); give the local node an address of that family, or bind_address '::'.",
                            node.NodeId, node.Addresses[j]);
                    }
                    Claim(node, node.Addresses[j], chosen.EndPoint);
                    targets[j] = chosen;
                }
                routes[node.NodeId] = targets;
            }
            return new UdpTransport(local.NodeId, [.. sockets], routes.ToFrozenDictionary());
        }
        catch
        {
            foreach (var s in sockets) s.Socket.Dispose();
            throw;
        }
    }

    private static string Describe(OcfNodeDefinition node) => $"{node.NodeId} ('{node.Name}')";

    private static IPAddress[] Resolve(OcfNodeDefinition node, UdpAddress address, string text)
    {
        IPAddress[] ips;
        try { ips = address.Resolve(); }
        catch (SocketException e)
        {
            throw new UdpTransportException(UdpTransportError.UnresolvableHost, $"Node {Describe(node)} address '{text}': the host '{address.Host}' does not resolve ({e.Message}).", node.NodeId, text, e);
        }
        ips = ips.Where(ip => ip.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6).ToArray();
        if (ips.Length == 0)
            throw new UdpTransportException(UdpTransportError.UnresolvableHost, $"Node {Describe(node)} address '{text}': the host '{address.Host}' resolves to no IP address.", node.NodeId, text);
        return ips;
    }

    private static LocalSocket Bind(OcfNodeDefinition local, string text, IPEndPoint bind, UdpTransportSettings settings)
    {
        var socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            bool dualMode = bind.Address.Equals(IPAddress.IPv6Any);
            if (dualMode) socket.DualMode = true;
            if (OperatingSystem.IsWindows())
            {
                socket.ExclusiveAddressUse = true;
                // Without this, an ICMP port-unreachable for an earlier send fails the next receive with WSAECONNRESET.
                socket.IOControl(SioUdpConnReset, [0, 0, 0, 0], null);
            }
            // Default: room for a full send window (1024 datagrams of up to ~1.4 KB) arriving in a burst; the kernel
            // caps it at net.core.rmem_max (4 MiB here) without an error. The OS default (~208 KB) drops bursts.
            int wantedReceive = settings.ReceiveBufferSize ?? DefaultReceiveBufferSize;
            socket.ReceiveBufferSize = wantedReceive;
            int receiveBuffer = EffectiveReceiveBuffer(socket);
            if (receiveBuffer < wantedReceive && OperatingSystem.IsLinux())
            {
                // Capped by net.core.rmem_max (stock kernels: 208 KiB). SO_RCVBUFFORCE ignores the cap for a process
                // with CAP_NET_ADMIN (root, as cluster daemons usually run); without it the call fails: keep the cap.
                try
                {
                    socket.SetRawSocketOption(SolSocket, SoRcvBufForce, BitConverter.GetBytes(wantedReceive));
                    receiveBuffer = EffectiveReceiveBuffer(socket);
                }
                catch (SocketException) { }
            }
            if (settings.SendBufferSize is { } snd) socket.SendBufferSize = snd;
            if (settings.Ttl is { } ttl)
            {
                socket.Ttl = (short)ttl;
                // IPv4 traffic of a dual-mode socket has its own TTL where the system allows setting it (Linux, Windows).
                if (dualMode)
                {
                    try { socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.IpTimeToLive, ttl); }
                    catch (SocketException) { }
                }
            }
            try { socket.Bind(bind); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new UdpTransportException(UdpTransportError.AddressInUse,
                    $"Node {Describe(local)} address '{text}': cannot bind {bind}, the port is already in use (another cluster stack on this host?).", local.NodeId, text, e);
            }
            catch (SocketException e)
            {
                throw new UdpTransportException(UdpTransportError.CannotBind,
                    $"Node {Describe(local)} address '{text}': cannot bind {bind} ({e.SocketErrorCode}: {e.Message}); is it an address of this host?", local.NodeId, text, e);
            }
            socket.Blocking = false;
            return new LocalSocket(socket, bind, (IPEndPoint)socket.LocalEndPoint!, dualMode) { ReceiveBufferSize = receiveBuffer, ReceiveBufferRequested = wantedReceive };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Start(OcfDatagramHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started) throw new InvalidOperationException("the transport is already started");
            _started = true;
            _running = _sockets.Length;
            foreach (var socket in _sockets)
            {
                var thread = new Thread(() => ReceiveLoop(socket.Socket, handler))
                {
                    IsBackground = true,
                    Name = $"ocf-udp-receive {socket.EndPoint}",
                };
                thread.Start();
            }
        }
    }

    public void Send(uint destination, ReadOnlySpan<byte> datagram)
    {
        if (_disposed) return;
        if (datagram.Length > MaxUdpPayload) { Interlocked.Increment(ref _oversized); return; }
        if (!_routes.TryGetValue(destination, out var targets)) { Interlocked.Increment(ref _unknownDestination); return; }
        foreach (var target in targets)
        {
            try
            {
                target.Socket.SendTo(datagram, SocketFlags.None, target.Address);
                Interlocked.Increment(ref _sent);
            }
            catch (SocketException) { Interlocked.Increment(ref _sendFailures); } // buffer full (WouldBlock), unreachable, …: a loss
            catch (ObjectDisposedException) { return; }
        }
    }

    private void ReceiveLoop(Socket socket, OcfDatagramHandler handler)
    {
        var buffer = new byte[ReceiveBufferLength];
        int consecutiveErrors = 0;
        try
        {
            while (!_disposed)
            {
                try
                {
                    if (!socket.Poll(PollMicroseconds, SelectMode.SelectRead)) continue;
                }
                catch (ObjectDisposedException) { return; }
                catch (SocketException)
                {
                    if (_disposed) return;
                    Interlocked.Increment(ref _receiveErrors);
                    Thread.Sleep(10);
                    continue;
                }
                // Drain what is queued, then poll again.
                while (!_disposed)
                {
                    int length;
                    SocketError error;
                    try { length = socket.Receive(buffer, SocketFlags.None, out error); }
                    catch (ObjectDisposedException) { return; }
                    if (error == SocketError.WouldBlock) break;
                    if (error != SocketError.Success)
                    {
                        // E.g. ConnectionReset (an ICMP report on Windows), MessageSize: never fatal.
                        if (_disposed) return;
                        Interlocked.Increment(ref _receiveErrors);
                        if (++consecutiveErrors >= 100) { Thread.Sleep(10); consecutiveErrors = 0; }
                        break;
                    }
                    consecutiveErrors = 0;
                    if (length == 0) continue; // an empty datagram carries nothing (and after shutdown, _disposed ends the loop)
                    Interlocked.Increment(ref _received);
                    try { handler(buffer.AsSpan(0, length)); }
                    catch (Exception e)
                    {
                        Interlocked.Increment(ref _handlerErrors);
                        LastHandlerError = e;
                    }
                }
            }
        }
        finally
        {
            if (Interlocked.Decrement(ref _running) == 0) _stopped.TrySetResult();
        }
    }

    /// <summary>Stops receiving and closes the sockets at once (receive threads end within a poll interval; see <see cref="Stopped"/>).</summary>
    public void Dispose()
    {
        bool started;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            started = _started;
        }
        foreach (var s in _sockets)
        {
            // shutdown() wakes a thread blocked in poll() at once (Linux); the socket closes when that call returns.
            try { s.Socket.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { }
            s.Socket.Dispose();
        }
        if (!started) _stopped.TrySetResult();
    }

    private const int SolSocket = 1, SoRcvBufForce = 33; // Linux <asm-generic/socket.h>

    /// <summary>The usable receive buffer: Linux reports twice what it grants (the kernel's bookkeeping share).</summary>
    private static int EffectiveReceiveBuffer(Socket socket) =>
        OperatingSystem.IsLinux() ? socket.ReceiveBufferSize / 2 : socket.ReceiveBufferSize;

    private sealed record LocalSocket(Socket Socket, IPEndPoint Requested, IPEndPoint EndPoint, bool DualMode)
    {
        public int ReceiveBufferSize { get; init; }
        public int ReceiveBufferRequested { get; init; }

        public bool CanReach(IPAddress ip) =>
            ip.AddressFamily == Socket.AddressFamily || (DualMode && ip.AddressFamily == AddressFamily.InterNetwork);

        public SocketAddress Address(IPEndPoint remote) =>
            (remote.AddressFamily != Socket.AddressFamily ? new IPEndPoint(remote.Address.MapToIPv6(), remote.Port) : remote).Serialize();
    }

    private sealed record Target(Socket Socket, IPEndPoint EndPoint, SocketAddress Address);
}
