using System.Collections.Concurrent;
using Ocf.Data;
using Ocf.Encoding.XmlRpc;
using Ocf.Node;
using Ocf.Rpc.Cluster;
using Ocf.Tests.Node;
using Xunit;

namespace Ocf.Tests.Rpc.Cluster;

/// <summary>
/// At most once, seen from the wire: node 1 runs no RPC service; the test owns its RPC port, sends hand-made
/// envelopes (the same one twice, as a retransmission would) and reads the raw responses.
/// </summary>
public class DuplicateRequestTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private static (RpcNodes Nodes, ConcurrentQueue<(OcfRpcEnvelope Envelope, byte[] Document)> Responses, IDisposable Port) Start()
    {
        var nodes = new RpcNodes(2, bare: [1]);
        var responses = new ConcurrentQueue<(OcfRpcEnvelope, byte[])>();
        var port = nodes.Cluster[1].OpenPort(OcfPorts.Rpc, m =>
        {
            if (OcfRpcEnvelope.TryDecode(m.Payload, out var e, out var doc) && e.Kind == OcfRpcMessageKind.Response) responses.Enqueue((e, doc.ToArray()));
        });
        return (nodes, responses, port);
    }

    private static byte[] Request(OcfNodeRuntime caller, OcfRpcMessageKind kind, ulong id, string method) =>
        new OcfRpcEnvelope(kind, 2, caller.Incarnation, id).Encode(XmlRpcCodec.Instance.EncodeMessage(new XmlRpcMethodCall(method, [])));

    [Fact]
    public async Task A_duplicate_of_an_answered_request_gets_the_cached_answer_and_does_not_run_again()
    {
        var (nodes, responses, port) = Start();
        await using var _ = nodes;
        using var __ = port;
        await nodes.Cluster.WaitForFullViewAsync();
        var n1 = nodes.Cluster[1];
        var request = Request(n1, OcfRpcMessageKind.Request, 7, "test.count");

        Assert.True((await n1.SendAsync(OcfPorts.Rpc, request)).IsAccepted);
        await RuntimeCluster.WaitUntilAsync(() => responses.Count == 1, Long, "the first answer");
        Assert.True((await n1.SendAsync(OcfPorts.Rpc, request)).IsAccepted); // the retransmission
        await RuntimeCluster.WaitUntilAsync(() => responses.Count == 2, Long, "the re-sent answer");

        Assert.Equal(1, nodes.Count(2));
        Assert.Equal(1, nodes[2].ResponsesResent);
        var answers = responses.ToArray();
        Assert.All(answers, a => Assert.Equal(new OcfRpcEnvelope(OcfRpcMessageKind.Response, 1, n1.Incarnation, 7), a.Envelope));
        Assert.Equal(answers[0].Document, answers[1].Document);
        var value = ((XmlRpcMethodResponse)XmlRpcCodec.Instance.DecodeMessage(answers[0].Document)).Value;
        Assert.Equal(1L, ((OcfInteger)value).Value);

        // The same request id from another incarnation of the caller, or another id, is a new request.
        Assert.True((await n1.SendAsync(OcfPorts.Rpc, new OcfRpcEnvelope(OcfRpcMessageKind.Request, 2, n1.Incarnation + 1, 7)
            .Encode(XmlRpcCodec.Instance.EncodeMessage(new XmlRpcMethodCall("test.count", []))))).IsAccepted);
        Assert.True((await n1.SendAsync(OcfPorts.Rpc, Request(n1, OcfRpcMessageKind.Request, 8, "test.count"))).IsAccepted);
        await RuntimeCluster.WaitUntilAsync(() => nodes.Count(2) == 3, Long, "two more runs");
    }

    [Fact]
    public async Task A_duplicate_that_arrives_while_the_request_runs_gets_nothing_and_the_method_runs_once()
    {
        var (nodes, responses, port) = Start();
        await using var _ = nodes;
        using var __ = port;
        await nodes.Cluster.WaitForFullViewAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        nodes.BeforeCount = _ => gate.Task;
        var n1 = nodes.Cluster[1];
        var request = Request(n1, OcfRpcMessageKind.Request, 1, "test.count");

        Assert.True((await n1.SendAsync(OcfPorts.Rpc, request)).IsAccepted);
        Assert.True((await n1.SendAsync(OcfPorts.Rpc, request)).IsAccepted);
        await RuntimeCluster.WaitUntilAsync(() => nodes[2].DuplicatesSuppressed == 1, Long, "the duplicate seen while running");
        Assert.Equal(0, nodes.Count(2));
        gate.SetResult();
        await RuntimeCluster.WaitUntilAsync(() => nodes.Count(2) == 1 && responses.Count == 1, Long, "one run, one answer");

        Assert.True((await n1.SendAsync(OcfPorts.Rpc, request)).IsAccepted); // a third copy, after the answer: the cached one
        await RuntimeCluster.WaitUntilAsync(() => responses.Count == 2, Long, "the cached answer");
        Assert.Equal(1, nodes.Count(2));
        Assert.Equal(1, nodes[2].RequestsExecuted);
    }

    [Fact]
    public async Task A_duplicate_one_way_call_runs_once_and_is_never_answered()
    {
        var (nodes, responses, port) = Start();
        await using var _ = nodes;
        using var __ = port;
        await nodes.Cluster.WaitForFullViewAsync();
        var n1 = nodes.Cluster[1];
        var notification = Request(n1, OcfRpcMessageKind.OneWay, 3, "test.count");

        Assert.True((await n1.SendAsync(OcfPorts.Rpc, notification)).IsAccepted);
        Assert.True((await n1.SendAsync(OcfPorts.Rpc, notification)).IsAccepted);
        await RuntimeCluster.WaitUntilAsync(() => nodes[2].DuplicatesSuppressed == 1 && nodes.Count(2) == 1, Long, "one run, one duplicate");
        // A request after them (same sender, so delivered after them) is answered: the only response is its.
        Assert.True((await n1.SendAsync(OcfPorts.Rpc, Request(n1, OcfRpcMessageKind.Request, 4, "test.whoami"))).IsAccepted);
        await RuntimeCluster.WaitUntilAsync(() => responses.Count >= 1, Long, "the answer to the request");
        Assert.Equal([4ul], responses.Select(r => r.Envelope.RequestId));
        Assert.Equal(1, nodes.Count(2));
    }

    [Fact]
    public async Task Messages_for_another_node_or_with_a_bad_header_are_ignored()
    {
        var (nodes, responses, port) = Start();
        await using var _ = nodes;
        using var __ = port;
        await nodes.Cluster.WaitForFullViewAsync();
        var n1 = nodes.Cluster[1];
        var elsewhere = new OcfRpcEnvelope(OcfRpcMessageKind.Request, 1, n1.Incarnation, 1).Encode(XmlRpcCodec.Instance.EncodeMessage(new XmlRpcMethodCall("test.count", [])));
        Assert.True((await n1.SendAsync(OcfPorts.Rpc, elsewhere)).IsAccepted);
        Assert.True((await n1.SendAsync(OcfPorts.Rpc, new byte[] { 9, 1, 2, 3 })).IsAccepted);
        var badKind = Request(n1, OcfRpcMessageKind.Request, 2, "test.count");
        badKind[1] = 77;
        Assert.True((await n1.SendAsync(OcfPorts.Rpc, badKind)).IsAccepted);
        Assert.True((await n1.SendAsync(OcfPorts.Rpc, Request(n1, OcfRpcMessageKind.Request, 3, "test.whoami"))).IsAccepted);
        await RuntimeCluster.WaitUntilAsync(() => responses.Count >= 1, Long, "the answer to the good request");
        Assert.Equal([3ul], responses.Select(r => r.Envelope.RequestId));
        Assert.Equal(0, nodes.Count(2));
    }
}
