BeforeAll {
    Import-Module $env:OCF_MODULE_MANIFEST -Force
    . (Join-Path $PSScriptRoot 'OcfTestKit.ps1')
}

Describe 'Cluster configuration' {
    It 'writes a validated document and an owner-only key' {
        $path = Join-Path $TestDrive 'lab.ocf.xml'
        $cfg = New-OcfClusterConfiguration -ClusterName lab -Node a, b, c -Port 7001 -Path $path -NewKey -KeepaliveSec 0.2
        $cfg.Nodes.Count | Should -Be 3
        $cfg.Nodes[2].Addresses | Should -Be @('127.0.0.1:7003')
        Get-Content -Raw $path | Should -Match '<LI key="cluster_name">lab</LI>'
        if (-not $IsWindows) { (& stat -c '%a' "$path.key") | Should -Be '600' }
        $err = $null
        New-OcfClusterConfiguration -ClusterName lab -Node a -Path $path -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ConfigurationExists,*'
    }

    It 'writes transport options and the send window, and Start-OcfNode checks them against the plugin' {
        $path = Join-Path $TestDrive 'tuned.ocf.xml'
        $port = Get-FreeUdpPort
        $cfg = New-OcfClusterConfiguration -ClusterName tuned -Node a -Port $port -Path $path -NewKey -TransportOption @{ receive_buffer = 8MB; ttl = 1 } -SendWindow 2048
        $cfg.SendWindow | Should -Be 2048
        $cfg.TransportOptions['receive_buffer'].Value | Should -Be 8MB
        $bad = Join-Path $TestDrive 'untuned.ocf.xml'
        New-OcfClusterConfiguration -ClusterName tuned -Node a -Port $port -Path $bad -KeyFile "$path.key" -TransportOption @{ receive_buffr = 8MB } | Out-Null
        $err = $null
        Start-OcfNode -Configuration $bad -Name a -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidConfiguration,*'
        $err[0].Exception.Problems.Path | Should -Contain 'transport_options.receive_buffr'
    }

    It 'reports every problem of a bad document with its path' {
        $path = Join-Path $TestDrive 'bad.ocf.xml'
        '<AL><LI key="cluster_name">bad name!</LI><LI key="nodes"><L><LI><AL><LI key="name">n1</LI><LI key="id" type="integer">1</LI><LI key="addresses"><L><LI>nowhere</LI></L></LI></AL></LI></L></LI></AL>' | Set-Content $path
        $err = $null
        Start-OcfNode -Configuration $path -Name n1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidConfiguration,*'
        $paths = $err[0].Exception.Problems.Path
        $paths | Should -Contain 'cluster_name'
        $paths | Should -Contain 'nodes[0].addresses[0]'
        $paths | Should -Contain 'authkey'
    }
}

Describe 'Start-OcfNode jobs' {
    BeforeAll {
        $ports = 1..3 | ForEach-Object { Get-FreeUdpPort }
        $path = Join-Path $TestDrive 'jobs.ocf.xml'
        $cfg = New-OcfClusterConfiguration -ClusterName jobs -Node n1, n2, n3 -Port $ports -KeepaliveSec 0.1 -DeadtimeSec 0.6 -Path $path -NewKey
        $jobs = 'n1', 'n2', 'n3' | ForEach-Object { Start-OcfNode -Configuration $path -Name $_ }
    }
    AfterAll {
        Get-Job | Where-Object PSJobTypeName -EQ 'OcfNodeJob' | Remove-Job -Force -ErrorAction SilentlyContinue
    }

    It 'runs each node as a job that Get-Job lists' {
        $jobs.Count | Should -Be 3
        $listed = Get-Job | Where-Object PSJobTypeName -EQ 'OcfNodeJob'
        $listed.Name | Should -Contain 'jobs:n1'
        (Get-Job -Name 'jobs:n2').State | Should -Be 'Running'
    }

    It 'agrees on one view of all three members' {
        Wait-Until { $jobs | ForEach-Object { (Get-OcfMembership -Job $_).Members.Count -eq 3 } | Where-Object { -not $_ } | Measure-Object | ForEach-Object { $_.Count -eq 0 } } | Should -BeTrue
        $views = $jobs | ForEach-Object { Get-OcfMembership -Job $_ }
        ($views.ViewId | Select-Object -Unique).Count | Should -Be 1
        $views[0].Members | Should -Be @('n1', 'n2', 'n3')
        $views[0].Quorate | Should -BeTrue
        (Get-OcfNode -Job $jobs[0] -State Up).Name | Should -Be @('n1', 'n2', 'n3')
    }

    It 'shows the one elected leader, the same at every member' {
        Wait-Until { @($jobs | ForEach-Object { (Get-OcfMembership -Job $_).Leader } | Where-Object { $_ -eq 'n1' }).Count -eq 3 } | Should -BeTrue
        $r = Invoke-OcfRpc -Job $jobs[2] -Method ocf.leader
        $r.leader | Should -Be 1
        $r.isLeader | Should -BeFalse
    }

    It 'returns typed events through Receive-Job' {
        $events = Receive-Job -Job $jobs[0] -Keep
        $events | Should -Not -BeNullOrEmpty
        $events[0] | Should -BeOfType [Ocf.PowerShell.Node.OcfNodeEvent]
        $events.Kind | Should -Contain 'ViewChanged'
        $events.Kind | Should -Contain 'NodeUp'
        (Get-FormatData -TypeName Ocf.PowerShell.Node.OcfNodeEvent) | Should -Not -BeNullOrEmpty
    }

    It 'leaves gracefully on Stop-Job: the others see "left", not "dead"' {
        Stop-Job -Job $jobs[2]
        $jobs[2].State | Should -Be 'Stopped'
        Wait-Until { (Get-OcfNode -Job $jobs[0] -Name n3).State -eq 'Left' } | Should -BeTrue
        Wait-Until { (Get-OcfMembership -Job $jobs[1]).Members.Count -eq 2 } | Should -BeTrue
        (Receive-Job -Job $jobs[0] -Keep | Where-Object { $_.Kind -eq 'NodeDead' -and $_.Subject -eq 'n3' }) | Should -BeNullOrEmpty
    }

    It 'stops with Stop-OcfNode and Remove-Job' {
        Stop-OcfNode -Job $jobs[1] -Confirm:$false
        $jobs[1].State | Should -Be 'Stopped'
        Remove-Job -Job $jobs[1]
        (Get-Job | Where-Object Name -EQ 'jobs:n2') | Should -BeNullOrEmpty
        $left = Receive-Job -Job $jobs[0] -Wait:$false
        $left | Should -Not -BeNullOrEmpty
    }
}
