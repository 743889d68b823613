using System.Buffers;

namespace Ocf.Communication;

/// <summary>
/// The pure, I/O-free core of cluster communication for one node: packet encoding and checks, replay protection,
/// reliable in-order exactly-once delivery with NACKs, acks and flow control, heartbeats and node status
/// (init/up/dead/left), graceful leave and tolerance of local stalls.
/// <para>
/// Single-threaded by contract: one owner calls <see cref="Start"/>, <see cref="OnDatagram"/>, <see cref="Tick"/>
/// (every <see cref="OcfClusterOptions.TickInterval"/>), <see cref="Broadcast"/>, <see cref="SendControl"/> and
/// <see cref="BeginLeave"/>, never concurrently (<c>OcfClusterNode</c> does so under a lock). Time comes only from
/// the <see cref="TimeProvider"/> (monotonic), randomness only from the given <see cref="Random"/>; output goes to
/// the transport and the listener.
/// </para>
/// </summary>
public sealed partial class OcfCommunicationEngine
{
    /// <summary>Stream sequence and stream base in front of every data fragment.</summary>
    public const int DataSubheaderSize = 16;
    private const int HeartbeatFixedSize = 1 + 8 + 8 + 8 + 2;

    private readonly OcfClusterOptions _options;
    private readonly OcfPacketPipeline _pipeline;
    private readonly IOcfDatagramTransport _transport;
    private readonly IOcfCommunicationListener _listener;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly long _origin;
    private readonly uint _clusterHash;
    private readonly Dictionary<uint, OcfPeer> _peers = [];
    private readonly OcfPeer[] _peerList;
    private readonly OcfReliableSender _sender;
    private readonly OcfCounterSet _counters = new();
    private readonly (TimeSpan? Last, long Suppressed)[] _dropReports = new (TimeSpan?, long)[Enum.GetValues<OcfDropReason>().Length];

    private readonly byte[] _datagram;
    private readonly byte[] _body;
    private readonly ArrayBufferWriter<byte> _plain;
    private readonly List<OcfAssembledMessage> _assembled = [];
    private readonly List<OcfSequenceRange> _ranges = [];
    private byte[] _heartbeatExtension = [];

    private TimeSpan _startedAt;
    private TimeSpan _lastTick;
    private TimeSpan _nextHeartbeat;
    private int _refusedFragments;

    public OcfCommunicationEngine(OcfClusterOptions options, OcfPacketPipeline pipeline, IOcfDatagramTransport transport,
        IOcfCommunicationListener listener, TimeProvider? time = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _listener = listener ?? throw new ArgumentNullException(nameof(listener));
        options.EnsureValid(pipeline.DatagramOverhead);
        if (options.Mtu > transport.MaxDatagramSize)
            throw new ArgumentException($"Mtu {options.Mtu} exceeds what the transport carries ({transport.MaxDatagramSize})", nameof(options));
        _options = options;
        _time = time ?? TimeProvider.System;
        _random = random ?? new Random();
        _origin = _time.GetTimestamp();
        _clusterHash = OcfPacketHeader.ComputeClusterHash(options.ClusterName);
        foreach (var node in options.Nodes.Where(n => n.NodeId != options.LocalNodeId).OrderBy(n => n.NodeId))
            _peers.Add(node.NodeId, new OcfPeer(node, options.ReplayWindow));
        _peerList = [.. _peers.Values];
        _sender = new OcfReliableSender(options.SendWindow);
        _datagram = new byte[options.Mtu];
        _body = new byte[options.Mtu];
        _plain = new ArrayBufferWriter<byte>(options.Mtu);
        MaxFragmentPayload = options.Mtu - pipeline.DatagramOverhead - DataSubheaderSize;
        MaxHeartbeatExtension = options.Mtu - pipeline.DatagramOverhead - HeartbeatFixedSize;
    }

    public OcfClusterOptions Options => _options;
    public uint LocalNodeId => _options.LocalNodeId;
    public ulong Incarnation => _options.Incarnation;
    public OcfEngineState State { get; private set; } = OcfEngineState.NotStarted;
    /// <summary>Monotonic time since the engine was created.</summary>
    public TimeSpan Now => _time.GetElapsedTime(_origin);
    /// <summary>Fragment payload per datagram at the configured MTU.</summary>
    public int MaxFragmentPayload { get; }
    public int MaxHeartbeatExtension { get; }
    /// <summary>Datagrams the flow-control window still allows.</summary>
    public int SendWindowFree => _sender.Free;
    /// <summary>Datagrams sent and not yet acknowledged by every live member.</summary>
    public int SendWindowInFlight => _sender.InFlight;

    public OcfCommunicationCounters Counters => _counters.Snapshot();

    /// <summary>Bytes the layer above piggybacks on every heartbeat (membership: its installed view id).</summary>
    public ReadOnlySpan<byte> HeartbeatExtension
    {
        get => _heartbeatExtension;
        set
        {
            if (value.Length > MaxHeartbeatExtension) throw new ArgumentException($"at most {MaxHeartbeatExtension} bytes fit in a heartbeat", nameof(value));
            _heartbeatExtension = value.ToArray();
        }
    }

    /// <summary>Every configured node, the local one included, as this node sees it now.</summary>
    public IReadOnlyList<OcfNodeInfo> GetNodes()
    {
        var now = Now;
        var list = new List<OcfNodeInfo>(_peerList.Length + 1);
        foreach (var node in _options.Nodes.OrderBy(n => n.NodeId))
        {
            if (node.NodeId == LocalNodeId)
            {
                var state = State is OcfEngineState.Running or OcfEngineState.Leaving ? OcfNodeState.Up : State == OcfEngineState.Left ? OcfNodeState.Left : OcfNodeState.Init;
                list.Add(new OcfNodeInfo(node.NodeId, node.Name, state, Incarnation, TimeSpan.Zero, node.Votes, IsLocal: true));
                continue;
            }
            var p = _peers[node.NodeId];
            list.Add(new OcfNodeInfo(p.NodeId, p.Name, p.State, p.Incarnation, p.EverHeard ? now - p.LastHeard : null, node.Votes, IsLocal: false));
        }
        return list;
    }

    /// <summary>The state of one peer (or of the local node).</summary>
    public OcfNodeState StateOf(uint nodeId) =>
        nodeId == LocalNodeId ? (State == OcfEngineState.Left ? OcfNodeState.Left : OcfNodeState.Up)
        : _peers.TryGetValue(nodeId, out var p) ? p.State : throw new ArgumentException($"node {nodeId} is not configured", nameof(nodeId));

    public void Start()
    {
        if (State != OcfEngineState.NotStarted) throw new InvalidOperationException("the engine was already started");
        State = OcfEngineState.Running;
        var now = Now;
        _startedAt = now;
        _lastTick = now;
        SendHeartbeats(now);
        _nextHeartbeat = now + _options.Keepalive;
    }

    /// <summary>Timers: stall detection, heartbeats, node status, NACKs, acks, reassembly timeouts, leave progress.</summary>
    public void Tick()
    {
        if (State is OcfEngineState.NotStarted or OcfEngineState.Left) return;
        var now = Now;
        DetectStall(now);
        if (now >= _nextHeartbeat)
        {
            SendHeartbeats(now);
            _nextHeartbeat += _options.Keepalive;
            if (_nextHeartbeat <= now) _nextHeartbeat = now + _options.Keepalive; // coalesce after a stall: no burst
        }
        CheckPeers(now);
        foreach (var peer in _peerList)
        {
            var stream = peer.Stream;
            if (stream is null || peer.State != OcfNodeState.Up || stream.SenderIncarnation != peer.Incarnation) continue;
            if (stream.CheckReassemblyTimeout(now, _options.ReassemblyTimeout)) _counters.ReassemblyTimeouts++;
            if (stream.TryCollectNack(now, _ranges, MaxNackRanges)) SendNack(peer, _ranges);
            if (stream.Delivered > stream.LastAckSent && now - stream.LastAckSentAt >= _options.TickInterval * 2) SendAck(peer, stream, now);
        }
        if (State == OcfEngineState.Leaving) LeaveTick(now);
    }

    private void Raise(OcfClusterEvent e) => _listener.OnEvent(e with { LocalNodeId = LocalNodeId, Timestamp = Now });
}
