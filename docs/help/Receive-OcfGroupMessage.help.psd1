@{
    Synopsis    = 'Returns a group member''s deliveries: messages and membership changes, in the agreed order.'
    Description = @(
        'Receive-OcfGroupMessage returns the deliveries waiting for a local member, oldest first, as OcfGroupDelivery objects: Kind Message (Sender, Message as text, Data as bytes) or Kind Membership (Members after the change, Changes such as "bob@2 Joined", "bob@2 Left", "carol@3 NodeFailed").'
        'Every member of the group sees the same sequence. With -TimeoutSec it waits that long for a first delivery when none is waiting. After the member''s own leave, nothing more arrives.'
    )
    Parameters  = @{
        Group      = 'The member: the object Join-OcfGroup returned, or a group name joined on -Job. Accepts pipeline input, also by property name.'
        Job        = 'With a group name: the node job (default: the only node job of the session).'
        Member     = 'With a group name: the local member, when several joined that group on the node.'
        TimeoutSec = 'How long to wait, in seconds, for a first delivery when none is waiting (default 0: return at once). Alias: -Timeout.'
        First      = 'Return at most this many deliveries; the rest stay for the next call.'
    }
    Inputs      = @(@{ Type = 'Ocf.PowerShell.Groups.OcfGroupMembership'; Description = 'The receiving member.' })
    Outputs     = @(@{ Type = 'Ocf.PowerShell.Groups.OcfGroupDelivery'; Description = 'Kind, Group, Recipient, Sender, Message, Data, Members, Changes, ViewId.' })
    Notes       = @('Error IDs: GroupMemberNotFound, NoNodeSelected.')
    Examples    = @(
        @{ Title = 'Everything so far'; Code = 'Receive-OcfGroupMessage -Group $b'; Remarks = 'Shows bob''s join, alice''s messages and any membership changes, in order.' }
        @{ Title = 'Wait for the next message'; Code = 'Receive-OcfGroupMessage -Group $b -TimeoutSec 5 -First 1 | Select-Object Sender, Message'; Remarks = 'Waits up to five seconds for one delivery.' }
    )
    Links       = @('Join-OcfGroup', 'Send-OcfGroupMessage', 'Remove-OcfGroupMember')
}
