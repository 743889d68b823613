using Ocf.Configuration;
using Ocf.Data;
using Ocf.Rpc;

namespace Ocf.Groups;

/// <summary>
/// The group methods of a node's local API: ocf.group.join, ocf.group.leave, ocf.group.send, ocf.group.members.
/// Members joined here have no reader: their deliveries are raised on <see cref="OcfGroupService.Delivered"/>, where the
/// host forwards them to its clients.
/// </summary>
public static class OcfGroupRpcMethods
{
    public const string Join = "ocf.group.join";
    public const string Leave = "ocf.group.leave";
    public const string Send = "ocf.group.send";
    public const string Members = "ocf.group.members";

    private static OcfField Name(string name, string text) => new()
    {
        FieldName = name,
        BasicType = OcfBasicType.String,
        Required = true,
        Length = GroupWire.MaxNameBytes,
        ShortText = text,
    };

    private static readonly OcfField Group = Name("group", "the group's name");
    private static readonly OcfField Member = Name("member", "the local member's name (unique per group on this node)");

    public static void Register(OcfRpcRegistry registry, OcfGroupService service)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(service);
        registry.Register(new OcfRpcMethod(Join,
            "Joins a group as a local member; returns once the join is delivered: {group, member, nodeId, members: [{nodeId, name}]}. "
            + "Fails if that member name is already in the group on this node.",
            [Group, Member], OcfRpcTypes.Struct, async (args, ct) =>
            {
                var handle = await Call(() => service.JoinAsync(Str(args[0]), Str(args[1]), buffer: false, ct)).ConfigureAwait(false);
                return new OcfMapBuilder()
                    .Add("group", handle.Group)
                    .Add("member", handle.Member.Name)
                    .Add("nodeId", (long)handle.Member.NodeId)
                    .Add("members", MemberList(handle.Members))
                    .Build();
            }));
        registry.Register(new OcfRpcMethod(Leave,
            "Leaves a group; returns true once the leave is delivered, false if that member was not in the group on this node.",
            [Group, Member], OcfRpcTypes.Boolean, async (args, ct) =>
            {
                if (service.Find(Str(args[0]), Str(args[1])) is not { IsJoined: true } handle) return false;
                await Call(() => handle.LeaveAsync(ct)).ConfigureAwait(false);
                return true;
            }));
        registry.Register(new OcfRpcMethod(Send,
            "Sends data to every member of a group, in the group's agreed order, from a local member that joined it; returns true once queued. "
            + "encoding 'text' (the default) sends the string as UTF-8; 'base64' decodes it first.",
            [Group, Member,
             new OcfField { FieldName = "data", BasicType = OcfBasicType.String, Required = true, ShortText = "the message" },
             new OcfField { FieldName = "encoding", BasicType = OcfBasicType.String, EnumValues = ["text", "base64"], Default = "text", ShortText = "how data is encoded: text or base64" }],
            OcfRpcTypes.Boolean, async (args, ct) =>
            {
                string group = Str(args[0]), member = Str(args[1]), data = Str(args[2]);
                byte[] payload;
                if (args[3] is OcfString { Value: "base64" })
                {
                    try { payload = Convert.FromBase64String(data); }
                    catch (FormatException) { throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, "invalid method parameters: data is not valid base64"); }
                }
                else payload = System.Text.Encoding.UTF8.GetBytes(data);
                if (service.Find(group, member) is not { IsJoined: true } handle)
                    throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, $"invalid method parameters: '{member}' is not a member of group '{group}' on this node");
                await Call(() => handle.SendAsync(payload, ct)).ConfigureAwait(false);
                return true;
            }));
        registry.Register(new OcfRpcMethod(Members,
            "The member list of a group as delivered on this node, in the agreed order: an array of {nodeId, name} (empty if none).",
            [Group], OcfRpcTypes.Array, (args, _) => ValueTask.FromResult<OcfValue>(MemberList(service.MembersOf(Str(args[0]))))));
    }

    private static string Str(OcfValue v) => v is OcfString s ? s.Value : v.ToString() ?? "";

    private static OcfList MemberList(IEnumerable<OcfGroupMember> members) =>
        new(members.Select(m => (OcfValue)new OcfMapBuilder().Add("nodeId", (long)m.NodeId).Add("name", m.Name).Build()));

    /// <summary>Group errors are the caller's (bad name, duplicate join): invalid parameters, with the message.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try { return await call().ConfigureAwait(false); }
        catch (Exception e) when (e is OcfGroupException or ArgumentException) { throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, $"invalid method parameters: {e.Message}", e); }
    }

    private static async Task Call(Func<Task> call) => await Call(async () => { await call().ConfigureAwait(false); return 0; }).ConfigureAwait(false);
}
