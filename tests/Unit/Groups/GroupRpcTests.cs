using System.Collections.Concurrent;
using Ocf.Data;
using Ocf.Groups;
using Ocf.Rpc;
using Xunit;

namespace Ocf.Tests.Groups;

public class GroupRpcTests
{
    [Fact]
    public async Task The_local_api_joins_sends_lists_and_leaves_and_deliveries_reach_the_Delivered_hook()
    {
        await using var c = new GroupCluster(2, seed: 2);
        await c.Nodes.WaitForFullViewAsync();
        var registry = new OcfRpcRegistry();
        OcfGroupRpcMethods.Register(registry, c[1]);
        var delivered = new ConcurrentQueue<string>();
        c[1].Delivered += (h, e) => delivered.Enqueue($"{h.Member} <- {GroupCluster.Recorder.Line(e)}");
        var peer = await c.JoinAsync(2, "g", "peer");

        var joined = (OcfMap)await registry.InvokeAsync(OcfGroupRpcMethods.Join, [new OcfString("g"), new OcfString("client")]);
        Assert.Equal(2, ((OcfList)joined["members"]).Count);
        Assert.True(((OcfBoolean)await registry.InvokeAsync(OcfGroupRpcMethods.Send, [new OcfString("g"), new OcfString("client"), new OcfString("hi")])).Value);
        Assert.True(((OcfBoolean)await registry.InvokeAsync(OcfGroupRpcMethods.Send,
            [new OcfString("g"), new OcfString("client"), new OcfString(Convert.ToBase64String([1, 2])), new OcfString("base64")])).Value);
        await c.WaitUntilAsync(() => peer.MessageCount == 2, "both messages at the peer");
        Assert.Equal("msg client@1 hi", peer.Messages[0]);
        Assert.Equal(new byte[] { 1, 2 }, ((OcfGroupMessage)peer.Events.Last()).Payload.ToArray());
        await c.WaitUntilAsync(() => delivered.Count(l => l.Contains("msg client@1")) == 2, "the hook");
        Assert.Equal("client@1 <- members [client@1,peer@2] client@1 Joined", delivered.First());

        var members = (OcfList)await registry.InvokeAsync(OcfGroupRpcMethods.Members, [new OcfString("g")]);
        Assert.Equal(["client", "peer"], members.Select(m => ((OcfString)((OcfMap)m)["name"]).Value));
        var dup = await Assert.ThrowsAsync<OcfRpcException>(async () => await registry.InvokeAsync(OcfGroupRpcMethods.Join, [new OcfString("g"), new OcfString("client")]));
        Assert.Equal(OcfRpcFaultCodes.InvalidParams, dup.FaultCode);
        Assert.True(((OcfBoolean)await registry.InvokeAsync(OcfGroupRpcMethods.Leave, [new OcfString("g"), new OcfString("client")])).Value);
        Assert.False(((OcfBoolean)await registry.InvokeAsync(OcfGroupRpcMethods.Leave, [new OcfString("g"), new OcfString("client")])).Value);
        await Assert.ThrowsAsync<OcfRpcException>(async () => await registry.InvokeAsync(OcfGroupRpcMethods.Send, [new OcfString("g"), new OcfString("client"), new OcfString("x")]));
        await c.WaitUntilAsync(() => peer.Handle.Members.Count == 1, "the leave at the peer");
    }
}
