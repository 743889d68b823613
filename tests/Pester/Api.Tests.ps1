# The local API from PowerShell: a real ocfd (the built module's ocfd/ocfd.dll) and a Start-OcfNode job, each with its
# socket in a temp folder; the -Socket cmdlets return the same objects as -Job.
BeforeAll {
    Import-Module $env:OCF_MODULE_MANIFEST -Force
    . (Join-Path $PSScriptRoot 'OcfTestKit.ps1')
    # A Unix socket in the temp folder (paths stay under 108 bytes); on Windows a uniquely named pipe.
    function New-Endpoint([string] $Name) {
        if ($IsWindows) { "ocf-pester-$([guid]::NewGuid().ToString('N').Substring(0, 8))-$Name" } else { Join-Path $script:dir "$Name.sock" }
    }
    function Test-Endpoint([string] $Endpoint) {
        if ($IsWindows) { Test-Path "\\.\pipe\$Endpoint" } else { Test-Path $Endpoint }
    }
    $script:dir = [IO.Directory]::CreateTempSubdirectory('ocf-api-').FullName
    $ports = 1..2 | ForEach-Object { Get-FreeUdpPort }
    $script:config = Join-Path $dir 'api.ocf.xml'
    $null = New-OcfClusterConfiguration -ClusterName api -Node d1, j1 -Port $ports -KeepaliveSec 0.1 -DeadtimeSec 0.6 -Path $config -NewKey
    $script:store = Join-Path $dir 'store'
    $null = New-OcfStonithDevice -Type null -Name fence1 -Hostlist node1, node2 | Save-OcfStonithDevice -Path $store

    $script:daemonSocket = New-Endpoint d1
    $ocfd = Join-Path (Split-Path $env:OCF_MODULE_MANIFEST) 'ocfd/ocfd.dll'
    $script:daemonOut = Join-Path $dir 'd1.out'
    $script:daemon = Start-Process -FilePath dotnet -PassThru -RedirectStandardOutput $daemonOut -RedirectStandardError (Join-Path $dir 'd1.err') `
        -ArgumentList $ocfd, '--config', $config, '--node', 'd1', '--socket', $daemonSocket, '--device-store', $store, '--log-level', 'warning'
    $script:apiUp = Wait-Until { (Test-Path $daemonOut) -and (Select-String -Path $daemonOut -Pattern '^EVENT api ' -Quiet) } 30
}

AfterAll {
    if ($script:daemon -and -not $script:daemon.HasExited) {
        Stop-Process -Id $script:daemon.Id -ErrorAction SilentlyContinue
        $null = $script:daemon.WaitForExit(15000)
        if (-not $script:daemon.HasExited) { Stop-Process -Id $script:daemon.Id -Force -ErrorAction SilentlyContinue }
    }
    Get-Job | Where-Object PSJobTypeName -EQ 'OcfNodeJob' | Remove-Job -Force -ErrorAction SilentlyContinue
    Remove-Item $script:dir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'ocfd local API from PowerShell' {
    It 'opens its socket' {
        $apiUp | Should -BeTrue -Because (Get-Content -Raw $daemonOut)
        Test-Endpoint $daemonSocket | Should -BeTrue
    }

    It 'answers Get-OcfNode -Socket and Get-OcfMembership -Socket with the -Job types' {
        $nodes = Get-OcfNode -Socket $daemonSocket
        $nodes.Name | Should -Be @('d1', 'j1')
        $nodes[0] | Should -BeOfType [Ocf.Communication.OcfNodeInfo]
        ($nodes | Where-Object IsLocal).Name | Should -Be 'd1'
        (Get-OcfNode -Socket $daemonSocket -Name d*).State | Should -Be 'Up'
        $m = Get-OcfMembership -Socket $daemonSocket
        $m | Should -BeOfType [Ocf.PowerShell.Node.OcfMembershipInfo]
        $m.Cluster | Should -Be 'api'
        $m.LocalNode | Should -Be 'd1'
        $m.Members | Should -Contain 'd1'
    }

    It 'lists its methods through Invoke-OcfRpc, and a fault is an RpcFault error with its code' {
        $methods = Invoke-OcfRpc system.listMethods -Socket $daemonSocket
        $methods | Should -Contain 'ocf.membership'
        $methods | Should -Contain 'ocf.events.wait'
        $methods | Should -Contain 'ocf.stonith.status'
        (Invoke-OcfRpc system.methodHelp -ArgumentList 'ocf.events.wait' -Socket $daemonSocket) | Should -Match 'Long poll'
        (Invoke-OcfRpc ocf.membership -Socket $daemonSocket).cluster | Should -Be 'api'
        $err = $null
        Invoke-OcfRpc no.such.method -Socket $daemonSocket -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'RpcFault,Ocf.PowerShell.Api.InvokeOcfRpcCommand'
        $err[0].Exception.FaultCode | Should -Be -32601
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'reads power states with the daemon''s saved null device' {
        $status = Get-OcfPowerStatus -DeviceName fence1 -Socket $daemonSocket
        $status.Node | Should -Be @('node1', 'node2')
        $status[0] | Should -BeOfType [Ocf.PowerShell.Stonith.OcfPowerStatus]
        $status.State | Should -Be @('On', 'On')
        (Get-OcfPowerStatus -DeviceName fence1 -Node node2 -Socket $daemonSocket).State | Should -Be 'On'
        $err = $null
        Get-OcfPowerStatus -DeviceName nosuch -Socket $daemonSocket -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].Exception.FaultCode | Should -Be 1010
    }

    It 'fences through the daemon with Invoke-OcfReset, honouring -WhatIf' {
        Invoke-OcfReset -DeviceName fence1 -Node node1 -Action Off -Socket $daemonSocket -WhatIf | Should -BeNullOrEmpty
        (Get-OcfPowerStatus -DeviceName fence1 -Node node1 -Socket $daemonSocket).State | Should -Be 'On'
        $r = Invoke-OcfReset -DeviceName fence1 -Node node1 -Action Off -Socket $daemonSocket -Confirm:$false
        $r | Should -BeOfType [Ocf.Stonith.OcfStonithResult]
        $r.Success | Should -BeTrue
        $r.State | Should -Be 'Off'
        (Get-OcfPowerStatus -DeviceName fence1 -Node node1 -Socket $daemonSocket).State | Should -Be 'Off'
        $err = $null
        Invoke-OcfReset -DeviceName fence1 -Node elsewhere -Socket $daemonSocket -Force -ErrorVariable err -ErrorAction SilentlyContinue | ForEach-Object Success | Should -BeFalse
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StonithHostNotControlled,*'
    }

    It 'says clearly when nothing listens at -Socket' {
        $err = $null
        Get-OcfMembership -Socket (New-Endpoint nobody) -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LocalApiUnreachable,*'
    }
}

Describe 'A Start-OcfNode job''s local API' {
    BeforeAll {
        $script:jobSocket = New-Endpoint j1
    }

    It 'refuses a -Socket another server holds, before the node joins' {
        $err = $null
        $jobsBefore = @(Get-Job | Where-Object PSJobTypeName -EQ 'OcfNodeJob').Count
        Start-OcfNode -Configuration $config -Name j1 -Socket $daemonSocket -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'LocalApiUnavailable,*'
        @(Get-Job | Where-Object PSJobTypeName -EQ 'OcfNodeJob').Count | Should -Be $jobsBefore
        (Get-OcfNode -Socket $daemonSocket -Name j1).State | Should -Not -Be 'Up'
    }

    It 'opens the socket it was given' {
        $script:job = Start-OcfNode -Configuration $config -Name j1 -Socket $jobSocket -DeviceStorePath $store
        $job.Socket | Should -Be $jobSocket
        Test-Endpoint $jobSocket | Should -BeTrue
    }

    It 'serves the same cmdlets with -Socket as with -Job' {
        Wait-Until { (Get-OcfMembership -Socket $jobSocket).Members.Count -eq 2 } | Should -BeTrue
        $viaSocket = Get-OcfMembership -Socket $jobSocket
        $viaJob = Get-OcfMembership -Job $job
        $viaSocket.ViewId | Should -Be $viaJob.ViewId
        $viaSocket.Members | Should -Be @('d1', 'j1')
        $viaSocket.Quorum | Should -Be $viaJob.Quorum
        (Get-OcfNode -Socket $jobSocket).Name | Should -Be (Get-OcfNode -Job $job).Name
        (Get-OcfMembership -Socket $daemonSocket).ViewId | Should -Be $viaSocket.ViewId
    }

    It 'answers Invoke-OcfRpc over its socket and in-process' {
        Invoke-OcfRpc system.listMethods -Socket $jobSocket | Should -Contain 'ocf.nodes'
        (Invoke-OcfRpc ocf.nodes -Job $job).name | Should -Be @('d1', 'j1')
        (Get-OcfPowerStatus -DeviceName fence1 -Node node2 -Socket $jobSocket).State | Should -Be 'On'
    }

    It 'closes its socket when the job stops' {
        Stop-OcfNode -Job $job -Confirm:$false
        Test-Endpoint $jobSocket | Should -BeFalse
    }
}
