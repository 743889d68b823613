using System.Net;
using System.Net.Sockets;
using Ocf.Plugins.Comm.Udp;
using Xunit;
using static Ocf.Tests.Transport.Udp.UdpTestKit;

namespace Ocf.Tests.Transport.Udp;

/// <summary>Clear, typed errors at creation: bad addresses, names that do not resolve, ports in use, unreachable families.</summary>
public class UdpTransportErrorTests
{
    [Theory]
    [InlineData("", "empty")]
    [InlineData("127.0.0.1", "no ':port'")]
    [InlineData("::1:5405", "brackets")]
    [InlineData("[::1]5405", "no ':port'")]
    [InlineData("[::1:5405", "without a matching")]
    [InlineData("[127.0.0.1]:5405", "not an IPv6 address")]
    [InlineData("127.0.0.1:0", "1–65535")]
    [InlineData("127.0.0.1:65536", "1–65535")]
    [InlineData("127.0.0.1:port", "1–65535")]
    [InlineData("10.1:5405", "not an IPv4 address")]
    [InlineData("bad host!:5405", "not a host name")]
    [InlineData(":5405", "no host")]
    [InlineData(" 127.0.0.1:5405", "white space")]
    public void A_bad_address_is_refused_naming_the_node_and_the_address(string address, string reason)
    {
        int port = FreePorts("127.0.0.1", 1)[0];
        var nodes = new[] { NodeDef(1, Address("127.0.0.1", port)), NodeDef(2, address) };
        var ex = Assert.Throws<UdpTransportException>(() => Create(1, nodes));
        Assert.Equal(UdpTransportError.InvalidAddress, ex.Error);
        Assert.Equal(2u, ex.NodeId);
        Assert.Equal(address, ex.Address);
        Assert.Contains($"'{address}'", ex.Message);
        Assert.Contains("node2", ex.Message);
        Assert.Contains(reason, ex.Message);

        // The same on the local node; and nothing stays bound after the failure.
        var ex2 = Assert.Throws<UdpTransportException>(() => Create(2, nodes));
        Assert.Equal(UdpTransportError.InvalidAddress, ex2.Error);
        using var ok = Create(1, [NodeDef(1, Address("127.0.0.1", port)), NodeDef(2, "127.0.0.1:9")]);
    }

    [Fact]
    public void A_name_that_does_not_resolve_is_refused()
    {
        var nodes = new[] { NodeDef(1, Address("127.0.0.1", FreePorts("127.0.0.1", 1)[0])), NodeDef(2, "no-such-host.invalid:5405") };
        var ex = Assert.Throws<UdpTransportException>(() => Create(1, nodes));
        Assert.Equal(UdpTransportError.UnresolvableHost, ex.Error);
        Assert.Contains("no-such-host.invalid", ex.Message);
    }

    [Fact]
    public void Host_names_are_resolved_once_at_creation()
    {
        int[] ports = FreePorts("127.0.0.1", 2);
        var nodes = new[] { NodeDef(1, $"localhost:{ports[0]}"), NodeDef(2, Address("127.0.0.1", ports[1])) };
        using var t1 = Create(1, nodes);
        Assert.True(IPAddress.IsLoopback(Assert.Single(t1.LocalEndPoints).Address));
        Assert.Equal(ports[0], t1.LocalEndPoints[0].Port);
    }

    [Fact]
    public void A_node_without_addresses_is_refused()
    {
        var nodes = new[] { NodeDef(1, Address("127.0.0.1", FreePorts("127.0.0.1", 1)[0])), NodeDef(2) };
        var ex = Assert.Throws<UdpTransportException>(() => Create(1, nodes));
        Assert.Equal(UdpTransportError.NoAddresses, ex.Error);
        Assert.Contains("node2", ex.Message);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public void A_port_in_use_is_refused_naming_the_address(string host)
    {
        var ip = Loopback(host);
        using var squatter = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        squatter.Bind(new IPEndPoint(ip, 0));
        int busy = ((IPEndPoint)squatter.LocalEndPoint!).Port;
        int[] free = FreePorts(host, 2);
        string busyAddress = Address(host, busy);

        // The local node's second ring is the busy one: the error names it, and the first ring's socket is released.
        var nodes = new[] { NodeDef(1, Address(host, free[0]), busyAddress), NodeDef(2, Address(host, free[1])) };
        var ex = Assert.Throws<UdpTransportException>(() => Create(1, nodes));
        Assert.Equal(UdpTransportError.AddressInUse, ex.Error);
        Assert.Equal(busyAddress, ex.Address);
        Assert.Contains(busyAddress, ex.Message);
        Assert.Contains("already in use", ex.Message);
        Assert.IsType<SocketException>(ex.InnerException);

        using var check = new Socket(ip.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        check.Bind(new IPEndPoint(ip, free[0]));
    }

    [Fact]
    public void A_peer_address_of_a_family_the_local_node_cannot_send_to_is_refused()
    {
        var nodes = new[] { NodeDef(1, Address("127.0.0.1", FreePorts("127.0.0.1", 1)[0])), NodeDef(2, Address("::1", FreePorts("::1", 1)[0])) };
        var ex = Assert.Throws<UdpTransportException>(() => Create(1, nodes));
        Assert.Equal(UdpTransportError.NoRoute, ex.Error);
        Assert.Contains("IPv6", ex.Message);
        Assert.Contains("'::'", ex.Message);

        // With the dual-mode wildcard it is fine.
        using var t = Create(1, nodes, new UdpTransportSettings { BindAddress = IPAddress.IPv6Any });
    }

    [Fact]
    public void The_same_address_for_two_nodes_is_refused()
    {
        int[] ports = FreePorts("127.0.0.1", 2);
        var nodes = new[] { NodeDef(1, Address("127.0.0.1", ports[0])), NodeDef(2, Address("127.0.0.1", ports[1])), NodeDef(3, Address("127.0.0.1", ports[1])) };
        var ex = Assert.Throws<UdpTransportException>(() => Create(1, nodes));
        Assert.Equal(UdpTransportError.DuplicateAddress, ex.Error);
        Assert.Contains("node2", ex.Message);
        Assert.Contains("node3", ex.Message);
    }

    [Fact]
    public void Out_of_range_settings_are_refused()
    {
        var nodes = Nodes("127.0.0.1", 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(1, nodes, new UdpTransportSettings { ReceiveBufferSize = 10 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(1, nodes, new UdpTransportSettings { SendBufferSize = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(1, nodes, new UdpTransportSettings { Ttl = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(1, nodes, new UdpTransportSettings { Ttl = 256 }));
    }
}
