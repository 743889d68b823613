@{
    Synopsis    = 'Shows the agreed membership view and quorum of a running node.'
    Description = @('Get-OcfMembership returns the view id, the member names (every live member installs the same ordered list under the same id) and the quorum: whether this partition is quorate, its votes and the expected votes.')
    Parameters  = @{ Job = 'The node job to ask (default: the only node job of the session).' }
    Outputs     = @(@{ Type = 'Ocf.PowerShell.Node.OcfMembershipInfo'; Description = 'Cluster, LocalNode, ViewId, Members, Quorate, Votes, ExpectedVotes, Quorum.' })
    Examples    = @(
        @{ Title = 'The view'; Code = 'Get-OcfMembership'; Remarks = 'Shows the current view and quorum.' }
        @{ Title = 'Compare two nodes'; Code = '$jobs | ForEach-Object { Get-OcfMembership -Job $_ } | Format-Table'; Remarks = 'Every member shows the same view id and members.' }
    )
    Links       = @('Get-OcfNode', 'Start-OcfNode')
}
