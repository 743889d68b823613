@{
    Synopsis    = 'Sends a message to every member of a process group, in the group''s agreed order.'
    Description = @(
        'Send-OcfGroupMessage sends a string (as UTF-8) or a byte array from a local member to every member of its group, the sender included. Every member delivers it exactly once, in the same position relative to all other messages, joins and leaves of the group.'
        'It returns once the message is queued for ordering; it waits while too many of this node''s messages await their order (flow control). A message sent while a membership change is being flushed is sent after it.'
    )
    Parameters  = @{
        Group   = 'The member to send as: the object Join-OcfGroup returned, or a group name joined on -Job. Accepts pipeline input, also by property name.'
        Message = 'The message: a string (sent as UTF-8) or a byte array. Accepts pipeline input by property name.'
        Job     = 'With a group name: the node job (default: the only node job of the session).'
        Member  = 'With a group name: the local member, when several joined that group on the node.'
    }
    Inputs      = @(@{ Type = 'Ocf.PowerShell.Groups.OcfGroupMembership'; Description = 'The sending member.' })
    Outputs     = @()
    Notes       = @('Error IDs: GroupMemberNotFound, GroupSendFailed, NoNodeSelected.')
    Examples    = @(
        @{ Title = 'Send text'; Code = 'Send-OcfGroupMessage -Group $a -Message "hello"'; Remarks = 'Every member of $a''s group receives "hello".' }
        @{ Title = 'Send bytes by group name'; Code = 'Send-OcfGroupMessage -Group chat -Job $jobs[0] -Message ([byte[]](1, 2, 3))'; Remarks = 'Sends three bytes as the one local member of group chat on the first node.' }
        @{ Title = 'From the pipeline'; Code = '$a | Send-OcfGroupMessage -Message "piped"'; Remarks = 'The membership object binds to -Group.' }
    )
    Links       = @('Join-OcfGroup', 'Receive-OcfGroupMessage', 'Remove-OcfGroupMember')
}
