@{
    Synopsis    = 'Leaves a process group: removes a local member from the group''s member list.'
    Description = @(
        'Remove-OcfGroupMember leaves the group a member joined with Join-OcfGroup. The leave is ordered with the group''s messages: every member, the leaving one included, sees it at the same place; the leaving member receives nothing after it. It returns once the leave is delivered on this node.'
        'PowerShell has no approved Leave verb. Exit is for leaving an interactive environment (Exit-PSSession) and Disconnect pairs with a Connect; Remove deletes a resource, here the membership that Join-OcfGroup created.'
    )
    Parameters  = @{
        Group      = 'The member: the object Join-OcfGroup returned, or a group name joined on -Job. Accepts pipeline input, also by property name.'
        Job        = 'With a group name: the node job (default: the only node job of the session).'
        Member     = 'With a group name: the local member, when several joined that group on the node.'
        TimeoutSec = 'How long to wait for the leave to be delivered (default 30).'
    }
    Inputs      = @(@{ Type = 'Ocf.PowerShell.Groups.OcfGroupMembership'; Description = 'The member that leaves.' })
    Outputs     = @()
    Notes       = @('Supports -WhatIf and -Confirm (ConfirmImpact Medium). Error IDs: GroupMemberNotFound, GroupLeaveTimeout, GroupLeaveFailed, NoNodeSelected.')
    Examples    = @(
        @{ Title = 'Leave'; Code = 'Remove-OcfGroupMember -Group $a'; Remarks = 'alice leaves; the other members receive "alice@1 Left".' }
        @{ Title = 'Leave every group joined in this session'; Code = '$a, $b | Remove-OcfGroupMember'; Remarks = 'Both memberships leave their groups.' }
    )
    Links       = @('Join-OcfGroup', 'Send-OcfGroupMessage', 'Receive-OcfGroupMessage')
}
