BeforeAll {
    Import-Module $env:OCF_MODULE_MANIFEST -Force
    . (Join-Path $PSScriptRoot 'OcfTestKit.ps1')
}

Describe 'Process groups over two Start-OcfNode jobs' {
    BeforeAll {
        $ports = 1..2 | ForEach-Object { Get-FreeUdpPort }
        $path = Join-Path $TestDrive 'groups.ocf.xml'
        $null = New-OcfClusterConfiguration -ClusterName groups -Node g1, g2 -Port $ports -KeepaliveSec 0.1 -DeadtimeSec 0.6 -Path $path -NewKey
        $jobs = 'g1', 'g2' | ForEach-Object { Start-OcfNode -Configuration $path -Name $_ }
        Wait-Until { ($jobs | ForEach-Object { (Get-OcfMembership -Job $_).Members.Count -eq 2 }) -notcontains $false } | Out-Null
    }
    AfterAll {
        $jobs | Remove-Job -Force -ErrorAction SilentlyContinue
    }

    It 'joins a group on both nodes and agrees on the member list' {
        $script:alice = Join-OcfGroup -Job $jobs[0] -Name chat -Member alice
        $script:bob = Join-OcfGroup -Job $jobs[1] -Name chat -Member bob
        $alice | Should -BeOfType ([Ocf.PowerShell.Groups.OcfGroupMembership])
        $alice.IsJoined | Should -BeTrue
        Wait-Until { $alice.Members.Count -eq 2 } | Should -BeTrue
        $alice.Members | Should -Be @('alice@1', 'bob@2')
        $bob.Members | Should -Be @('alice@1', 'bob@2')
        (Get-FormatData -TypeName Ocf.PowerShell.Groups.OcfGroupMembership) | Should -Not -BeNullOrEmpty
    }

    It 'delivers messages from both members in the same order to both, strings and bytes' {
        foreach ($i in 1..5) {
            Send-OcfGroupMessage -Group $alice -Message "a$i"
            $bob | Send-OcfGroupMessage -Message "b$i"
        }
        Send-OcfGroupMessage -Group chat -Job $jobs[0] -Message ([byte[]](1, 2, 3))
        $got = @{ alice = [Collections.Generic.List[object]]::new(); bob = [Collections.Generic.List[object]]::new() }
        Wait-Until {
            foreach ($m in $alice, $bob) { Receive-OcfGroupMessage -Group $m | ForEach-Object { $got[$m.Member].Add($_) } }
            ($got.alice | Where-Object Kind -EQ Message).Count -eq 11 -and ($got.bob | Where-Object Kind -EQ Message).Count -eq 11
        } | Should -BeTrue
        $aliceMessages = $got.alice | Where-Object Kind -EQ Message
        $bobMessages = $got.bob | Where-Object Kind -EQ Message
        ($aliceMessages | ForEach-Object { "$($_.Sender) $($_.Message)" }) | Should -Be ($bobMessages | ForEach-Object { "$($_.Sender) $($_.Message)" })
        ($aliceMessages | Where-Object Sender -EQ 'bob@2').Message | Should -Be @('b1', 'b2', 'b3', 'b4', 'b5')
        @($aliceMessages | Where-Object Sender -EQ 'alice@1')[-1].Data | Should -Be @(1, 2, 3)
        $aliceMessages[0] | Should -BeOfType ([Ocf.PowerShell.Groups.OcfGroupDelivery])
        ($got.bob | Select-Object -First 1).Kind | Should -Be 'Membership'
        ($got.bob | Select-Object -First 1).Changes | Should -Be @('bob@2 Joined')
    }

    It 'waits for a delivery with -TimeoutSec and returns nothing when none comes' {
        Receive-OcfGroupMessage -Group $bob | Out-Null
        Receive-OcfGroupMessage -Group $bob -Timeout 0.3 | Should -BeNullOrEmpty
        Send-OcfGroupMessage -Group $alice -Message 'late'
        $next = Receive-OcfGroupMessage -Group $bob -TimeoutSec 10 -First 1
        $next.Message | Should -Be 'late'
    }

    It 'refuses a second local member with the same name' {
        $err = $null
        Join-OcfGroup -Job $jobs[0] -Name chat -Member alice -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'GroupMemberExists,*'
    }

    It 'leaves with Remove-OcfGroupMember: the other member sees the leave' {
        Receive-OcfGroupMessage -Group $bob | Out-Null
        Remove-OcfGroupMember -Group $alice -Confirm:$false
        $alice.IsJoined | Should -BeFalse
        $left = $null
        Wait-Until { $script:left = Receive-OcfGroupMessage -Group $bob | Where-Object Kind -EQ Membership; $null -ne $script:left } | Should -BeTrue
        $script:left.Changes | Should -Be @('alice@1 Left')
        $script:left.Members | Should -Be @('bob@2')
        $err = $null
        Send-OcfGroupMessage -Group chat -Job $jobs[0] -Message 'x' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'GroupMemberNotFound,*'
    }

    It 'reports a member whose node stops as gone' {
        Receive-OcfGroupMessage -Group $bob | Out-Null
        $carol = Join-OcfGroup -Job $jobs[0] -Name chat -Member carol
        Wait-Until { $bob.Members.Count -eq 2 } | Should -BeTrue
        Stop-OcfNode -Job $jobs[0] -Confirm:$false
        Wait-Until { $bob.Members.Count -eq 1 } | Should -BeTrue
        $changes = (Receive-OcfGroupMessage -Group $bob | Where-Object Kind -EQ Membership).Changes
        $changes | Should -Contain 'carol@1 Joined'
        ($changes | Where-Object { $_ -like 'carol@1 Node*' }) | Should -Not -BeNullOrEmpty
    }
}
