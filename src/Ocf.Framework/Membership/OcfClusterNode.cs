using Ocf.Communication;

namespace Ocf.Membership;

/// <summary>
/// One cluster node's protocol stack, I/O-free apart from the transport it is given: the communication engine
/// (packets, reliable delivery, heartbeats, node status) and the membership protocol (views, quorum), driven by a
/// <see cref="TimeProvider"/> timer every <see cref="OcfClusterOptions.TickInterval"/> and by received datagrams.
/// <para>
/// Thread-safe: datagrams may arrive on any thread, ticks on the timer's, broadcasts on the caller's; all of them are
/// serialised under one lock. Events are queued under the lock and raised, in order, outside it (so a handler may call
/// <see cref="Broadcast"/>); handlers should be quick and must not throw. The node owns the transport (disposes it).
/// </para>
/// </summary>
public sealed partial class OcfClusterNode : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<OcfClusterEvent> _pending = new();
    private readonly OcfClusterOptions _options;
    private readonly IOcfDatagramTransport _transport;
    private readonly TimeProvider _time;
    private readonly OcfCommunicationEngine _engine;
    private readonly OcfMembershipProtocol _membership;
    private readonly TaskCompletionSource<OcfLocalLeft> _left = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;
    private bool _dispatching;
    private bool _disposed;
    private bool _allSeenTogether;
    private OcfQuorumState _quorum;

    public OcfClusterNode(OcfClusterOptions options, OcfPacketPipeline pipeline, IOcfDatagramTransport transport, TimeProvider? time = null, Random? random = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _time = time ?? TimeProvider.System;
        var bridge = new Bridge(this);
        _engine = new OcfCommunicationEngine(options, pipeline, transport, bridge, _time, random);
        _membership = new OcfMembershipProtocol(new OcfMember(options.LocalNodeId, options.Incarnation), bridge, options.Keepalive / 2, options.Deadtime);
        _quorum = EvaluateQuorum([options.LocalNodeId]);
    }

    /// <summary>Every event of this node, in order: deliveries, node states, views, quorum, drops, stalls, leave.</summary>
    public event Action<OcfClusterEvent>? EventRaised;

    public OcfClusterOptions Options => _options;
    public uint NodeId => _options.LocalNodeId;
    public ulong Incarnation => _options.Incarnation;
    /// <summary>Completes when a graceful <see cref="Leave"/> finished.</summary>
    public Task<OcfLocalLeft> Left => _left.Task;

    public OcfEngineState State { get { lock (_gate) return _engine.State; } }
    public OcfView? View { get { lock (_gate) return _membership.Installed; } }
    public OcfQuorumState Quorum { get { lock (_gate) return _quorum; } }
    public IReadOnlyList<OcfNodeInfo> Nodes { get { lock (_gate) return _engine.GetNodes(); } }
    public OcfCommunicationCounters Counters { get { lock (_gate) return _engine.Counters; } }
    public int SendWindowFree { get { lock (_gate) return _engine.SendWindowFree; } }

    /// <summary>Starts receiving, sends the first heartbeats and arms the tick timer.</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _engine.Start();
            _membership.SetReachable([], _engine.Now);
            _transport.Start(OnDatagram);
            _timer = _time.CreateTimer(static state => ((OcfClusterNode)state!).OnTick(), this, _options.TickInterval, _options.TickInterval);
        }
        Dispatch();
    }

    /// <summary>Sends a message reliably to every live member (see <see cref="OcfCommunicationEngine.Broadcast"/>).</summary>
    public OcfSendResult Broadcast(ReadOnlySpan<byte> message)
    {
        OcfSendResult result;
        lock (_gate)
        {
            if (_disposed) return new OcfSendResult(OcfSendStatus.NotRunning);
            result = _engine.Broadcast(message);
        }
        Dispatch();
        return result;
    }

    /// <summary>Starts a graceful leave; <see cref="Left"/> completes when it is over. Peers see "left", not "dead".</summary>
    public void Leave()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _engine.BeginLeave();
        }
        Dispatch();
    }

    /// <summary>Stops at once without leaving (peers will declare this node dead) and disposes the transport.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _timer?.Dispose();
            _transport.Dispose();
        }
    }

    private void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        lock (_gate)
        {
            if (_disposed) return;
            _engine.OnDatagram(datagram);
        }
        Dispatch();
    }

    private void OnTick()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _engine.Tick();
            if (_engine.State is OcfEngineState.Running or OcfEngineState.Leaving) _membership.Tick(_engine.Now);
        }
        Dispatch();
    }

    private OcfQuorumState EvaluateQuorum(IEnumerable<uint> present) => OcfQuorum.Evaluate(_options.Quorum, _options.Nodes, present, _allSeenTogether);

    /// <summary>Raises queued events in order; only one thread dispatches at a time, the others leave theirs queued for it.</summary>
    private void Dispatch()
    {
        lock (_gate)
        {
            if (_dispatching || _pending.Count == 0) return;
            _dispatching = true;
        }
        try
        {
            while (true)
            {
                OcfClusterEvent next;
                lock (_gate)
                {
                    if (!_pending.TryDequeue(out next!))
                    {
                        _dispatching = false;
                        return;
                    }
                }
                EventRaised?.Invoke(next);
            }
        }
        catch
        {
            lock (_gate) _dispatching = false;
            throw;
        }
    }
}
