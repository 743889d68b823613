@{
    Synopsis    = 'Lists the configured nodes and their states as a running node sees them.'
    Description = @('Get-OcfNode returns one object per configured node: name, id, state (Init, Up, Dead, Left), votes, whether it is the local node, and how long ago it was last heard. The objects have a Name property, so they pipe into cmdlets that take a node name (for example Invoke-OcfReset).')
    Parameters  = @{
        Job   = 'The node job to ask (default: the only node job of the session).'
        Socket = 'The local API socket path of a node: the daemon''s (ocfd --socket) or a Start-OcfNode job''s (its Socket property); a pipe name on Windows. Without -Job or -Socket, the only node job of the session is used, else the only default endpoint on this machine (/run/ocf, $XDG_RUNTIME_DIR/ocf or the temp folder).'
        Name  = 'Node names to list (wildcards allowed).'
        State = 'Only nodes in these states.'
    }
    Outputs     = @(@{ Type = 'Ocf.Communication.OcfNodeInfo'; Description = 'NodeId, Name, State, Incarnation, SinceLastHeard, Votes, IsLocal.' })
    Examples    = @(
        @{ Title = 'All nodes'; Code = 'Get-OcfNode'; Remarks = 'Shows each node''s state.' }
        @{ Title = 'Ask a daemon'; Code = 'Get-OcfNode -Socket /run/ocf/lab-n1.sock'; Remarks = 'Reads the node states from the ocfd of node n1 through its local API.' }
        @{ Title = 'Fence the dead'; Code = 'Get-OcfNode -State Dead | Invoke-OcfReset -Device $dev -WhatIf'; Remarks = 'Shows which dead nodes would be fenced.' }
    )
    Links       = @('Get-OcfMembership', 'Start-OcfNode')
}
