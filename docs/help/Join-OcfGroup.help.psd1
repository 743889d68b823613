@{
    Synopsis    = 'Joins a process group as a local member of a running node.'
    Description = @(
        'Join-OcfGroup adds a member (this node and a local member name) to a named process group of the cluster, after Corosync CPG. It returns once the join is delivered on this node, as an OcfGroupMembership object that Send-OcfGroupMessage, Receive-OcfGroupMessage and Remove-OcfGroupMember take as -Group.'
        'Every member of a group receives the same deliveries in the same order (agreed order): messages, joins, leaves, and the removal of members whose node failed or left. The member''s first delivery is its own join, with the member list.'
        'Several local members may join one group under different names; a name already in the group on this node is an error (GroupMemberExists).'
    )
    Parameters  = @{
        Job        = 'The node job to join on (default: the only node job of the session). Accepts pipeline input.'
        Name       = 'The group''s name (at most 255 UTF-8 bytes).'
        Member     = 'The local member name, unique per group on this node (default pwsh-<process id>).'
        TimeoutSec = 'How long to wait for the join to be delivered (default 30). A join waits while a membership change is being flushed, and needs every node of the view to run the node software.'
    }
    Inputs      = @(@{ Type = 'Ocf.PowerShell.Node.OcfNodeJob'; Description = 'The node job.' })
    Outputs     = @(@{ Type = 'Ocf.PowerShell.Groups.OcfGroupMembership'; Description = 'Group, Member, Node, NodeId, IsJoined, Members (Name@NodeId in the agreed order), Job.' })
    Notes       = @('Error IDs: GroupMemberExists, InvalidGroupName, GroupJoinTimeout, NoNodeSelected.')
    Examples    = @(
        @{ Title = 'Join on two nodes'; Code = @'
$a = Join-OcfGroup -Job $jobs[0] -Name chat -Member alice
$b = Join-OcfGroup -Job $jobs[1] -Name chat -Member bob
$b.Members
'@; Remarks = 'Both members are in group chat; Members lists alice@1 and bob@2 once both joins are delivered.' }
        @{ Title = 'Two local members of one group'; Code = '$w1 = Join-OcfGroup -Name work -Member w1; $w2 = Join-OcfGroup -Name work -Member w2'; Remarks = 'Joins the only node job of the session twice under two names.' }
    )
    Links       = @('Send-OcfGroupMessage', 'Receive-OcfGroupMessage', 'Remove-OcfGroupMember', 'Start-OcfNode')
}
