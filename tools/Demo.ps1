#Requires -Version 7.4
# The main job's demo: imports the built module in a fresh pwsh and shows what Ocf does so far.
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest

function Show([string] $Title) { Write-Host ''; Write-Host "=== $Title ===" -ForegroundColor Green }

Show 'The module'
Get-Command -Module Ocf | Format-Table CommandType, Name, Version -AutoSize | Out-String | Write-Host

# A realistic cluster configuration: every value type the data model carries.
$config = [ordered]@{
    cluster   = 'alpha'
    generated = [datetime]::new(2026, 11, 25, 16, 30, 0, [DateTimeKind]::Utc)
    nodes     = @(
        [ordered]@{ name = 'node1'; id = 1; addresses = @('192.0.2.11', '2001:db8::11'); votes = 1 }
        [ordered]@{ name = 'node2'; id = 2; addresses = @('192.0.2.12', '2001:db8::12'); votes = 1 }
        [ordered]@{ name = 'node3'; id = 3; addresses = @('192.0.2.13'); votes = 1 }
    )
    timing    = [ordered]@{ keepalive = 1.0; warntime = 5.0; deadtime = 10.0; initdead = 30.0 }
    quorum    = [ordered]@{ policy = 'majority'; twoNode = $false; expectedVotes = 3 }
    stonith   = [ordered]@{ type = 'ipmilan'; ip = '127.0.0.1'; port = 623; login = 'admin'; cipher = $null }
    authkey   = [byte[]](0x5e, 0x1f, 0x00, 0xa7, 0x3c)
    notes     = 'Tabs	and <markup> & "quotes" survive.'
}

Show 'ConvertTo-OcfXml (the paper''s compact subset, types marked only where needed)'
$ocf = $config | ConvertTo-OcfXml -Depth 10
Write-Host $ocf

Show 'ConvertFrom-OcfXml: types come back'
$back = $ocf | ConvertFrom-OcfXml
$back.nodes | Format-Table name, id, votes, @{ n = 'addresses'; e = { $_.addresses -join ', ' } } -AutoSize | Out-String | Write-Host
[pscustomobject]@{
    'generated'          = "$($back.generated.ToString('o')) ($($back.generated.GetType().Name), $($back.generated.Kind))"
    'timing.deadtime'    = "$($back.timing.deadtime) ($($back.timing.deadtime.GetType().Name))"
    'quorum.twoNode'     = "$($back.quorum.twoNode) ($($back.quorum.twoNode.GetType().Name))"
    'stonith.cipher'     = if ($null -eq $back.stonith.cipher) { '$null' } else { $back.stonith.cipher }
    'authkey'            = "$($back.authkey -join ',') ($($back.authkey.GetType().Name))"
    'notes'              = $back.notes
} | Format-List | Out-String | Write-Host

Show 'The same object as an XML-RPC methodCall (what Python''s xmlrpc.client reads)'
$call = $config | ConvertTo-OcfXml -Encoding XmlRpc -MethodName cluster.configure -Depth 10
Write-Host $call
$decoded = $call | ConvertFrom-OcfXml
Write-Host "Decoded call: $($decoded.MethodName) with $($decoded.Params.Count) parameter; cluster = $($decoded.Params[0].cluster), nodes = $($decoded.Params[0].nodes.name -join ', ')"

Show 'Round-trip check through both codecs'
$again = ($back | ConvertTo-OcfXml -Depth 10)
Write-Host ("ocf-xml  -> object -> ocf-xml identical: {0}" -f ($again -ceq $ocf))
$rpcAgain = $decoded.Params[0] | ConvertTo-OcfXml -Encoding XmlRpc -MethodName cluster.configure -Depth 10
Write-Host ("xml-rpc  -> object -> xml-rpc identical: {0}" -f ($rpcAgain -ceq $call))

Show 'Bad input gets a specific error with its position'
$err = $null
'<AL><LI key="a">1</LI><LI key="a">2</LI></AL>' | ConvertFrom-OcfXml -ErrorVariable err -ErrorAction SilentlyContinue
Write-Host "$($err[0].FullyQualifiedErrorId) [$($err[0].CategoryInfo.Category)]: $($err[0].Exception.Message)"
'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><L><LI>&e;</LI></L>' | ConvertFrom-OcfXml -ErrorVariable err -ErrorAction SilentlyContinue
Write-Host "$($err[0].FullyQualifiedErrorId) [$($err[0].CategoryInfo.Category)]: $($err[0].Exception.Message)"
[pscustomobject]@{ password = (ConvertTo-SecureString 'secret' -AsPlainText -Force) } | ConvertTo-OcfXml -ErrorVariable err -ErrorAction SilentlyContinue
Write-Host "$($err[0].FullyQualifiedErrorId) [$($err[0].CategoryInfo.Category)]: $($err[0].Exception.Message)"

Show 'Plugins: modules in the plugin folders are listed from metadata; external agents are plugins too'
Get-OcfPluginModule -ListAvailable | Format-Table Name, AssemblyVersion, @{ n = 'Exports'; e = { ($_.Exports | ForEach-Object { "$($_.PluginType)/$($_.Name)" }) -join ', ' } } -AutoSize | Out-String -Width 160 | Write-Host
Get-OcfPlugin -Type encoding | Format-Table Type, Name, Module, IsLoaded, Description -AutoSize | Out-String -Width 160 | Write-Host

Show 'A codec module dropped into plugins/ is loaded on first use (heartbeat ha_msg)'
$msg = [ordered]@{ t = 'status'; st = 'active'; src = 'node1'; seq = 42 } | ConvertTo-OcfXml -Encoding ha-msg
Write-Host $msg
Get-OcfPluginModule | Format-Table Name, IsBuiltIn, @{ n = 'Plugins'; e = { $_.Plugins -join ', ' } } -AutoSize | Out-String -Width 160 | Write-Host

if ($IsLinux -and (Test-Path /usr/sbin/fence_ipmilan)) {
    $stonith = @(Get-OcfPlugin -Type stonith)
    $resource = @(Get-OcfPlugin -Type resource)
    Show "External agents: $($stonith.Count) fence agents (stonith) and $($resource.Count) OCF resource agents, fields from their own metadata"
    Get-OcfPlugin -Name fence_ipmilan | Select-Object -ExpandProperty Fields | Where-Object { -not $_.Deprecated } |
        Select-Object -First 12 | Format-Table FieldName, BasicType, SpecialType, Required, Secret, Default -AutoSize | Out-String -Width 160 | Write-Host

    Show 'Self-configuration: fence_ipmilan''s fields are parameters of Test-OcfPluginConfiguration'
    Write-Host (Get-Command Test-OcfPluginConfiguration -ArgumentList stonith, fence_ipmilan -Syntax | Out-String -Width 400).Trim().Substring(0, 400)'…'
    $pw = ConvertTo-SecureString 'fencepw' -AsPlainText -Force
    $ok = Test-OcfPluginConfiguration -Type stonith -Name fence_ipmilan -Ip 127.0.0.1 -Ipport 9623 -Username admin -Password $pw -Lanplus
    Write-Host "Valid: $($ok.IsValid); configuration as read back (secret redacted):"
    $ok.Configuration.GetEnumerator() | Where-Object Key -In 'ip', 'ipport', 'username', 'password', 'lanplus', 'action' |
        Format-Table Name, Value -AutoSize | Out-String | Write-Host
    $bad = Test-OcfPluginConfiguration stonith fence_ipmilan -Option @{ ip = 'bad host!'; ipport = 'x'; colour = 'blue' }
    Write-Host "Valid: $($bad.IsValid); every problem with its path:"
    $bad.Problems | Format-Table Path, Code, Message -AutoSize | Out-String -Width 160 | Write-Host
}

Show 'STONITH: a device from a plugin, power operations confirmed by status'
$lab = New-OcfStonithDevice -Type null -Name lab -Hostlist node1, node2, node3 -Option @{ delay = 0.2 }
Get-OcfPowerStatus -Device $lab | Format-Table -AutoSize | Out-String | Write-Host
'node1', 'node3' | Invoke-OcfReset -Device $lab -Action Off -Force | Format-Table Device, Node, Action, Success, State, Duration -AutoSize | Out-String | Write-Host
Test-OcfStonithDevice -Device $lab | Select-Object -ExpandProperty Checks | Format-Table -AutoSize | Out-String | Write-Host

# The IPMI part needs OpenIPMI's ipmi_sim (Debian package openipmi); .ci/run installs it.
$ipmiSim = Get-Command ipmi_sim -ErrorAction SilentlyContinue
if ($ipmiSim -and -not $IsWindows) {
    Show 'STONITH over IPMI: the native ipmilan plugin against OpenIPMI''s ipmi_sim (a simulated BMC on 127.0.0.1)'
    $fixtures = Join-Path (Split-Path $PSScriptRoot) 'tests/Unit/Stonith/Ipmi/Fixtures'
    $state = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "ocf-demo-ipmi-$PID") -Force).FullName
    $udp = [Net.Sockets.UdpClient]::new([Net.IPEndPoint]::new([Net.IPAddress]::Loopback, 0)); $port = $udp.Client.LocalEndPoint.Port; $udp.Dispose()
    Copy-Item (Join-Path $fixtures 'chassisctl.sh'), (Join-Path $fixtures 'fencebmc.emu') $state
    (Get-Content -Raw (Join-Path $fixtures 'lan.conf.in')).Replace('@PORT@', "$port").Replace('@STATE@', $state).Replace('@DIR@', $state) |
        Set-Content (Join-Path $state 'lan.conf')
    Set-Content (Join-Path $state 'power') '1'
    $sim = Start-Process -FilePath $ipmiSim.Source -ArgumentList '-n', '-c', (Join-Path $state 'lan.conf'), '-f', (Join-Path $state 'fencebmc.emu'), '-s', $state `
        -RedirectStandardOutput (Join-Path $state 'sim.out') -RedirectStandardError (Join-Path $state 'sim.err') -RedirectStandardInput '/dev/null' -PassThru
    try {
        $pw = ConvertTo-SecureString 'fencepw' -AsPlainText -Force
        $bmc = New-OcfStonithDevice -Type ipmilan -Name bmc1 -Ip 127.0.0.1 -Ipport $port -Username admin -Password $pw -Hostname node1
        $deadline = (Get-Date).AddSeconds(15)
        do { Start-Sleep -Milliseconds 200; $t = Test-OcfStonithDevice -Device $bmc } until ($t.Passed -or (Get-Date) -gt $deadline)
        Write-Host "Device: $($bmc.Name) ($($bmc.Type)), configuration as read back: $(($bmc.RedactedConfiguration | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join '; ')"
        $t | Select-Object -ExpandProperty Checks | Format-Table -AutoSize | Out-String | Write-Host
        $r = Invoke-OcfReset -Device $bmc -Node node1 -Action Reboot -Confirm:$false
        $r | Format-Table Device, Node, Action, Success, State, @{ n = 'Duration'; e = { '{0:N3}s' -f $_.Duration.TotalSeconds } } -AutoSize | Out-String | Write-Host
        Write-Host "The simulator's chassis log (what the BMC was told):"
        Get-Content (Join-Path $state 'chassis.log') -ErrorAction SilentlyContinue | Select-Object -Last 4 | ForEach-Object { Write-Host "  $_" }
        $err = $null
        $null = Invoke-OcfReset -Device $bmc -Node node2 -Action Off -Force -ErrorVariable err -ErrorAction SilentlyContinue
        Write-Host "Fencing a host this BMC does not control: $($err[0].FullyQualifiedErrorId): $($err[0].Exception.Message)"
    }
    finally {
        Stop-Process -Id $sim.Id -Force -ErrorAction SilentlyContinue
        $sim.WaitForExit(5000) | Out-Null
        Remove-Item $state -Recurse -Force -ErrorAction SilentlyContinue
    }
}

Show 'A 3-node cluster on loopback: two nodes as PowerShell jobs, one as the ocfd daemon'
$clusterDir = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "ocf-demo-cluster-$PID") -Force).FullName
$ports = 1..3 | ForEach-Object { $u = [Net.Sockets.UdpClient]::new([Net.IPEndPoint]::new([Net.IPAddress]::Loopback, 0)); $u.Client.LocalEndPoint.Port; $u.Dispose() }
$cfgPath = Join-Path $clusterDir 'demo.ocf.xml'
$cfg = New-OcfClusterConfiguration -ClusterName demo -Node n1, n2, n3 -Port $ports -KeepaliveSec 0.1 -DeadtimeSec 0.5 -Path $cfgPath -NewKey
Write-Host "Configuration ($cfgPath):"
Get-Content $cfgPath | Select-Object -First 14 | ForEach-Object { Write-Host "  $_" }
$daemon = Join-Path (Split-Path $ModuleManifest) 'ocfd/ocfd.dll'
$n3Socket = Join-Path $clusterDir 'n3.sock'
$n3 = Start-Process -FilePath dotnet -ArgumentList $daemon, '--config', $cfgPath, '--node', 'n3', '--log-level', 'warning', '--socket', $n3Socket -PassThru `
    -RedirectStandardOutput (Join-Path $clusterDir 'n3.out') -RedirectStandardError (Join-Path $clusterDir 'n3.err')
$jobs = 'n1', 'n2' | ForEach-Object { Start-OcfNode -Configuration $cfgPath -Name $_ }
try {
    $deadline = (Get-Date).AddSeconds(20)
    while ((Get-OcfMembership -Job $jobs[0]).Members.Count -lt 3 -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
    Get-Job | Where-Object PSJobTypeName -EQ OcfNodeJob | Format-Table Id, Name, PSJobTypeName, State, Location -AutoSize | Out-String | Write-Host
    $jobs | ForEach-Object { Get-OcfMembership -Job $_ } | Format-Table -AutoSize | Out-String | Write-Host
    Get-OcfNode -Job $jobs[0] | Format-Table -AutoSize | Out-String | Write-Host

    Show 'The local API of the ocfd daemon (XML-RPC over its Unix socket), leader election, cluster RPC and a process group'
    while (-not (Test-Path $n3Socket) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
    while (-not (Get-OcfMembership -Socket $n3Socket).Leader -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
    Write-Host "Get-OcfMembership -Socket $n3Socket (from this pwsh, against the daemon):"
    Get-OcfMembership -Socket $n3Socket | Format-Table -AutoSize | Out-String | Write-Host
    $remote = Invoke-OcfRpc -Socket $n3Socket -Method ocf.rpc.call -ArgumentList 'n1', 'ocf.leader', @(), 5
    Write-Host "ocf.rpc.call from the daemon n3 to n1 (ocf.leader): leader $($remote.leaderName), isLeader $($remote.isLeader)"
    $group = Join-OcfGroup -Job $jobs[0] -Name demo -Member console
    $null = Invoke-OcfRpc -Socket $n3Socket -Method ocf.group.join -ArgumentList 'demo', 'daemon-client'
    1..3 | ForEach-Object { Send-OcfGroupMessage -Group $group -Message "message $_" }
    $null = Invoke-OcfRpc -Socket $n3Socket -Method ocf.group.send -ArgumentList 'demo', 'daemon-client', 'hello from ocfd'
    Start-Sleep -Milliseconds 500
    Write-Host 'What the group member on n1 received, in the agreed order:'
    Receive-OcfGroupMessage -Group $group -TimeoutSec 5 -First 6 | Format-Table -AutoSize | Out-String -Width 160 | Write-Host

    Write-Host "kill -9 the ocfd process of n3 (pid $($n3.Id))..."
    $killed = [Diagnostics.Stopwatch]::StartNew()
    Stop-Process -Id $n3.Id -Force
    while ((Get-OcfMembership -Job $jobs[0]).Members -contains 'n3' -and $killed.Elapsed.TotalSeconds -lt 10) { Start-Sleep -Milliseconds 20 }
    Write-Host ("n1 installed a view without n3 after {0:N2} s (deadtime 0.5 s, keepalive 0.1 s):" -f $killed.Elapsed.TotalSeconds)
    $jobs | ForEach-Object { Get-OcfMembership -Job $_ } | Format-Table -AutoSize | Out-String | Write-Host
    Get-OcfNode -Job $jobs[1] | Format-Table -AutoSize | Out-String | Write-Host
    Write-Host "The leader after the kill: $((Get-OcfMembership -Job $jobs[1]).Leader)"
    Write-Host 'The events n1 saw (Receive-Job):'
    Receive-Job -Job $jobs[0] | Where-Object Kind -In 'NodeUp', 'NodeDead', 'NodeLeft', 'ViewChanged', 'QuorumChanged' |
        Format-Table Time, Kind, Subject, Message -AutoSize | Out-String -Width 160 | Write-Host
    Write-Host 'Stop-Job n2: it leaves gracefully, n1 records it as Left.'
    Stop-Job -Job $jobs[1]
    Start-Sleep -Milliseconds 300
    Get-OcfNode -Job $jobs[0] | Format-Table -AutoSize | Out-String | Write-Host
}
finally {
    Get-Job | Where-Object PSJobTypeName -EQ OcfNodeJob | Remove-Job -Force -ErrorAction SilentlyContinue
    if (-not $n3.HasExited) { Stop-Process -Id $n3.Id -Force -ErrorAction SilentlyContinue }
    Remove-Item $clusterDir -Recurse -Force -ErrorAction SilentlyContinue
}
