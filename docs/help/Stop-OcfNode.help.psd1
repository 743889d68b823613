@{
    Synopsis    = 'Leaves the cluster gracefully and stops a node job.'
    Description = @('Stop-OcfNode announces the leave to the other nodes (they record the node as "left", not "dead"), flushes outstanding messages for at most the leave timeout, then stops the node. Stop-Job does the same. Without -Job it stops the only node job of the session.')
    Parameters  = @{ Job = 'The node job (from Start-OcfNode or Get-Job). Accepts pipeline input.' }
    Inputs      = @(@{ Type = 'Ocf.PowerShell.Node.OcfNodeJob'; Description = 'Node jobs.' })
    Notes       = @('Supports -WhatIf and -Confirm (ConfirmImpact High). Error IDs: NoNodeSelected.')
    Examples    = @(
        @{ Title = 'Stop one node'; Code = 'Stop-OcfNode -Job $jobs[2] -Confirm:$false'; Remarks = 'Node n3 leaves; the others install a view without it and record it as left.' }
        @{ Title = 'Stop every node job'; Code = 'Get-Job -Name lab:* | Stop-Job'; Remarks = 'Stop-Job leaves gracefully too.' }
    )
    Links       = @('Start-OcfNode')
}
