using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ocf.Communication;
using Ocf.Data;
using Ocf.Encoding.XmlRpc;
using Ocf.Membership;
using Ocf.Node;

namespace Ocf.Rpc.Cluster;

/// <summary>
/// XML-RPC between cluster nodes over the runtime's reliable broadcast (port <see cref="OcfPorts.Rpc"/>): a call to
/// one node, a one-way notification to one node or every member, and a call to every member. Each message is an
/// <see cref="OcfRpcEnvelope"/> header and an XML-RPC document; every member receives every message (it is a
/// broadcast) and ignores those addressed to another node.
/// <para>
/// Requests run at most once (<see cref="OcfRpcReplyCache"/>), off the dispatch thread, through the node's
/// <see cref="OcfRpcDispatcher"/>. A call whose node dies, leaves or restarts fails at once with that reason
/// (<see cref="OcfClusterRpcException"/>), because the membership layer says so — never by guessing from a timeout.
/// </para>
/// Attach one per runtime before or after it starts; dispose to detach.
/// </summary>
public sealed class OcfClusterRpc : IAsyncDisposable
{
    private readonly OcfNodeRuntime _runtime;
    private readonly OcfClusterRpcOptions _options;
    private readonly ILogger _log;
    private readonly IDisposable _port;
    private readonly OcfRpcReplyCache _replies;
    private readonly ConcurrentDictionary<ulong, PendingCall> _pending = new();
    private readonly ConcurrentDictionary<OcfRpcRequestKey, CancellationTokenSource> _running = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<uint, string> _names;
    private long _nextRequestId;
    private long _executed, _duplicatesSuppressed, _responsesResent, _ignored;
    private int _disposed;

    public OcfClusterRpc(OcfNodeRuntime runtime, OcfRpcDispatcher dispatcher, OcfClusterRpcOptions? options = null, ILogger? logger = null)
    {
        _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        Dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
        _options = options ?? OcfClusterRpcOptions.Default;
        _log = logger ?? NullLogger.Instance;
        _replies = new OcfRpcReplyCache(_options.ReplyCacheCapacity, _options.ReplyCacheAge);
        _names = runtime.Configuration.Nodes.ToDictionary(n => n.NodeId, n => n.Name);
        _runtime.EventObserved += OnEvent;
        try
        {
            _port = _runtime.OpenPort(OcfPorts.Rpc, OnMessage);
        }
        catch
        {
            _runtime.EventObserved -= OnEvent;
            throw;
        }
    }

    public OcfNodeRuntime Runtime => _runtime;
    public OcfRpcDispatcher Dispatcher { get; }
    public OcfClusterRpcOptions Options => _options;

    /// <summary>Requests (and one-way calls) this node ran for callers, each once.</summary>
    public long RequestsExecuted => Interlocked.Read(ref _executed);
    /// <summary>Duplicate requests that arrived while the first run was still going (nothing was sent back).</summary>
    public long DuplicatesSuppressed => Interlocked.Read(ref _duplicatesSuppressed);
    /// <summary>Duplicate requests answered from the reply cache.</summary>
    public long ResponsesResent => Interlocked.Read(ref _responsesResent);
    /// <summary>Responses that matched no call in progress (late, after a timeout, cancellation or the node's death).</summary>
    public long ResponsesIgnored => Interlocked.Read(ref _ignored);
    /// <summary>Requests remembered for duplicate detection.</summary>
    public int ReplyCacheCount => _replies.Count;

    public string NodeName(uint nodeId) => _names.TryGetValue(nodeId, out var n) ? n : $"node {nodeId}";

    /// <summary>
    /// Calls <paramref name="method"/> on node <paramref name="nodeId"/> (which may be this node) and returns its result.
    /// Throws <see cref="OcfRpcException"/> with the remote fault, <see cref="OcfClusterRpcException"/> when the node is
    /// not a live member, dies, leaves or restarts before answering, or does not answer within <paramref name="timeout"/>
    /// (<see cref="OcfClusterRpcOptions.DefaultTimeout"/> when null), and <see cref="OperationCanceledException"/> on cancellation.
    /// </summary>
    /// <param name="retransmitInterval">Re-send the request (same request id) at this interval until answered; overrides the option.</param>
    public async Task<OcfValue> CallAsync(uint nodeId, string method, IReadOnlyList<OcfValue> parameters, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default, TimeSpan? retransmitInterval = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(parameters);
        if (nodeId == OcfRpcEnvelope.AllNodes) throw new ArgumentOutOfRangeException(nameof(nodeId), "node id 0 means every member: use CallAllAsync");
        var call = Begin(nodeId, method);
        try
        {
            if (!TryExpect(call, nodeId, out var problem))
                throw call.Fail(problem!);
            var request = Envelope(OcfRpcMessageKind.Request, nodeId, call.Id, new XmlRpcMethodCall(method, parameters));
            await SendAsync(request, call, cancellationToken).ConfigureAwait(false);
            await WaitAsync(call, request, timeout, retransmitInterval, cancellationToken).ConfigureAwait(false);
            return call.SingleResult();
        }
        finally
        {
            _pending.TryRemove(call.Id, out _);
        }
    }

    /// <summary>
    /// Calls <paramref name="method"/> on every member of the current view (this node included) and waits until each
    /// has answered, died, left or restarted, or <paramref name="timeout"/> passed. Never throws for a member's fault
    /// or absence: those are in the result. Throws only when the local node is not running, or on cancellation.
    /// </summary>
    public async Task<OcfClusterCallResults> CallAllAsync(string method, IReadOnlyList<OcfValue> parameters, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default, TimeSpan? retransmitInterval = null)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(parameters);
        var call = Begin(OcfRpcEnvelope.AllNodes, method);
        try
        {
            var view = _runtime.View ?? throw new OcfClusterRpcException(OcfRpcFaultCodes.NotRunning,
                $"cluster call '{method}': the local node {NodeName(_runtime.NodeId)} has no membership view yet", 0, method);
            var problems = new List<(uint Node, OcfClusterRpcException Why)>();
            foreach (var m in view.Members)
                if (!TryExpect(call, m.NodeId, out var problem)) problems.Add((m.NodeId, problem!));
            foreach (var (node, why) in problems) call.Miss(node, why); // after every Expect: the call completes only when nobody is left
            var request = Envelope(OcfRpcMessageKind.Request, OcfRpcEnvelope.AllNodes, call.Id, new XmlRpcMethodCall(method, parameters));
            if (!call.IsComplete) await SendAsync(request, call, cancellationToken).ConfigureAwait(false);
            try
            {
                await WaitAsync(call, request, timeout, retransmitInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                call.TimeOutRemaining();
            }
            return call.AllResults();
        }
        finally
        {
            _pending.TryRemove(call.Id, out _);
        }
    }

    /// <summary>
    /// Sends a one-way call (no response) to node <paramref name="nodeId"/>, or to every member when it is 0; returns once
    /// the message is queued (flow control may delay that). The receiver runs it at most once. Throws
    /// <see cref="OcfClusterRpcException"/> when the node is not a live member or the local node is not running.
    /// </summary>
    public async Task NotifyAsync(uint nodeId, string method, IReadOnlyList<OcfValue> parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(parameters);
        if (nodeId != OcfRpcEnvelope.AllNodes && LiveProblem(nodeId, method, out _) is { } problem) throw problem;
        ulong id = (ulong)Interlocked.Increment(ref _nextRequestId);
        var message = Envelope(OcfRpcMessageKind.OneWay, nodeId, id, new XmlRpcMethodCall(method, parameters));
        var result = await _runtime.SendAsync(OcfPorts.Rpc, message, cancellationToken).ConfigureAwait(false);
        if (!result.IsAccepted) throw SendRefused(result.Status, nodeId, method, message.Length);
    }

    private PendingCall Begin(uint target, string method)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var call = new PendingCall(this, (ulong)Interlocked.Increment(ref _nextRequestId), target, method);
        // Registered before the liveness check and the send: a death event raised in between still finds the call.
        _pending[call.Id] = call;
        return call;
    }

    /// <summary>Adds <paramref name="nodeId"/> (at its current incarnation) to the nodes the call waits for, if it is a live member.</summary>
    private bool TryExpect(PendingCall call, uint nodeId, out OcfClusterRpcException? problem)
    {
        problem = LiveProblem(nodeId, call.Method, out ulong incarnation);
        if (problem is not null) return false;
        call.Expect(nodeId, incarnation);
        return true;
    }

    /// <summary>Null when <paramref name="nodeId"/> is Up and in the installed view; otherwise why not.</summary>
    private OcfClusterRpcException? LiveProblem(uint nodeId, string method, out ulong incarnation)
    {
        incarnation = 0;
        if (Volatile.Read(ref _disposed) != 0 || !_runtime.IsRunning)
            return new OcfClusterRpcException(OcfRpcFaultCodes.NotRunning, $"cluster call '{method}' to {NodeName(nodeId)}: the local node is not running", nodeId, method);
        var info = _runtime.Nodes.FirstOrDefault(n => n.NodeId == nodeId);
        if (info is null)
            return new OcfClusterRpcException(OcfRpcFaultCodes.NodeNotMember, $"cluster call '{method}': node {nodeId} is not in cluster '{_runtime.ClusterName}'", nodeId, method);
        if (info.State == OcfNodeState.Dead)
            return new OcfClusterRpcException(OcfRpcFaultCodes.NodeDied, $"cluster call '{method}': node {info.Name} (id {nodeId}) is dead", nodeId, method);
        if (info.State == OcfNodeState.Left)
            return new OcfClusterRpcException(OcfRpcFaultCodes.NodeLeft, $"cluster call '{method}': node {info.Name} (id {nodeId}) has left the cluster", nodeId, method);
        var member = _runtime.View?.Members.FirstOrDefault(m => m.NodeId == nodeId);
        if (info.State != OcfNodeState.Up || member is not { } mm || (!info.IsLocal && mm.Incarnation != info.Incarnation))
            return new OcfClusterRpcException(OcfRpcFaultCodes.NodeNotMember,
                $"cluster call '{method}': node {info.Name} (id {nodeId}) is not a live member of this node's view ({info.State}{(member is null ? ", not in the view" : "")})", nodeId, method);
        incarnation = mm.Incarnation;
        return null;
    }

    private byte[] Envelope(OcfRpcMessageKind kind, uint destination, ulong requestId, XmlRpcMessage message) =>
        new OcfRpcEnvelope(kind, destination, _runtime.Incarnation, requestId).Encode(XmlRpcCodec.Instance.EncodeMessage(message));

    private async Task SendAsync(byte[] request, PendingCall call, CancellationToken cancellationToken)
    {
        var result = await _runtime.SendAsync(OcfPorts.Rpc, request, cancellationToken).ConfigureAwait(false);
        if (!result.IsAccepted) throw call.Fail(SendRefused(result.Status, call.Target, call.Method, request.Length));
    }

    private OcfClusterRpcException SendRefused(OcfSendStatus status, uint nodeId, string method, int size) => status == OcfSendStatus.TooLarge
        ? new OcfClusterRpcException(OcfRpcFaultCodes.TransportError, $"cluster call '{method}': the message ({size} bytes) exceeds the maximum message size", nodeId, method)
        : new OcfClusterRpcException(OcfRpcFaultCodes.NotRunning, $"cluster call '{method}': the local node {NodeName(_runtime.NodeId)} is not running ({status})", nodeId, method);

    private async Task WaitAsync(PendingCall call, byte[] request, TimeSpan? timeout, TimeSpan? retransmitInterval, CancellationToken cancellationToken)
    {
        var limit = timeout ?? _options.DefaultTimeout;
        var interval = retransmitInterval ?? _options.RetransmitInterval;
        var done = call.Completed;
        try
        {
            if (interval is not { } every || every <= TimeSpan.Zero)
            {
                await done.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
                return;
            }
            var deadline = DateTime.UtcNow + limit;
            while (!done.IsCompleted)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) throw new TimeoutException();
                try
                {
                    await done.WaitAsync(left < every ? left : every, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException) when (DateTime.UtcNow < deadline)
                {
                    // Same envelope, same request id: the receiver runs it at most once and re-sends its cached answer.
                    await SendAsync(request, call, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (TimeoutException) when (call.Target != OcfRpcEnvelope.AllNodes)
        {
            throw call.Fail(new OcfClusterRpcException(OcfRpcFaultCodes.CallTimedOut,
                $"cluster call '{call.Method}' to node {NodeName(call.Target)} (id {call.Target}): no answer within {limit.TotalSeconds:0.###} s while it stayed a member",
                call.Target, call.Method));
        }
        await done.ConfigureAwait(false); // a failure (death, leave) surfaces here
    }

    // ---- receiving (the dispatch thread: nothing here blocks) ----

    private void OnMessage(OcfPortMessage message)
    {
        if (!OcfRpcEnvelope.TryDecode(message.Payload, out var envelope, out var document)) return;
        switch (envelope.Kind)
        {
            case OcfRpcMessageKind.Request or OcfRpcMessageKind.OneWay:
                if (envelope.Destination != OcfRpcEnvelope.AllNodes && envelope.Destination != _runtime.NodeId) return;
                OnRequest(message.Sender, envelope, document.ToArray()); // the payload buffer is not ours after this returns
                break;
            case OcfRpcMessageKind.Response:
                if (envelope.Destination != _runtime.NodeId || envelope.CallerIncarnation != _runtime.Incarnation) return;
                OnResponse(message.Sender, message.SenderIncarnation, envelope.RequestId, document.Span);
                break;
        }
    }

    private void OnRequest(uint caller, OcfRpcEnvelope envelope, byte[] document)
    {
        var key = new OcfRpcRequestKey(caller, envelope.CallerIncarnation, envelope.RequestId);
        if (!_replies.TryBegin(key, out var cached))
        {
            if (cached is null) Interlocked.Increment(ref _duplicatesSuppressed);
            else
            {
                Interlocked.Increment(ref _responsesResent);
                _ = SendResponseAsync(key, cached);
            }
            return;
        }
        bool oneWay = envelope.Kind == OcfRpcMessageKind.OneWay;
        _ = Task.Run(() => ExecuteAsync(key, document, oneWay));
    }

    private async Task ExecuteAsync(OcfRpcRequestKey key, byte[] document, bool oneWay)
    {
        Interlocked.Increment(ref _executed);
        OcfRpcCallContext.Current = new OcfRpcCallContext(OcfClusterCallContext.TransportName, key.Caller, null, null, null);
        OcfClusterCallContext.Current = new OcfClusterCallContext(key.Caller, key.CallerIncarnation, key.RequestId, oneWay);
        byte[] response;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        _running[key] = cancel; // cancelled when the caller dies, leaves or restarts: nobody waits for the answer
        try
        {
            response = await Dispatcher.DispatchAsync(document, cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The caller is gone or this service is stopping: no answer. A duplicate (there should be none) gets nothing.
            _replies.Complete(key, null);
            return;
        }
        catch (Exception e)
        {
            _log.LogError(e, "Cluster RPC request {RequestId} from node {Caller} failed in the dispatcher", key.RequestId, key.Caller);
            response = XmlRpcCodec.Instance.EncodeMessage(new XmlRpcFault(OcfRpcFaultCodes.InternalError, "internal error"));
        }
        finally
        {
            _running.TryRemove(key, out _);
        }
        if (oneWay)
        {
            _replies.Complete(key, null);
            return;
        }
        var message = new OcfRpcEnvelope(OcfRpcMessageKind.Response, key.Caller, key.CallerIncarnation, key.RequestId).Encode(response);
        _replies.Complete(key, message);
        await SendResponseAsync(key, message).ConfigureAwait(false);
    }

    private async Task SendResponseAsync(OcfRpcRequestKey key, byte[] message)
    {
        try
        {
            await Task.Yield(); // never on the dispatch thread: SendAsync may wait on flow control
            var result = await _runtime.SendAsync(OcfPorts.Rpc, message, _stopping.Token).ConfigureAwait(false);
            if (!result.IsAccepted)
                _log.LogWarning("Cluster RPC response {RequestId} to node {Caller} not sent: {Status}", key.RequestId, key.Caller, result.Status);
        }
        catch (OperationCanceledException) { }
    }

    private void OnResponse(uint sender, ulong senderIncarnation, ulong requestId, ReadOnlySpan<byte> document)
    {
        if (!_pending.TryGetValue(requestId, out var call))
        {
            Interlocked.Increment(ref _ignored);
            return;
        }
        XmlRpcMessage message;
        try
        {
            message = XmlRpcCodec.Instance.DecodeMessage(document, Dispatcher.Limits);
        }
        catch (Exception e)
        {
            message = new XmlRpcFault(OcfRpcFaultCodes.ParseError, $"parse error in the response from node {NodeName(sender)}: {e.Message}");
        }
        if (!call.Answer(sender, senderIncarnation, message)) Interlocked.Increment(ref _ignored);
    }

    private void OnEvent(OcfClusterEvent e)
    {
        switch (e)
        {
            case OcfNodeStateChanged s when s.Current is OcfNodeState.Dead or OcfNodeState.Left:
                // The event names the incarnation that went away: a call already made to a newer one is not affected.
                foreach (var call in _pending.Values)
                    call.Lost(s.NodeId, expected => expected <= s.Incarnation, s.Current == OcfNodeState.Left ? OcfRpcFaultCodes.NodeLeft
                        : s.Reason == OcfNodeStateReason.Restarted ? OcfRpcFaultCodes.NodeRestarted : OcfRpcFaultCodes.NodeDied,
                        s.Current == OcfNodeState.Left ? "left the cluster" : s.Reason == OcfNodeStateReason.Restarted ? "restarted" : $"died ({s.Reason})");
                CancelRunningFrom(s.NodeId, s.Incarnation == ulong.MaxValue ? ulong.MaxValue : s.Incarnation + 1);
                break;
            case OcfNodeStateChanged { Current: OcfNodeState.Up } s:
                // A new incarnation: calls to the old one cannot be answered by it any more.
                foreach (var call in _pending.Values)
                    call.Lost(s.NodeId, expected => expected < s.Incarnation, OcfRpcFaultCodes.NodeRestarted, $"restarted (incarnation {s.Incarnation})");
                _replies.ForgetCaller(s.NodeId, s.Incarnation);
                CancelRunningFrom(s.NodeId, s.Incarnation);
                break;
            case OcfViewChanged v:
                // Events trail the runtime's state: a call made against a newer view is judged by that view's own event.
                if (_runtime.View is { } installed && v.Current.Id < installed.Id) break;
                foreach (var call in _pending.Values)
                    foreach (var (node, incarnation) in call.ExpectedNow())
                        if (!v.Current.Contains(new OcfMember(node, incarnation)))
                            call.Lost(node, _ => true, v.Left.Any(m => m.NodeId == node) ? OcfRpcFaultCodes.NodeLeft : OcfRpcFaultCodes.NodeDied,
                                v.Left.Any(m => m.NodeId == node) ? "left the cluster" : $"was removed from the view (failed or unreachable; view {v.Current.Id})");
                break;
        }
    }

    /// <summary>Cancels the handlers running for incarnations of <paramref name="caller"/> older than <paramref name="olderThan"/>.</summary>
    private void CancelRunningFrom(uint caller, ulong olderThan)
    {
        foreach (var (key, cancel) in _running)
            if (key.Caller == caller && key.CallerIncarnation < olderThan)
            {
                try { cancel.Cancel(); }
                catch (ObjectDisposedException) { } // it finished meanwhile
            }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _runtime.EventObserved -= OnEvent;
        _port.Dispose();
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var call in _pending.Values)
            call.Fail(new OcfClusterRpcException(OcfRpcFaultCodes.NotRunning, $"cluster call '{call.Method}': the cluster RPC service of node {NodeName(_runtime.NodeId)} stopped", call.Target, call.Method));
    }

    /// <summary>A call in progress: the members it waits for (node → incarnation), the answers so far, the missing.</summary>
    private sealed class PendingCall(OcfClusterRpc owner, ulong id, uint target, string method)
    {
        private readonly object _gate = new();
        private readonly Dictionary<uint, ulong> _expected = [];
        private readonly Dictionary<uint, OcfClusterCallAnswer> _answers = [];
        private readonly List<OcfClusterCallMissing> _missing = [];
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private XmlRpcMessage? _single;

        public ulong Id { get; } = id;
        public uint Target { get; } = target;
        public string Method { get; } = method;
        public Task Completed => _done.Task;
        public bool IsComplete => _done.Task.IsCompleted;

        public void Expect(uint node, ulong incarnation)
        {
            lock (_gate) _expected[node] = incarnation;
        }

        public List<(uint, ulong)> ExpectedNow()
        {
            lock (_gate) return _expected.Select(kv => (kv.Key, kv.Value)).ToList();
        }

        public OcfClusterRpcException Fail(OcfClusterRpcException failure)
        {
            _done.TrySetException(failure);
            return failure;
        }

        public void Miss(uint node, OcfClusterRpcException why)
        {
            lock (_gate)
            {
                _missing.Add(new OcfClusterCallMissing(node, owner.NodeName(node), why.FaultCode, why.FaultString));
                CompleteIfDone();
            }
        }

        public bool Answer(uint node, ulong incarnation, XmlRpcMessage message)
        {
            lock (_gate)
            {
                if (!_expected.TryGetValue(node, out var expected) || expected != incarnation) return false;
                _expected.Remove(node);
                if (Target != OcfRpcEnvelope.AllNodes) _single = message;
                else _answers[node] = message switch
                {
                    XmlRpcMethodResponse r => new OcfClusterCallAnswer(node, owner.NodeName(node), r.Value, null, null),
                    XmlRpcFault f => new OcfClusterCallAnswer(node, owner.NodeName(node), null, f.FaultCode, f.FaultString),
                    _ => new OcfClusterCallAnswer(node, owner.NodeName(node), null, OcfRpcFaultCodes.InvalidRequest, "the answer was not a methodResponse"),
                };
                CompleteIfDone();
                return true;
            }
        }

        /// <summary>Node <paramref name="node"/> can no longer answer, if the incarnation the call waits for is one <paramref name="gone"/> covers.</summary>
        public void Lost(uint node, Func<ulong, bool> gone, int faultCode, string what)
        {
            lock (_gate)
            {
                if (!_expected.TryGetValue(node, out var expected) || !gone(expected)) return;
                _expected.Remove(node);
                string text = $"cluster call '{Method}' to node {owner.NodeName(node)} (id {node}): the node {what} before it answered";
                if (Target != OcfRpcEnvelope.AllNodes) _done.TrySetException(new OcfClusterRpcException(faultCode, text, node, Method));
                else
                {
                    _missing.Add(new OcfClusterCallMissing(node, owner.NodeName(node), faultCode, text));
                    CompleteIfDone();
                }
            }
        }

        public void TimeOutRemaining()
        {
            lock (_gate)
            {
                foreach (var node in _expected.Keys)
                    _missing.Add(new OcfClusterCallMissing(node, owner.NodeName(node), OcfRpcFaultCodes.CallTimedOut,
                        $"cluster call '{Method}' to node {owner.NodeName(node)} (id {node}): no answer in time while it stayed a member"));
                _expected.Clear();
            }
        }

        private void CompleteIfDone()
        {
            if (_expected.Count == 0) _done.TrySetResult();
        }

        public OcfValue SingleResult()
        {
            lock (_gate)
                return _single switch
                {
                    XmlRpcMethodResponse r => r.Value,
                    XmlRpcFault f => throw OcfRpcException.FromFault(f),
                    _ => throw new OcfClusterRpcException(OcfRpcFaultCodes.InvalidRequest, $"cluster call '{Method}': the answer was not a methodResponse", Target, Method),
                };
        }

        public OcfClusterCallResults AllResults()
        {
            lock (_gate) return new OcfClusterCallResults(new Dictionary<uint, OcfClusterCallAnswer>(_answers), [.. _missing.OrderBy(m => m.NodeId)]);
        }
    }
}
