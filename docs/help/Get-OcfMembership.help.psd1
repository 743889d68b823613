@{
    Synopsis    = 'Shows the agreed membership view and quorum of a running node.'
    Description = @('Get-OcfMembership returns the view id, the member names (every live member installs the same ordered list under the same id) and the quorum: whether this partition is quorate, its votes and the expected votes.')
    Parameters  = @{
        Job    = 'The node job to ask (default: the only node job of the session).'
        Socket = 'The local API socket path of a node: the daemon''s (ocfd --socket) or a Start-OcfNode job''s (its Socket property); a pipe name on Windows. Without -Job or -Socket, the only node job of the session is used, else the only default endpoint on this machine (/run/ocf, $XDG_RUNTIME_DIR/ocf or the temp folder).'
    }
    Outputs     = @(@{ Type = 'Ocf.PowerShell.Node.OcfMembershipInfo'; Description = 'Cluster, LocalNode, ViewId, Members, Quorate, Votes, ExpectedVotes, Quorum.' })
    Examples    = @(
        @{ Title = 'The view'; Code = 'Get-OcfMembership'; Remarks = 'Shows the current view and quorum.' }
        @{ Title = 'Ask a daemon'; Code = 'Get-OcfMembership -Socket /run/ocf/lab-n1.sock'; Remarks = 'The same object, read from the ocfd of node n1 through its local API.' }
        @{ Title = 'Compare two nodes'; Code = '$jobs | ForEach-Object { Get-OcfMembership -Job $_ } | Format-Table'; Remarks = 'Every member shows the same view id and members.' }
    )
    Links       = @('Get-OcfNode', 'Start-OcfNode')
}
