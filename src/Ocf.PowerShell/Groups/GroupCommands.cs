using System.Management.Automation;
using Ocf.Groups;
using Ocf.PowerShell.Node;

namespace Ocf.PowerShell.Groups;

/// <summary>Joins a process group as a local member of a running node; returns once the join is delivered.</summary>
[Cmdlet(VerbsCommon.Join, "OcfGroup")]
[OutputType(typeof(OcfGroupMembership))]
public sealed class JoinOcfGroupCommand : NodeReaderCommand
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>The local member name (default: pwsh-PID); unique per group on one node.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Member { get; set; }

    [Parameter]
    [ValidateRange(0.1, 3600)]
    public double TimeoutSec { get; set; } = 30;

    protected override void ProcessRecord()
    {
        var job = ResolveJob();
        if (job is null) return;
        string member = Member ?? $"pwsh-{Environment.ProcessId}";
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(TimeoutSec));
        try
        {
            var handle = job.Groups.JoinAsync(Name, member, buffer: true, cts.Token).GetAwaiter().GetResult();
            WriteObject(new OcfGroupMembership(job, handle));
        }
        catch (OcfGroupException e)
        {
            WriteError(new ErrorRecord(e, "GroupMemberExists", ErrorCategory.ResourceExists, Name));
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(e, "InvalidGroupName", ErrorCategory.InvalidArgument, Name));
        }
        catch (OperationCanceledException e)
        {
            WriteError(new ErrorRecord(new TimeoutException($"The join of '{member}' to group '{Name}' was not delivered within {TimeoutSec} s (is every cluster node running?).", e),
                "GroupJoinTimeout", ErrorCategory.OperationTimeout, Name));
        }
    }
}

/// <summary>Base for the cmdlets that act as a member: -Group takes Join-OcfGroup's object, or a group name joined on -Job.</summary>
public abstract class GroupMemberCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public object Group { get; set; } = null!;

    /// <summary>With a group name: the node job (default: the session's only one).</summary>
    [Parameter]
    public OcfNodeJob? Job { get; set; }

    /// <summary>With a group name: the member, if several local members joined that group.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Member { get; set; }

    protected OcfGroupMembership? ResolveMembership()
    {
        var value = PSObject.AsPSObject(Group).BaseObject;
        if (value is OcfGroupMembership m) return m;
        string name = value.ToString() ?? "";
        var job = Job;
        if (job is null)
        {
            var running = OcfNodeJobSourceAdapter.Running.ToList();
            if (running.Count != 1)
            {
                Fail(new InvalidOperationException(running.Count == 0 ? "No cluster node runs in this session; start one with Start-OcfNode." : $"{running.Count} cluster nodes run in this session; choose one with -Job."),
                    "NoNodeSelected", ErrorCategory.ObjectNotFound);
                return null;
            }
            job = running[0];
        }
        var handles = job.Groups.LocalMembers.Where(h => h.Group == name && (Member is null || h.Member.Name == Member)).ToList();
        if (handles.Count == 1) return new OcfGroupMembership(job, handles[0]);
        Fail(new OcfGroupException(handles.Count == 0
                ? $"No local member of group '{name}' on {job.Node}{(Member is null ? "" : $" named '{Member}'")}: join it with Join-OcfGroup."
                : $"{handles.Count} local members joined group '{name}' on {job.Node}; choose one with -Member.", name, Member),
            "GroupMemberNotFound", ErrorCategory.ObjectNotFound);
        return null;
    }

    protected void Fail(Exception e, string id, ErrorCategory category) => WriteError(new ErrorRecord(e, id, category, Group));
}

/// <summary>Sends a message (string as UTF-8, or bytes) to every member of a group, in the group's agreed order.</summary>
[Cmdlet(VerbsCommunications.Send, "OcfGroupMessage")]
[OutputType(typeof(void))]
public sealed class SendOcfGroupMessageCommand : GroupMemberCommand
{
    /// <summary>A string (sent as UTF-8) or a byte array.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public object Message { get; set; } = null!;

    protected override void ProcessRecord()
    {
        var membership = ResolveMembership();
        if (membership is null) return;
        byte[] payload = PSObject.AsPSObject(Message).BaseObject switch
        {
            byte[] b => b,
            object[] items when items.All(i => PSObject.AsPSObject(i).BaseObject is byte) => [.. items.Select(i => (byte)PSObject.AsPSObject(i).BaseObject)],
            var other => System.Text.Encoding.UTF8.GetBytes(other.ToString() ?? ""),
        };
        try
        {
            membership.Handle.SendAsync(payload).GetAwaiter().GetResult();
        }
        catch (OcfGroupException e)
        {
            Fail(e, "GroupSendFailed", ErrorCategory.InvalidOperation);
        }
    }
}

/// <summary>Returns a member's deliveries (messages and membership changes) in the group's agreed order.</summary>
[Cmdlet(VerbsCommunications.Receive, "OcfGroupMessage")]
[OutputType(typeof(OcfGroupDelivery))]
public sealed class ReceiveOcfGroupMessageCommand : GroupMemberCommand
{
    /// <summary>How long to wait for the first delivery when none is waiting (default 0: return what is there).</summary>
    [Parameter]
    [Alias("Timeout")]
    [ValidateRange(0, 3600)]
    public double TimeoutSec { get; set; }

    /// <summary>Return at most this many deliveries.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; } = int.MaxValue;

    protected override void ProcessRecord()
    {
        var membership = ResolveMembership();
        if (membership is null) return;
        var reader = membership.Handle.Deliveries;
        int n = 0;
        while (n < First && reader.TryRead(out var e))
        {
            WriteObject(new OcfGroupDelivery(membership, e));
            n++;
        }
        if (n > 0 || TimeoutSec <= 0) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(TimeoutSec));
        try
        {
            if (!reader.WaitToReadAsync(cts.Token).AsTask().GetAwaiter().GetResult()) return; // the member left: nothing more
        }
        catch (OperationCanceledException) { return; }
        while (n < First && reader.TryRead(out var e))
        {
            WriteObject(new OcfGroupDelivery(membership, e));
            n++;
        }
    }
}

/// <summary>
/// Leaves a group: removes this member from the group's member list (PowerShell has no approved "Leave" verb; Remove
/// deletes a resource, here the membership Join-OcfGroup created).
/// </summary>
[Cmdlet(VerbsCommon.Remove, "OcfGroupMember", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class RemoveOcfGroupMemberCommand : GroupMemberCommand
{
    [Parameter]
    [ValidateRange(0.1, 3600)]
    public double TimeoutSec { get; set; } = 30;

    protected override void ProcessRecord()
    {
        var membership = ResolveMembership();
        if (membership is null || !ShouldProcess($"{membership.Member} on {membership.Node}", $"Leave group '{membership.Group}'")) return;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(TimeoutSec));
        try
        {
            membership.Handle.LeaveAsync(cts.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException e)
        {
            Fail(new TimeoutException($"The leave of '{membership.Member}' from group '{membership.Group}' was not delivered within {TimeoutSec} s.", e), "GroupLeaveTimeout", ErrorCategory.OperationTimeout);
        }
        catch (OcfGroupException e)
        {
            Fail(e, "GroupLeaveFailed", ErrorCategory.InvalidOperation);
        }
    }
}
