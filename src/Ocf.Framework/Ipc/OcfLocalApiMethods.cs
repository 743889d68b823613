using Ocf.Configuration;
using Ocf.Data;
using Ocf.Rpc;

namespace Ocf.Ipc;

/// <summary>Fault codes of the local API's own methods (application faults, outside the xmlrpc-epi range).</summary>
public static class OcfLocalApiFaults
{
    /// <summary>A client method (subscribe, wait...) on a connection that has not called ocf.client.register.</summary>
    public const int NotRegistered = 1001;
    /// <summary>A topic pattern that is not a topic, 'prefix.*' or '*'.</summary>
    public const int BadTopic = 1002;
    /// <summary>The method needs a connection (it was called in-process, without a call context).</summary>
    public const int NoConnection = 1003;
    /// <summary>No STONITH device of that name in the daemon's device store.</summary>
    public const int NoSuchDevice = 1010;
    /// <summary>The saved device cannot be used (unreadable definition, missing plugin, bad configuration).</summary>
    public const int DeviceUnusable = 1011;
    /// <summary>A STONITH operation failed: the fault code is this plus the <see cref="Stonith.OcfStonithFailureKind"/> number.</summary>
    public const int StonithFailureBase = 1100;
}

/// <summary>
/// Client registration and event subscription methods of a node's local API, over an <see cref="OcfEventHub"/>:
/// ocf.client.register, ocf.client.list, ocf.events.topics, ocf.events.subscribe, ocf.events.unsubscribe, ocf.events.wait.
/// Registration and subscriptions belong to the calling connection (<see cref="OcfRpcCallContext.ConnectionId"/>).
/// </summary>
public static class OcfLocalApiMethods
{
    public const string Register = "ocf.client.register";
    public const string ListClients = "ocf.client.list";
    public const string Topics = "ocf.events.topics";
    public const string Subscribe = "ocf.events.subscribe";
    public const string Unsubscribe = "ocf.events.unsubscribe";
    public const string Wait = "ocf.events.wait";

    /// <summary>Longest long poll a client may ask for (it must stay below the server's idle timeout of its connection).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(300);

    private static readonly OcfField TopicsField = new()
    {
        FieldName = "topics",
        BasicType = OcfBasicType.String,
        IsArray = true,
        ShortText = "topic patterns: a topic (membership.view), a prefix (membership.*) or * for all",
    };

    public static void RegisterMethods(OcfRpcRegistry registry, OcfEventHub hub)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(hub);
        registry.Register(new OcfRpcMethod(Register,
            "Registers this connection as a client of the local API and returns its client id (an int). Registration, subscriptions and "
            + "queued events belong to the connection: they end when it closes. Registering again renames the client and keeps its id.",
            [
                new OcfField { FieldName = "name", BasicType = OcfBasicType.String, Required = true, ShortText = "a name for logs and ocf.client.list" },
                new OcfField { FieldName = "pid", BasicType = OcfBasicType.Integer, ShortText = "the client's process id (default: the one the kernel reports)" },
            ],
            OcfRpcTypes.Int, (args, _) =>
            {
                var c = Context();
                int? pid = args[1] is OcfInteger p ? (int)p.Value : c.ProcessId;
                return ValueTask.FromResult<OcfValue>(hub.Register(c.ConnectionId, ((OcfString)args[0]).Value, pid, c.UserId));
            }));

        registry.Register(new OcfRpcMethod(ListClients,
            "The registered clients: an array of {clientId, name, pid, uid, topics, queued, dropped}.",
            [], OcfRpcTypes.Array, (_, _) => ValueTask.FromResult<OcfValue>(new OcfList(hub.Clients.Select(c => (OcfValue)new OcfMapBuilder()
                .Add("clientId", c.ClientId)
                .Add("name", c.Name)
                .Add("pid", c.ProcessId is { } pid ? pid : OcfValue.Nil)
                .Add("uid", c.UserId is { } uid ? (long)uid : OcfValue.Nil)
                .Add("topics", Strings(c.Topics))
                .Add("queued", (long)c.Queued)
                .Add("dropped", c.Dropped)
                .Build())))));

        registry.Register(new OcfRpcMethod(Topics,
            "The topics declared or published so far on this node (an array of strings). Other services add theirs (e.g. leader.*, group.*).",
            [], OcfRpcTypes.Array, (_, _) => ValueTask.FromResult<OcfValue>(Strings(hub.Topics))));

        registry.Register(new OcfRpcMethod(Subscribe,
            "Subscribes this connection's client to topic patterns; returns all its patterns. Events published from now on queue for it "
            + $"(at most {hub.QueueCapacity}; the oldest are dropped and counted) until ocf.events.wait collects them.",
            [TopicsField with { Required = true }], OcfRpcTypes.Array, (args, _) => Guard(() => Strings(hub.Subscribe(Context().ConnectionId, TopicList(args[0]))))));

        registry.Register(new OcfRpcMethod(Unsubscribe,
            "Removes topic patterns from this connection's client (all of them when none is given); returns the patterns left.",
            [TopicsField], OcfRpcTypes.Array, (args, _) => Guard(() => Strings(hub.Unsubscribe(Context().ConnectionId, TopicList(args[0]))))));

        registry.Register(new OcfRpcMethod(Wait,
            "Long poll: returns {events: [{seq, topic, time, data}], dropped} as soon as events are queued for this connection's client, "
            + "or with no events after timeoutSeconds. dropped counts the events lost to a full queue since the last call.",
            [
                new OcfField { FieldName = "timeoutSeconds", BasicType = OcfBasicType.Double, Default = new OcfDouble(30), ShortText = $"how long to wait for the first event (0 to {MaxWait.TotalSeconds:0}; 0 polls)" },
                new OcfField { FieldName = "maxEvents", BasicType = OcfBasicType.Integer, Default = new OcfInteger(1000), ShortText = "at most this many events in one answer" },
            ],
            OcfRpcTypes.Struct, async (args, ct) =>
            {
                double seconds = args[0] is OcfDouble d ? d.Value : args[0] is OcfInteger i ? i.Value : 30;
                if (double.IsNaN(seconds) || seconds < 0 || seconds > MaxWait.TotalSeconds)
                    throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, $"invalid method parameters: timeoutSeconds must be between 0 and {MaxWait.TotalSeconds:0}");
                int max = args[1] is OcfInteger m ? (int)Math.Clamp(m.Value, 1, 100_000) : 1000;
                var c = Context();
                if (hub.ClientOf(c.ConnectionId) is null) throw NotRegistered();
                var (events, dropped) = await hub.WaitAsync(c.ConnectionId, TimeSpan.FromSeconds(seconds), max, ct).ConfigureAwait(false);
                return new OcfMapBuilder()
                    .Add("events", new OcfList(events.Select(e => (OcfValue)e.ToValue())))
                    .Add("dropped", dropped)
                    .Build();
            }));
    }

    private static OcfList Strings(IEnumerable<string> values) => new(values.Select(v => (OcfValue)new OcfString(v)));

    private static IEnumerable<string> TopicList(OcfValue value) => value switch
    {
        OcfList l => l.Select(v => v is OcfString s ? s.Value : v.ToString()),
        OcfString s => [s.Value],
        _ => [],
    };

    private static ValueTask<OcfValue> Guard(Func<OcfValue> body)
    {
        try { return ValueTask.FromResult(body()); }
        catch (OcfClientNotRegisteredException) { throw NotRegistered(); }
        catch (ArgumentException e) { throw new OcfRpcException(OcfLocalApiFaults.BadTopic, e.Message); }
    }

    private static OcfRpcException NotRegistered() => new(OcfLocalApiFaults.NotRegistered, "this connection has not registered: call ocf.client.register first");

    private static OcfRpcCallContext Context() =>
        OcfRpcCallContext.Current ?? throw new OcfRpcException(OcfLocalApiFaults.NoConnection, "this method needs a connection to the local API (no call context)");
}
