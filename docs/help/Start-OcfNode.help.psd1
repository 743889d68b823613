@{
    Synopsis    = 'Starts a cluster node in this PowerShell process and returns it as a job.'
    Description = @(
        'Start-OcfNode reads a cluster configuration (a file written by New-OcfClusterConfiguration, or the object it returns), checks the key file (it must be readable by its owner only), loads the transport plugin and runs the node: heartbeats, reliable delivery, node status, membership views and quorum.'
        'The node is a job: Get-Job lists it, Receive-Job returns its events (node up, dead, left; view changed; quorum changed; warnings) as OcfNodeEvent objects, Wait-Job waits for it, and Stop-Job or Stop-OcfNode leaves the cluster gracefully so the other nodes see "left", not "dead". Get-OcfNode and Get-OcfMembership read from it.'
    )
    Parameters  = @{
        Configuration = 'The cluster configuration: a file path or an OcfClusterConfiguration object. Accepts pipeline input.'
        Name          = 'The name (or id) of this node in the configuration.'
        JobName       = 'A name for the job (default <cluster>:<node>).'
        Socket        = 'The socket path (a pipe name on Windows) of the node''s local API, which Get-OcfNode, Get-OcfMembership, Invoke-OcfRpc and the -DeviceName STONITH cmdlets use with -Socket. Default: the node''s default endpoint (/run/ocf/<cluster>-<node>.sock for root, else $XDG_RUNTIME_DIR/ocf/...); when another process holds it, the node runs without a local API and warns.'
        DeviceStorePath = 'The STONITH device store the node''s local API (ocf.stonith.*) reads (default: your device store).'
    }
    Inputs      = @(@{ Type = 'System.Object'; Description = 'A configuration path or object.' })
    Outputs     = @(@{ Type = 'Ocf.PowerShell.Node.OcfNodeJob'; Description = 'The running node as a job.' })
    Notes       = @('Error IDs: InvalidConfiguration, ConfigurationUnreadable, NodeNotConfigured, KeyFileRefused, NodeStartFailed.')
    Examples    = @(
        @{ Title = 'A three-node test cluster on loopback'; Code = @'
$cfg = New-OcfClusterConfiguration -ClusterName lab -Node n1, n2, n3 -Port 5405 -KeepaliveSec 0.1 -DeadtimeSec 0.5 -Path ./lab.ocf.xml -NewKey
$jobs = 'n1', 'n2', 'n3' | ForEach-Object { Start-OcfNode -Configuration $cfg -Name $_ }
Start-Sleep 2; Get-OcfMembership -Job $jobs[0]
'@; Remarks = 'Starts three nodes in one process; after a moment all three share one view and the partition is quorate.' }
        @{ Title = 'With a local API socket'; Code = '$job = Start-OcfNode -Configuration ./lab.ocf.xml -Name n1 -Socket ./n1.sock; Invoke-OcfRpc system.listMethods -Socket ./n1.sock'; Remarks = 'Any XML-RPC client (python, curl --unix-socket) can now use the node''s local API.' }
        @{ Title = 'Watch the events'; Code = 'Receive-Job -Job $jobs[0] -Keep | Format-Table'; Remarks = 'Shows the node-up, view and quorum events the first node saw.' }
    )
    Links       = @('Stop-OcfNode', 'Get-OcfNode', 'Get-OcfMembership', 'New-OcfClusterConfiguration')
}
