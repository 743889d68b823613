using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ocf.Communication;
using Ocf.Membership;
using Ocf.Plugins;

namespace Ocf.Node;

/// <summary>
/// A running cluster node: configuration → key file → packet pipeline (compress, encrypt, sign) → transport plugin →
/// communication and membership core, with one event stream and structured logging. The PowerShell job
/// (Start-OcfNode) and the ocfd daemon both run exactly this.
/// </summary>
public sealed class OcfNodeRuntime : IAsyncDisposable
{
    private readonly OcfClusterNode _node;
    private readonly Channel<OcfClusterEvent> _events;
    private readonly ILogger _log;
    private readonly IDisposable? _transportLease;
    private readonly IDisposable? _ownedTime;
    private int _stopped;
    private readonly Action<OcfPortMessage>?[] _ports = new Action<OcfPortMessage>?[256];
    private TaskCompletionSource _windowOpened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OcfNodeRuntime(OcfClusterConfiguration configuration, OcfNodeDefinition local, OcfClusterNode node, ILogger log, IDisposable? lease, int eventCapacity, IDisposable? ownedTime)
    {
        _ownedTime = ownedTime;
        Configuration = configuration;
        Local = local;
        _node = node;
        _log = log;
        _transportLease = lease;
        // Bounded: a consumer that never reads (a job nobody receives) cannot grow memory; the oldest events go first.
        _events = Channel.CreateBounded<OcfClusterEvent>(new BoundedChannelOptions(eventCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = false });
        _node.EventRaised += OnEvent;
    }

    /// <summary>
    /// Builds a node of <paramref name="configuration"/> named <paramref name="nodeName"/> (name or id). The key file
    /// must be readable by its owner only; the transport comes from the "transport" plugin named in the configuration.
    /// </summary>
    public static OcfNodeRuntime Create(OcfClusterConfiguration configuration, string nodeName, OcfPluginManager? plugins = null,
        ILogger? logger = null, TimeProvider? time = null, int eventCapacity = 10_000)
    {
        var local = configuration.FindNode(nodeName)
            ?? throw new ArgumentException($"The node '{nodeName}' is not in cluster '{configuration.ClusterName}' (nodes: {string.Join(", ", configuration.Nodes.Select(n => n.Name))}).", nameof(nodeName));
        // Heartbeats tick on a dedicated thread unless the caller brings its own clock (tests).
        var ownedTime = time is null ? new DedicatedThreadTimeProvider() : null;
        time ??= ownedTime!;
        // Incarnation: start time in ms, so a restarted node always has a larger one than any earlier run.
        ulong incarnation = (ulong)time.GetUtcNow().ToUnixTimeMilliseconds();
        var options = configuration.ToOptions(local.NodeId, incarnation);
        var keys = new OcfKeyStore(OcfKeyFile.Read(configuration.AuthKey));
        plugins ??= OcfPluginManager.Default;
        // The packet pipeline from plugins, in the fixed order compress → encrypt → sign.
        // A compression plugin may come from a loadable module: its lease is held while the node runs.
        var compressionLease = string.Equals(configuration.Compression, "none", StringComparison.OrdinalIgnoreCase) ? null
            : plugins.AcquireAny<IOcfPacketTransformPlugin>(OcfPluginTypes.PacketTransform, configuration.Compression)
              ?? throw new OcfPluginException($"No packet-transform plugin named '{configuration.Compression}' was found for compression (search paths: {string.Join(Path.PathSeparator, plugins.SearchPaths)}).",
                  pluginType: OcfPluginTypes.PacketTransform, plugin: configuration.Compression, kind: OcfPluginErrorKind.NotFound);
        OcfPacketPipeline pipeline;
        try
        {
            if (compressionLease is { Instance.Stage: not OcfTransformStage.Message })
                throw new Ocf.Configuration.OcfValidationException([new("compression", "WrongStage", $"'{configuration.Compression}' is not a compression (message-stage) transform")]);
            pipeline = new OcfPacketPipeline(
                Plugin<IOcfAuthenticationPlugin>(plugins, OcfPluginTypes.Authentication, OcfHmacAuthenticator.AuthenticatorName).Create(Data.OcfMap.Empty, keys),
                compressionLease?.Instance.Create(Data.OcfMap.Empty, keys),
                configuration.Encryption ? Plugin<IOcfPacketTransformPlugin>(plugins, OcfPluginTypes.PacketTransform, OcfAesGcmTransform.TransformName).Create(Data.OcfMap.Empty, keys) : null);
            var problems = options.Validate(pipeline.DatagramOverhead);
            if (problems.Count > 0) throw new Ocf.Configuration.OcfValidationException(problems.Select(p => new Ocf.Configuration.OcfValidationProblem("$", "Invalid", p)).ToArray());
        }
        catch
        {
            compressionLease?.Dispose();
            throw;
        }

        var lease = plugins.AcquireAny<IOcfTransportPlugin>(OcfPluginTypes.Transport, configuration.Transport);
        if (lease is null)
        {
            compressionLease?.Dispose();
            throw new OcfPluginException($"No transport plugin named '{configuration.Transport}' was found (search paths: {string.Join(Path.PathSeparator, plugins.SearchPaths)}).",
                pluginType: OcfPluginTypes.Transport, plugin: configuration.Transport, kind: OcfPluginErrorKind.NotFound);
        }
        IOcfDatagramTransport transport;
        try
        {
            var log = logger ?? NullLogger.Instance;
            // Validated first: the plugin only ever sees a valid, normalised configuration. The node owns the
            // transport (and the lease, below), so the instantiation wrapper itself is not kept.
            transport = OcfInstantiation.Create(lease.Instance, configuration.TransportOptions, new OcfTransportContext(options, time)
            {
                Warn = warning => log.LogWarning("Transport {Transport}: {Warning}", configuration.Transport, warning),
            }).Instance;
        }
        catch (Ocf.Configuration.OcfValidationException e)
        {
            lease.Dispose();
            compressionLease?.Dispose();
            // The plugin reports paths relative to its own settings: make them paths of the cluster document.
            throw new Ocf.Configuration.OcfValidationException(e.Problems.Select(p => p with
            {
                Path = OcfClusterConfiguration.TransportOptionsKey + (p.Path is "$" or "" ? "" : "." + p.Path),
            }).ToArray());
        }
        catch
        {
            lease.Dispose();
            compressionLease?.Dispose();
            throw;
        }
        var node = new OcfClusterNode(options, pipeline, transport, time);
        return new OcfNodeRuntime(configuration, local, node, logger ?? NullLogger.Instance, new CompositeLease(lease, compressionLease), eventCapacity, ownedTime)
        {
            TransportForDiagnostics = transport,
            PacketEncoding = Describe(pipeline),
        };
    }

    private sealed class CompositeLease(params IDisposable?[] leases) : IDisposable
    {
        public void Dispose()
        {
            foreach (var l in leases) l?.Dispose();
        }
    }

    private static string Describe(OcfPacketPipeline p) =>
        $"compress: {p.Compression?.Name ?? "none"}, encrypt: {p.Encryption?.Name ?? "none"}, sign: {p.Authenticator?.Name ?? "none"}";

    /// <summary>The packet encoding in force, in its fixed order (compress, encrypt, sign).</summary>
    public string PacketEncoding { get; private init; } = "";

    private static T Plugin<T>(OcfPluginManager plugins, string type, string name) where T : class
    {
        using var lease = plugins.AcquireAny<T>(type, name)
            ?? throw new OcfPluginException($"No {type} plugin named '{name}' was found.", pluginType: type, plugin: name, kind: OcfPluginErrorKind.NotFound);
        return lease.Instance; // hmac, deflate and aes-gcm are built in (never unloaded), so the lease need not outlive this call
    }

    /// <summary>Builds a node over a given transport (in-memory tests, or a host that owns its sockets).</summary>
    public static OcfNodeRuntime Create(OcfClusterConfiguration configuration, string nodeName, IOcfDatagramTransport transport, OcfKeyStore keys,
        ILogger? logger = null, TimeProvider? time = null, int eventCapacity = 10_000)
    {
        var local = configuration.FindNode(nodeName) ?? throw new ArgumentException($"The node '{nodeName}' is not in cluster '{configuration.ClusterName}'.", nameof(nodeName));
        time ??= TimeProvider.System;
        var options = configuration.ToOptions(local.NodeId, (ulong)time.GetUtcNow().ToUnixTimeMilliseconds());
        var pipeline = OcfPacketPipeline.CreateDefault(keys, encrypt: configuration.Encryption);
        var node = new OcfClusterNode(options, pipeline, transport, time);
        return new OcfNodeRuntime(configuration, local, node, logger ?? NullLogger.Instance, null, eventCapacity, null) { TransportForDiagnostics = transport, PacketEncoding = Describe(pipeline) };
    }

    /// <summary>The transport this node sends on (for diagnostics: its type belongs to the transport plugin).</summary>
    public IOcfDatagramTransport? TransportForDiagnostics { get; private init; }

    public OcfClusterConfiguration Configuration { get; }
    public OcfNodeDefinition Local { get; }
    public string ClusterName => Configuration.ClusterName;
    public IReadOnlyList<OcfNodeInfo> Nodes => _node.Nodes;
    public OcfView? View => _node.View;
    public OcfQuorumState Quorum => _node.Quorum;
    public OcfCommunicationCounters Counters => _node.Counters;
    public bool IsRunning => Volatile.Read(ref _stopped) == 0;

    /// <summary>Every event, in order (bounded: the oldest are dropped if nobody reads).</summary>
    public ChannelReader<OcfClusterEvent> Events => _events.Reader;

    public void Start()
    {
        _log.LogInformation("Node {Node} (id {NodeId}) of cluster {Cluster} starting", Local.Name, Local.NodeId, ClusterName);
        _node.Start();
    }

    /// <summary>The node's id (its number in the configuration).</summary>
    public uint NodeId => Local.NodeId;

    /// <summary>The node's incarnation (larger after every restart).</summary>
    public ulong Incarnation => _node.Incarnation;

    /// <summary>
    /// Every event, raised synchronously on the node's single dispatch thread, in order, before it is queued on
    /// <see cref="Events"/>. For framework services (RPC, election, groups): handlers must not block.
    /// </summary>
    public event Action<OcfClusterEvent>? EventObserved;

    /// <summary>Sends an application message (port 0) reliably to every live member.</summary>
    public OcfSendResult Broadcast(ReadOnlySpan<byte> message) => Send(OcfPorts.Application, message);

    /// <summary>
    /// Routes messages that arrive on <paramref name="port"/> to <paramref name="handler"/> (on the dispatch thread;
    /// it must not block). Dispose the result to close the port. Port 0 belongs to the application and its messages
    /// appear on <see cref="Events"/>.
    /// </summary>
    public IDisposable OpenPort(byte port, Action<OcfPortMessage> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (port == OcfPorts.Application) throw new ArgumentOutOfRangeException(nameof(port), "port 0 is the application's: read its messages from Events");
        if (Interlocked.CompareExchange(ref _ports[port], handler, null) is not null)
            throw new InvalidOperationException($"port {port} is already open");
        return new PortLease(this, port, handler);
    }

    private sealed class PortLease(OcfNodeRuntime owner, byte port, Action<OcfPortMessage> handler) : IDisposable
    {
        public void Dispose() => Interlocked.CompareExchange(ref owner._ports[port], null, handler);
    }

    /// <summary>Sends <paramref name="payload"/> on <paramref name="port"/> reliably to every live member (itself included).</summary>
    public OcfSendResult Send(byte port, ReadOnlySpan<byte> payload)
    {
        byte[] rented = System.Buffers.ArrayPool<byte>.Shared.Rent(payload.Length + 1);
        try
        {
            rented[0] = port;
            payload.CopyTo(rented.AsSpan(1));
            return _node.Broadcast(rented.AsSpan(0, payload.Length + 1));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// As <see cref="Send"/>, but waits while the send window is full (flow control) instead of failing;
    /// returns TooLarge or NotRunning as they are.
    /// </summary>
    public async ValueTask<OcfSendResult> SendAsync(byte port, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var opened = Volatile.Read(ref _windowOpened).Task;
            var result = Send(port, payload.Span);
            if (result.Status != OcfSendStatus.WindowFull) return result;
            // Poll as well as wait: a window that opened between Send and here raised its event already.
            await Task.WhenAny(opened, Task.Delay(_node.Options.TickInterval, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Leaves gracefully (peers see "left"), waiting at most the leave timeout, then stops.</summary>
    public async Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        if (graceful)
        {
            _log.LogInformation("Node {Node} leaving cluster {Cluster}", Local.Name, ClusterName);
            _node.Leave();
            var timeout = Task.Delay(_node.Options.LeaveTimeout + _node.Options.Keepalive, cancellationToken);
            await Task.WhenAny(_node.Left, timeout).ConfigureAwait(false);
        }
        _node.Dispose();
        _transportLease?.Dispose();
        _ownedTime?.Dispose();
        _events.Writer.TryComplete();
        _log.LogInformation("Node {Node} stopped", Local.Name);
    }

    private void OnEvent(OcfClusterEvent e)
    {
        if (e is OcfMessageDelivered m)
        {
            if (m.Payload.Length == 0) return; // every port message has its port byte: an empty one is not ours
            byte port = m.Payload.Span[0];
            if (port != OcfPorts.Application)
            {
                var handler = Volatile.Read(ref _ports[port]);
                if (handler is null) return; // nobody listens on that port here (a newer peer's service): drop it
                try { handler(new OcfPortMessage(m.Sender, m.SenderIncarnation, m.MessageId, m.Payload[1..])); }
                catch (Exception ex) { _log.LogError(ex, "Port {Port} handler failed on a message from node {Sender}", port, m.Sender); }
                return;
            }
            e = m with { Payload = m.Payload[1..] };
        }
        else if (e is OcfSendWindowOpened)
        {
            Interlocked.Exchange(ref _windowOpened, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
        try { EventObserved?.Invoke(e); }
        catch (Exception ex) { _log.LogError(ex, "An event observer failed on {Event}", e.GetType().Name); }
        _events.Writer.TryWrite(e);
        switch (e)
        {
            case OcfNodeStateChanged s:
                _log.Log(s.Current == OcfNodeState.Dead ? LogLevel.Warning : LogLevel.Information,
                    "Node {Name} (id {NodeId}) {Previous} -> {Current} ({Reason})", s.Name, s.NodeId, s.Previous, s.Current, s.Reason);
                break;
            case OcfViewChanged v:
                _log.LogInformation("View {ViewId}: members {Members}; joined {Joined}, left {Left}", v.Current.Id, string.Join(",", v.Current.NodeIds), string.Join(",", v.Joined), string.Join(",", v.Left));
                break;
            case OcfQuorumChanged q:
                _log.Log(q.Current.Quorate ? LogLevel.Information : LogLevel.Warning, "Quorum: {Quorum}", q.Current.ToString());
                break;
            case OcfNodeLate l:
                _log.LogWarning("Node {Name} late: silent for {Silence}", l.Name, l.Silence);
                break;
            case OcfPacketDropped d:
                _log.LogWarning("Dropped packet: {Reason} from {Sender}: {Detail} ({Suppressed} more suppressed)", d.Reason, d.Sender, d.Detail, d.Suppressed);
                break;
            case OcfLocalStall s:
                _log.LogWarning("Local stall of {Duration}: peers' silence during it is not held against them", s.Duration);
                break;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(graceful: false).ConfigureAwait(false);
}
