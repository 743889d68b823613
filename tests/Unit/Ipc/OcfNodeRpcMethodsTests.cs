using System.Text.Json;
using Ocf.Communication;
using Ocf.Data;
using Ocf.Encoding.XmlRpc;
using Ocf.Ipc;
using Ocf.Node;
using Ocf.Rpc;
using Xunit;

namespace Ocf.Tests.Ipc;

public class OcfNodeRpcMethodsTests
{
    [UnixSocketFact]
    public async Task Membership_and_nodes_of_a_running_node_over_the_local_api()
    {
        var configuration = new OcfClusterConfiguration
        {
            ClusterName = "rpc",
            Nodes = [new OcfNodeDefinition(1, "n1"), new OcfNodeDefinition(2, "n2")],
            Keepalive = TimeSpan.FromMilliseconds(50),
            Deadtime = TimeSpan.FromMilliseconds(500),
            Initdead = TimeSpan.FromSeconds(1),
            AuthKey = "unused-with-an-explicit-key-store",
        };
        using var network = new InMemoryDatagramNetwork(TimeProvider.System, seed: 7);
        var keys = new OcfKeyStore(new OcfKeyRing(1, OcfKeyRing.GenerateKey()));
        await using var n1 = OcfNodeRuntime.Create(configuration, "n1", network.Connect(1), keys);
        await using var n2 = OcfNodeRuntime.Create(configuration, "n2", network.Connect(2), keys);
        n1.Start();
        n2.Start();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((n1.View?.Members.Length ?? 0) < 2 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal(2, n1.View?.Members.Length);

        var registry = OcfNodeRpcMethods.CreateRegistry(n1);
        Assert.Contains(OcfNodeRpcMethods.Membership, registry.MethodNames);
        await using var h = new IpcServerHarness(registry: registry);

        var (code, stdout, stderr) = Processes.Run(Processes.Which("python3"), [Processes.Script, h.SocketPath, "call", "ocf.membership"]);
        Assert.True(code == 0, stderr);
        using (var doc = JsonDocument.Parse(stdout))
        {
            var m = doc.RootElement.GetProperty("result");
            Assert.Equal("rpc", m.GetProperty("cluster").GetString());
            Assert.Equal("n1", m.GetProperty("node").GetString());
            Assert.False(string.IsNullOrEmpty(m.GetProperty("viewId").GetString()));
            Assert.Equal(["n1", "n2"], m.GetProperty("members").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
            Assert.True(m.GetProperty("quorum").GetProperty("quorate").GetBoolean());
        }

        var nodes = await registry.InvokeAsync(OcfNodeRpcMethods.Nodes, []);
        var list = Assert.IsType<OcfList>(nodes);
        Assert.Equal(2, list.Count);
        var first = (OcfMap)list[0];
        Assert.Equal(new OcfString("n1"), first["name"]);
        Assert.Equal(new OcfInteger(1), first["id"]);
        Assert.Equal(new OcfString("Up"), first["state"]);
        Assert.Equal(OcfBoolean.True, first["local"]);
        // The result encodes as XML-RPC.
        Assert.NotEmpty(XmlRpcCodec.Instance.EncodeMessage(new XmlRpcMethodResponse(nodes)));
    }
}
