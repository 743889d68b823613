using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Ocf.Communication;
using Ocf.Plugins.Comm.Udp;

namespace Ocf.Tests.Transport.Udp;

/// <summary>Loopback-only helpers: free ephemeral ports, cluster options with addresses, and a datagram inbox.</summary>
internal static class UdpTestKit
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public static IPAddress Loopback(string host) => IPAddress.Parse(host);

    /// <summary><paramref name="count"/> distinct ports free on <paramref name="host"/> right now (bound at port 0 together, then released).</summary>
    public static int[] FreePorts(string host, int count)
    {
        var ip = Loopback(host);
        var sockets = Enumerable.Range(0, count).Select(_ => new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp)).ToArray();
        try
        {
            foreach (var s in sockets) s.Bind(new IPEndPoint(ip, 0));
            return sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).ToArray();
        }
        finally
        {
            foreach (var s in sockets) s.Dispose();
        }
    }

    /// <summary>"host:port", IPv6 in brackets.</summary>
    public static string Address(string host, int port) => host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";

    /// <summary>One address per node on <paramref name="host"/>, at fresh ports: node ids 1..count.</summary>
    public static OcfNodeDefinition[] Nodes(string host, int count)
    {
        var ports = FreePorts(host, count);
        return Enumerable.Range(0, count).Select(i => NodeDef((uint)(i + 1), Address(host, ports[i]))).ToArray();
    }

    public static OcfNodeDefinition NodeDef(uint id, params string[] addresses) => new(id, $"node{id}") { Addresses = addresses };

    public static OcfClusterOptions Options(uint local, IReadOnlyList<OcfNodeDefinition> nodes) => new()
    {
        ClusterName = "udp-test",
        Nodes = nodes,
        LocalNodeId = local,
        Incarnation = 1,
    };

    public static UdpTransport Create(uint local, IReadOnlyList<OcfNodeDefinition> nodes, UdpTransportSettings? settings = null) =>
        UdpTransport.Create(Options(local, nodes), settings);

    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);
    public static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);
}

/// <summary>Collects the datagrams a transport hands over (copies: the span is only valid during the call).</summary>
internal sealed class Inbox : IDisposable
{
    private readonly BlockingCollection<byte[]> _items = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Handler(ReadOnlySpan<byte> datagram)
    {
        Interlocked.Increment(ref _count);
        _items.Add(datagram.ToArray());
    }

    /// <summary>The next datagram, or null after <paramref name="timeout"/> (default 5 s).</summary>
    public byte[]? Next(TimeSpan? timeout = null) => _items.TryTake(out var d, timeout ?? UdpTestKit.Wait) ? d : null;

    /// <summary>Exactly <paramref name="count"/> datagrams (fails if they do not all come within the wait).</summary>
    public List<byte[]> Take(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? UdpTestKit.Wait);
        var list = new List<byte[]>();
        while (list.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_items.TryTake(out var d, left)) break;
            list.Add(d);
        }
        return list;
    }

    /// <summary>Everything that arrives within <paramref name="quiet"/>.</summary>
    public List<byte[]> Drain(TimeSpan quiet)
    {
        var list = new List<byte[]>();
        while (_items.TryTake(out var d, quiet)) list.Add(d);
        return list;
    }

    public void Dispose() => _items.Dispose();
}
