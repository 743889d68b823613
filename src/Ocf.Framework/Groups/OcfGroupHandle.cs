using System.Threading.Channels;

namespace Ocf.Groups;

/// <summary>
/// One local member of a group (from <see cref="OcfGroupService.JoinAsync"/>). <see cref="Deliveries"/> yields, in the
/// agreed order, the member's own join, then every message to the group and every membership change, until its leave
/// (the reader then completes). Thread-safe.
/// </summary>
public sealed class OcfGroupHandle
{
    private readonly OcfGroupService _service;
    private readonly Channel<OcfGroupEvent>? _deliveries;

    internal OcfGroupHandle(OcfGroupService service, string group, string member, bool buffer)
    {
        _service = service;
        Group = group;
        Member = new OcfGroupMember(service.NodeId, member);
        if (buffer) _deliveries = Channel.CreateUnbounded<OcfGroupEvent>(new UnboundedChannelOptions { SingleWriter = true });
    }

    public string Group { get; }
    public OcfGroupMember Member { get; }

    /// <summary>True from the delivery of this member's join until the delivery of its leave (or the service stops).</summary>
    public bool IsJoined { get; internal set; }

    /// <summary>
    /// The deliveries to this member. Unbounded: read them (a handle joined with buffering off has none; use
    /// <see cref="OcfGroupService.Delivered"/>).
    /// </summary>
    public ChannelReader<OcfGroupEvent> Deliveries =>
        _deliveries?.Reader ?? throw new OcfGroupException($"member '{Member.Name}' of group '{Group}' was joined without buffering: its deliveries go to OcfGroupService.Delivered", Group, Member.Name);

    /// <summary>The group's member list as of the last event delivered here (agreed order).</summary>
    public IReadOnlyList<OcfGroupMember> Members => _service.MembersOf(Group);

    /// <summary>
    /// Sends <paramref name="payload"/> to every member of the group (this one included), in the agreed order. Completes
    /// when the message is queued for ordering; waits while too many of this node's messages await their order.
    /// </summary>
    public Task SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (!IsJoined) throw new OcfGroupException($"member '{Member.Name}' is not (or no longer) in group '{Group}'", Group, Member.Name);
        return _service.SubmitAsync(GroupOpKind.Data, Group, Member.Name, payload.ToArray(), waitForDelivery: false, cancellationToken);
    }

    public Task SendAsync(string text, CancellationToken cancellationToken = default) =>
        SendAsync(System.Text.Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>Leaves the group; completes once the leave is delivered here (the last event of <see cref="Deliveries"/>).</summary>
    public Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        if (!IsJoined) return Task.CompletedTask;
        return _service.SubmitAsync(GroupOpKind.Leave, Group, Member.Name, [], waitForDelivery: true, cancellationToken);
    }

    internal void Write(OcfGroupEvent e) => _deliveries?.Writer.TryWrite(e);

    internal void Complete() => _deliveries?.Writer.TryComplete();

    public override string ToString() => $"{Member} in {Group}";
}
