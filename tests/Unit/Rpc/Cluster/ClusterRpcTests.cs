using System.Collections.Concurrent;
using Ocf.Data;
using Ocf.Rpc;
using Ocf.Rpc.Cluster;
using Ocf.Tests.Node;
using Xunit;

namespace Ocf.Tests.Rpc.Cluster;

public class ClusterRpcTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_call_runs_on_the_named_node_with_the_cluster_call_context_and_returns_its_result()
    {
        await using var nodes = new RpcNodes(3);
        await nodes.Cluster.WaitForFullViewAsync();

        var remote = (OcfMap)await nodes[1].CallAsync(2, "test.whoami", [], Long);
        Assert.Equal(2L, ((OcfInteger)remote["node"]).Value);
        Assert.Equal("cluster", ((OcfString)remote["transport"]).Value);
        Assert.Equal(1L, ((OcfInteger)remote["caller"]).Value);
        Assert.Equal(1L, ((OcfInteger)remote["connection"]).Value);

        var self = (OcfMap)await nodes[3].CallAsync(3, "test.whoami", [], Long); // a node may call itself
        Assert.Equal(3L, ((OcfInteger)self["node"]).Value);
        Assert.Equal(3L, ((OcfInteger)self["caller"]).Value);

        Assert.Equal(5L, ((OcfInteger)await nodes[2].CallAsync(1, "test.add", [new OcfInteger(2), new OcfInteger(3)], Long)).Value);
        Assert.Equal(0, nodes.Count(1) + nodes.Count(2) + nodes.Count(3)); // nothing else ran anything
    }

    [Fact]
    public async Task A_remote_fault_arrives_with_its_own_code_and_text()
    {
        await using var nodes = new RpcNodes(2);
        await nodes.Cluster.WaitForFullViewAsync();

        var fault = await Assert.ThrowsAsync<OcfRpcException>(() => nodes[1].CallAsync(2, "test.fail", [], Long));
        Assert.IsNotType<OcfClusterRpcException>(fault);
        Assert.Equal(42, fault.FaultCode);
        Assert.Equal("no on 2", fault.FaultString);

        var missing = await Assert.ThrowsAsync<OcfRpcException>(() => nodes[1].CallAsync(2, "no.such", [], Long));
        Assert.Equal(OcfRpcFaultCodes.MethodNotFound, missing.FaultCode);
        var bad = await Assert.ThrowsAsync<OcfRpcException>(() => nodes[1].CallAsync(2, "test.add", [new OcfString("x")], Long));
        Assert.Equal(OcfRpcFaultCodes.InvalidParams, bad.FaultCode);
    }

    [Fact]
    public async Task A_call_to_a_node_that_is_not_a_live_member_fails_at_once_naming_it()
    {
        await using var nodes = new RpcNodes(3);
        await nodes.Cluster.WaitForFullViewAsync();

        var unknown = await Assert.ThrowsAsync<OcfClusterRpcException>(() => nodes[1].CallAsync(9, "test.whoami", [], Long));
        Assert.Equal(OcfRpcFaultCodes.NodeNotMember, unknown.FaultCode);
        Assert.Equal(9u, unknown.NodeId);

        await nodes.Cluster.KillAsync(3);
        await RuntimeCluster.WaitUntilAsync(() => nodes.Cluster[1].Nodes.Single(n => n.NodeId == 3).State == Ocf.Communication.OcfNodeState.Dead, Long, "n3 dead at n1");
        var dead = await Assert.ThrowsAsync<OcfClusterRpcException>(() => nodes[1].CallAsync(3, "test.whoami", [], Long));
        Assert.Equal(OcfRpcFaultCodes.NodeDied, dead.FaultCode);
        Assert.Contains("n3", dead.Message);
        await Assert.ThrowsAsync<OcfClusterRpcException>(() => nodes[1].NotifyAsync(3, "test.count", []));

        await nodes.Cluster.LeaveAsync(2);
        await RuntimeCluster.WaitUntilAsync(() => nodes.Cluster[1].Nodes.Single(n => n.NodeId == 2).State == Ocf.Communication.OcfNodeState.Left, Long, "n2 left at n1");
        var left = await Assert.ThrowsAsync<OcfClusterRpcException>(() => nodes[1].CallAsync(2, "test.whoami", [], Long));
        Assert.Equal(OcfRpcFaultCodes.NodeLeft, left.FaultCode);
    }

    [Theory]
    [InlineData("kill", OcfRpcFaultCodes.NodeDied)]
    [InlineData("leave", OcfRpcFaultCodes.NodeLeft)]
    [InlineData("restart", OcfRpcFaultCodes.NodeRestarted)]
    public async Task A_call_whose_node_goes_away_mid_call_fails_with_that_reason_not_a_timeout(string how, int expected)
    {
        await using var nodes = new RpcNodes(3);
        await nodes.Cluster.WaitForFullViewAsync();

        var call = nodes[1].CallAsync(2, "test.block", [], TimeSpan.FromMinutes(5));
        await nodes.EnteredAsync(2);
        switch (how)
        {
            case "kill": await nodes.Cluster.KillAsync(2); break;
            case "leave": await nodes.Cluster.LeaveAsync(2); break;
            case "restart":
                await nodes.Cluster.KillAsync(2);
                nodes.Cluster.Start(2); // a new incarnation within the dead time: peers see "restarted"
                break;
        }
        var e = await Assert.ThrowsAsync<OcfClusterRpcException>(() => call.WaitAsync(Long));
        Assert.Equal(expected, e.FaultCode);
        Assert.Equal(2u, e.NodeId);
        Assert.Contains("n2", e.Message);
        Assert.Contains("test.block", e.Message);
    }

    [Fact]
    public async Task A_running_request_is_cancelled_when_its_caller_dies_and_the_node_serves_on()
    {
        await using var nodes = new RpcNodes(3);
        await nodes.Cluster.WaitForFullViewAsync();

        _ = nodes[1].CallAsync(2, "test.block", [], Long);
        await nodes.EnteredAsync(2);
        await nodes.Cluster.KillAsync(1);
        await RuntimeCluster.WaitUntilAsync(() => nodes.Cancelled.TryGetValue(2, out var c) && c == 1, Long, "n2's handler cancelled after n1 died");
        Assert.Equal(2L, ((OcfInteger)((OcfMap)await nodes[3].CallAsync(2, "test.whoami", [], Long))["node"]).Value);
    }

    [Fact]
    public async Task Timeout_and_cancellation_end_a_call_to_a_live_node_that_does_not_answer()
    {
        await using var nodes = new RpcNodes(2);
        await nodes.Cluster.WaitForFullViewAsync();

        var late = await Assert.ThrowsAsync<OcfClusterRpcException>(() => nodes[1].CallAsync(2, "test.block", [], TimeSpan.FromMilliseconds(300)));
        Assert.Equal(OcfRpcFaultCodes.CallTimedOut, late.FaultCode);

        using var cts = new CancellationTokenSource();
        var call = nodes[1].CallAsync(2, "test.block", [], Long, cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        nodes.Release.TrySetResult(); // the late answers arrive and match no call
        await RuntimeCluster.WaitUntilAsync(() => nodes[1].ResponsesIgnored == 2, Long, "two late answers ignored");
    }

    [Fact]
    public async Task A_cluster_wide_call_collects_every_members_result_or_fault()
    {
        await using var nodes = new RpcNodes(3);
        await nodes.Cluster.WaitForFullViewAsync();

        var all = await nodes[2].CallAllAsync("test.whoami", [], Long);
        Assert.Empty(all.NotAnswered);
        Assert.Equal([1u, 2u, 3u], all.Answers.Keys.Order());
        foreach (var (id, answer) in all.Answers)
        {
            Assert.False(answer.IsFault);
            Assert.Equal((long)id, ((OcfInteger)((OcfMap)answer.Result!)["node"]).Value);
            Assert.Equal($"n{id}", answer.NodeName);
        }

        var faults = await nodes[1].CallAllAsync("test.fail", [], Long);
        Assert.All(faults.Answers.Values, a => Assert.Equal(42, a.FaultCode));
        Assert.Equal(3, faults.Answers.Count);
    }

    [Fact]
    public async Task A_cluster_wide_call_reports_a_member_that_dies_and_one_that_times_out_as_not_answered_with_the_reason()
    {
        await using var nodes = new RpcNodes(4);
        await nodes.Cluster.WaitForFullViewAsync();
        // n3 blocks and dies; n4 blocks and stays; n1 and n2 answer at once.
        nodes.BeforeCount = node => node is 3 or 4 ? nodes.Release.Task.WaitAsync(TimeSpan.FromMinutes(5)) : Task.CompletedTask;
        var call = nodes[1].CallAllAsync("test.count", [], TimeSpan.FromSeconds(8));
        await RuntimeCluster.WaitUntilAsync(() => nodes.Count(1) == 1 && nodes.Count(2) == 1, Long, "n1 and n2 ran it");
        await nodes.Cluster.KillAsync(3);
        var results = await call;
        Assert.Equal([1u, 2u], results.Answers.Keys.Order());
        Assert.Equal([3u, 4u], results.NotAnswered.Select(m => m.NodeId));
        Assert.Equal(OcfRpcFaultCodes.NodeDied, results.NotAnswered[0].FaultCode);
        Assert.Contains("n3", results.NotAnswered[0].Reason);
        Assert.Equal(OcfRpcFaultCodes.CallTimedOut, results.NotAnswered[1].FaultCode);
    }

    [Fact]
    public async Task A_one_way_call_runs_once_on_its_node_or_on_every_member_and_sends_nothing_back()
    {
        await using var nodes = new RpcNodes(3);
        await nodes.Cluster.WaitForFullViewAsync();

        await nodes[1].NotifyAsync(2, "test.count", []);
        await RuntimeCluster.WaitUntilAsync(() => nodes.Count(2) == 1, Long, "n2 ran it");
        await nodes[1].NotifyAsync(0, "test.count", []);
        await RuntimeCluster.WaitUntilAsync(() => nodes.Count(1) == 1 && nodes.Count(2) == 2 && nodes.Count(3) == 1, Long, "every member ran it");
        // A round trip after the notifications (per-sender order) shows no other run was pending.
        await nodes[1].CallAsync(3, "test.whoami", [], Long);
        await nodes[1].CallAsync(2, "test.whoami", [], Long);
        Assert.Equal((1, 2, 1), (nodes.Count(1), nodes.Count(2), nodes.Count(3)));
        Assert.Equal(0, nodes[1].ResponsesIgnored); // no response came for the one-way calls
    }

    [Fact]
    public async Task A_retransmitting_caller_gets_its_answer_and_the_method_still_runs_once()
    {
        await using var nodes = new RpcNodes(2);
        await nodes.Cluster.WaitForFullViewAsync();
        // The method finishes only after the target saw two retransmissions of the request while it ran.
        nodes.BeforeCount = _ => RuntimeCluster.WaitUntilAsync(() => nodes[2].DuplicatesSuppressed >= 2, Long, "two retransmissions");

        var result = await nodes[1].CallAsync(2, "test.count", [], Long, retransmitInterval: TimeSpan.FromMilliseconds(20));
        Assert.Equal(1L, ((OcfInteger)result).Value);
        Assert.Equal(1, nodes.Count(2));
        Assert.Equal(1, nodes[2].RequestsExecuted);
    }

    [Fact]
    public async Task The_local_api_reaches_other_nodes_through_the_node()
    {
        await using var nodes = new RpcNodes(3);
        await nodes.Cluster.WaitForFullViewAsync();
        var local = nodes.Registries[1];

        var one = (OcfMap)await local.InvokeAsync(OcfClusterRpcMethods.Call, [new OcfString("n2"), new OcfString("test.whoami"), OcfList.Empty]);
        Assert.Equal(2L, ((OcfInteger)one["node"]).Value);
        var byId = await local.InvokeAsync(OcfClusterRpcMethods.Call, [new OcfInteger(3), new OcfString("test.add"), new OcfList(new OcfInteger(1), new OcfInteger(2)), new OcfDouble(30)]);
        Assert.Equal(3L, ((OcfInteger)byId).Value);
        var fault = await Assert.ThrowsAsync<OcfRpcException>(() => local.InvokeAsync(OcfClusterRpcMethods.Call, [new OcfString("n2"), new OcfString("test.fail")]).AsTask());
        Assert.Equal(42, fault.FaultCode);
        var unknown = await Assert.ThrowsAsync<OcfRpcException>(() => local.InvokeAsync(OcfClusterRpcMethods.Call, [new OcfString("n9"), new OcfString("test.fail")]).AsTask());
        Assert.Equal(OcfRpcFaultCodes.NodeNotMember, unknown.FaultCode);

        var all = (OcfMap)await local.InvokeAsync(OcfClusterRpcMethods.CallAll, [new OcfString("test.whoami")]);
        Assert.Equal(3, ((OcfList)all["answers"]).Count);
        Assert.Empty((OcfList)all["notAnswered"]);

        Assert.Equal(OcfBoolean.True, await local.InvokeAsync(OcfClusterRpcMethods.Notify, [new OcfString("all"), new OcfString("test.count")]));
        await RuntimeCluster.WaitUntilAsync(() => nodes.Count(1) == 1 && nodes.Count(2) == 1 && nodes.Count(3) == 1, Long, "every member ran it");
        Assert.Contains(OcfClusterRpcMethods.CallAll, local.MethodNames);

        // A local client cannot speak for the node in the framework's own protocols.
        var internalCall = await Assert.ThrowsAsync<OcfRpcException>(() => local.InvokeAsync(OcfClusterRpcMethods.Notify, [new OcfString("all"), new OcfString("ocf.election.elected")]).AsTask());
        Assert.Equal(OcfRpcFaultCodes.InvalidParams, internalCall.FaultCode);
    }
}
