using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ocf.Communication;
using Ocf.Data;
using Ocf.Ipc;
using Ocf.Membership;
using Ocf.Plugins;
using Ocf.Rpc;

namespace Ocf.Node;

/// <summary>Settings of an <see cref="OcfNodeHost"/>.</summary>
public sealed record OcfNodeHostOptions
{
    /// <summary>The local API endpoint (socket path or pipe name); null: <see cref="OcfIpcServerOptions.DefaultEndpoint"/> of the node.</summary>
    public string? Endpoint { get; init; }
    /// <summary>False: no local API endpoint (the registry and event hub still work in-process).</summary>
    public bool EnableApi { get; init; } = true;
    /// <summary>Unix: the group (gid) allowed to call besides root and the owner.</summary>
    public uint? AllowedGroupId { get; init; }
    /// <summary>Windows: the group (name or SID) given access to the pipe.</summary>
    public string? AllowedGroup { get; init; }
    /// <summary>Where ocf.stonith.* finds saved devices; null: <see cref="Stonith.OcfStonithDeviceStore.DefaultDirectory"/>.</summary>
    public string? DeviceStoreDirectory { get; init; }
    /// <summary>Plugins for STONITH devices; null: <see cref="OcfPluginManager.Default"/>.</summary>
    public OcfPluginManager? Plugins { get; init; }
    /// <summary>Events queued per API client before the oldest are dropped.</summary>
    public int ClientQueueCapacity { get; init; } = 1024;
    /// <summary>Further server settings (timeouts, limits); Endpoint and the allowed groups above override theirs.</summary>
    public OcfIpcServerOptions? Server { get; init; }
}

/// <summary>
/// One node as a process serves it: the <see cref="OcfNodeRuntime"/>, an <see cref="OcfRpcRegistry"/> with the node's
/// methods (ocf.membership, ocf.nodes, ocf.client.*, ocf.events.*, ocf.stonith.*), its <see cref="OcfRpcDispatcher"/>,
/// the local API endpoint (<see cref="OcfIpcServer"/>) and the <see cref="OcfEventHub"/> that carries cluster events to
/// subscribed clients. ocfd and Start-OcfNode both run exactly this.
/// <para>
/// Services added later register their methods in <see cref="Registry"/> and publish on <see cref="Events"/>
/// (<c>host.Events.Publish("leader.elected", value)</c>); they may do so before or after <see cref="Start"/>.
/// </para>
/// </summary>
public sealed partial class OcfNodeHost : IAsyncDisposable
{
    private readonly ILogger _log;
    private readonly OcfStonithRpcMethods _stonith;
    private int _started, _stopped;

    public OcfNodeHost(OcfNodeRuntime runtime, OcfNodeHostOptions? options = null, ILogger? logger = null)
    {
        Runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        Options = options ?? new OcfNodeHostOptions();
        _log = logger ?? NullLogger.Instance;
        Events = new OcfEventHub(Options.ClientQueueCapacity);
        foreach (var t in OcfNodeTopics.All) Events.DeclareTopic(t);
        // The leader is read when asked (the election is attached below, after the registry exists).
        Registry = OcfNodeRpcMethods.CreateRegistry(runtime, () => Election?.Leader is { } l ? (l.NodeId, l.Name) : null);
        OcfLocalApiMethods.RegisterMethods(Registry, Events);
        _stonith = new OcfStonithRpcMethods(Options.DeviceStoreDirectory ?? Stonith.OcfStonithDeviceStore.DefaultDirectory, Options.Plugins ?? OcfPluginManager.Default);
        _stonith.Register(Registry);
        Dispatcher = new OcfRpcDispatcher(Registry);
        if (Options.EnableApi)
        {
            Endpoint = Options.Endpoint ?? OcfIpcServerOptions.DefaultEndpoint(runtime.ClusterName, runtime.Local.Name);
            var serverOptions = (Options.Server ?? new OcfIpcServerOptions()) with
            {
                Endpoint = Endpoint,
                AllowedGroupId = Options.AllowedGroupId ?? Options.Server?.AllowedGroupId,
                AllowedGroup = Options.AllowedGroup ?? Options.Server?.AllowedGroup,
            };
            Server = new OcfIpcServer(Dispatcher, serverOptions, _log);
            Server.ConnectionClosed += id => Events.Disconnect(id);
        }
        Registry.Register(new OcfRpcMethod(ApiStatusMethod,
            "The local API's own counters: {endpoint, connectionsAccepted, connectionsRefused (peer credentials refused), requestsServed, "
            + "badRequests, timeouts, clientsDropped, activeConnections, clients (registered), eventsPublished}.",
            [], OcfRpcTypes.Struct, (_, _) => ValueTask.FromResult<OcfValue>(ApiStatus())));
        Runtime.EventObserved += OnClusterEvent;
        (ClusterRpc, Election, Groups) = AttachServices();
    }

    public const string ApiStatusMethod = "ocf.api.status";

    private OcfMap ApiStatus()
    {
        var s = Server;
        return new OcfMapBuilder()
            .Add("endpoint", OcfValue.From(Endpoint))
            .Add("connectionsAccepted", s?.ConnectionsAccepted ?? 0)
            .Add("connectionsRefused", s?.ConnectionsRefused ?? 0)
            .Add("requestsServed", s?.RequestsServed ?? 0)
            .Add("badRequests", s?.BadRequests ?? 0)
            .Add("timeouts", s?.Timeouts ?? 0)
            .Add("clientsDropped", s?.ClientsDropped ?? 0)
            .Add("activeConnections", (long)(s?.ActiveConnections ?? 0))
            .Add("clients", (long)Events.Clients.Count)
            .Add("eventsPublished", Events.Published)
            .Build();
    }

    public OcfNodeRuntime Runtime { get; }
    public OcfNodeHostOptions Options { get; }
    /// <summary>The node's methods; add services' methods here.</summary>
    public OcfRpcRegistry Registry { get; }
    public OcfRpcDispatcher Dispatcher { get; }
    /// <summary>Topics and subscriptions; publish services' events here.</summary>
    public OcfEventHub Events { get; }
    /// <summary>The local API server; null when <see cref="OcfNodeHostOptions.EnableApi"/> is false.</summary>
    public OcfIpcServer? Server { get; private set; }
    /// <summary>The socket path or pipe name of the local API; null without one.</summary>
    public string? Endpoint { get; private set; }
    /// <summary>Where ocf.stonith.* reads saved devices.</summary>
    public string DeviceStoreDirectory => _stonith.StoreDirectory;

    /// <summary>Opens the local API (so a busy endpoint fails before the node joins), then starts the node.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("the host was already started");
        try { Server?.Start(); }
        catch
        {
            Volatile.Write(ref _started, 0);   // nothing started: the caller may DisableApi and start again
            throw;
        }
        Runtime.Start();
    }

    /// <summary>
    /// Gives up the local API endpoint (e.g. when it is busy and the caller prefers running without it); only before
    /// <see cref="Start"/>, or after a <see cref="Start"/> that failed to open the endpoint.
    /// </summary>
    public void DisableApi()
    {
        if (Volatile.Read(ref _started) != 0) throw new InvalidOperationException("the host has started");
        Server = null;
        Endpoint = null;
    }

    /// <summary>Stops the node (leaving gracefully unless told otherwise), then closes the API and the devices.</summary>
    public async Task StopAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        try
        {
            // Groups first: a graceful leave then carries the node's group members out in agreed order.
            await Groups.DisposeAsync().ConfigureAwait(false);
            await Runtime.StopAsync(graceful, cancellationToken).ConfigureAwait(false);   // subscribers still see node.left
        }
        finally
        {
            await Election.DisposeAsync().ConfigureAwait(false);
            await ClusterRpc.DisposeAsync().ConfigureAwait(false);
            Runtime.EventObserved -= OnClusterEvent;
            if (Server is { } server) await server.DisposeAsync().ConfigureAwait(false);
            await _stonith.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(graceful: false).ConfigureAwait(false);

    private void OnClusterEvent(OcfClusterEvent e)
    {
        if (OcfNodeTopics.ToTopic(e, Runtime) is not { } t) return;
        try { Events.Publish(t.Topic, t.Data); }
        catch (Exception ex) { _log.LogError(ex, "Publishing {Topic} failed", t.Topic); }
    }
}

/// <summary>The topics a node publishes for its cluster events, and their data structs (see docs/local-api.md).</summary>
public static class OcfNodeTopics
{
    public const string View = "membership.view";
    public const string NodeState = "membership.node";
    public const string Quorum = "membership.quorum";
    public const string Late = "node.late";
    public const string Stall = "node.stall";
    public const string Dropped = "node.dropped";
    public const string Left = "node.left";

    public static IReadOnlyList<string> All { get; } = [View, NodeState, Quorum, Late, Stall, Dropped, Left];

    /// <summary>The topic and data of a cluster event; null for events not published (application messages).</summary>
    public static (string Topic, OcfValue Data)? ToTopic(OcfClusterEvent e, OcfNodeRuntime node)
    {
        string? Name(uint id) => node.Configuration.Nodes.FirstOrDefault(n => n.NodeId == id)?.Name;
        OcfList Ids(IEnumerable<OcfMember> members) => new(members.Select(m => (OcfValue)(long)m.NodeId));
        return e switch
        {
            OcfViewChanged v => (View, new OcfMapBuilder()
                .Add("viewId", v.Current.Id.ToString())
                .Add("epoch", v.Current.Id.Epoch)
                .Add("coordinator", (long)v.Current.Id.Coordinator)
                .Add("members", new OcfList(v.Current.Members.Select(m => (OcfValue)new OcfMapBuilder()
                    .Add("nodeId", (long)m.NodeId)
                    .Add("name", OcfValue.From(Name(m.NodeId)))
                    .Add("incarnation", m.Incarnation.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Build())))
                .Add("joined", Ids(v.Joined))
                .Add("left", Ids(v.Left))
                .Build()),
            OcfNodeStateChanged s => (NodeState, new OcfMapBuilder()
                .Add("nodeId", (long)s.NodeId)
                .Add("name", s.Name)
                .Add("previous", s.Previous.ToString())
                .Add("current", s.Current.ToString())
                .Add("reason", s.Reason.ToString())
                .Build()),
            OcfQuorumChanged q => (Quorum, new OcfMapBuilder()
                .Add("quorate", q.Current.Quorate)
                .Add("votes", (long)q.Current.Votes)
                .Add("expectedVotes", (long)q.Current.ExpectedVotes)
                .Add("needed", (long)q.Current.Needed)
                .Add("mode", q.Current.Mode.ToString())
                .Add("waitingForAll", q.Current.WaitingForAll)
                .Add("wasQuorate", q.Previous is { } p ? p.Quorate : OcfValue.Nil)
                .Build()),
            OcfNodeLate l => (Late, new OcfMapBuilder().Add("nodeId", (long)l.NodeId).Add("name", l.Name).Add("silence", l.Silence.TotalSeconds).Build()),
            OcfLocalStall s => (Stall, new OcfMapBuilder().Add("duration", s.Duration.TotalSeconds).Build()),
            OcfPacketDropped d => (Dropped, new OcfMapBuilder()
                .Add("reason", d.Reason.ToString())
                .Add("sender", d.Sender is { } id ? (long)id : OcfValue.Nil)
                .Add("detail", d.Detail)
                .Add("suppressed", d.Suppressed)
                .Build()),
            OcfLocalLeft l => (Left, new OcfMapBuilder().Add("acknowledged", l.Acknowledged).Build()),
            _ => null,
        };
    }
}
