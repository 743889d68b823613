BeforeAll {
    Import-Module $env:OCF_MODULE_MANIFEST -Force
    function New-LabDevice([string] $Name = 'lab', [string[]] $Hosts = @('node1', 'node2'), [hashtable] $Extra = @{}) {
        $opt = @{ hostlist = $Hosts } + $Extra
        New-OcfStonithDevice -Type null -Name $Name -Option $opt -ConfirmTimeoutSec 2
    }
}

Describe 'New-OcfStonithDevice' {
    It 'builds parameters from the plugin''s fields' {
        $syntax = Get-Command New-OcfStonithDevice -ArgumentList null -Syntax
        $syntax | Should -Match '-Hostlist <string\[\]>'
        $syntax | Should -Match '-IgnoreCommands'
        (Get-Command New-OcfStonithDevice -ArgumentList null).Parameters['Hostlist'].Aliases | Should -Contain 'hosts'
    }

    It 'creates a device from dynamic parameters or from -Option' {
        $a = New-OcfStonithDevice -Type null -Name a -Hostlist node1, node2
        $a | Should -BeOfType [Ocf.Stonith.OcfStonithDevice]
        $a.Type | Should -BeExactly 'null'
        $b = [pscustomobject]@{ Type = 'null'; Name = 'b'; Option = @{ hosts = 'n1' } } | New-OcfStonithDevice
        $b.Name | Should -BeExactly 'b'
    }

    It 'reports every configuration problem at once as InvalidConfiguration' {
        $err = $null
        New-OcfStonithDevice -Type null -Name bad -Option @{ hostlist = 'bad host!'; delay = 'soon'; colour = 'blue' } -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidConfiguration,*'
        $problems = $err[0].Exception.Problems | ForEach-Object { "$($_.Path):$($_.Code)" }
        $problems | Should -Contain 'hostlist[0]:BadSpecialType'
        $problems | Should -Contain 'delay:WrongType'
        $problems | Should -Contain 'colour:UnknownField'
    }

    It 'says PluginNotFound for an unknown type' {
        $err = $null
        New-OcfStonithDevice -Type nosuch -Name x -Option @{} -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PluginNotFound,*'
    }
}

Describe 'A device holds its plugin''s module' {
    It 'refuses Remove-OcfPluginModule while the device lives; Dispose() or dropping the device releases it' {
        $pw = ConvertTo-SecureString 'pw' -AsPlainText -Force
        $d = New-OcfStonithDevice -Type ipmilan -Name leased -Ip 192.0.2.7 -Username admin -Password $pw
        $err = $null
        Remove-OcfPluginModule -Name Ocf.Plugins.Stonith.Ipmi -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ModuleUnloadRefused,*'
        $err[0].Exception.Message | Should -Match 'stonith/ipmilan \(1 in use\)'

        $d.Dispose()
        Remove-OcfPluginModule -Name Ocf.Plugins.Stonith.Ipmi -Confirm:$false -ErrorAction Stop
        (Get-OcfPluginModule).Name | Should -Not -Contain 'Ocf.Plugins.Stonith.Ipmi'

        # Never disposed, only dropped: once collected it no longer holds the (reloaded) module.
        $d = New-OcfStonithDevice -Type ipmilan -Name dropped -Ip 192.0.2.7 -Username admin -Password $pw
        (Get-OcfPluginModule).Name | Should -Contain 'Ocf.Plugins.Stonith.Ipmi'
        $d = $null
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        Remove-OcfPluginModule -Name Ocf.Plugins.Stonith.Ipmi -Confirm:$false -ErrorAction Stop
        (Get-OcfPluginModule).Name | Should -Not -Contain 'Ocf.Plugins.Stonith.Ipmi'
    }

    It 'reports a reset through a disposed device as a failure instead of waiting for it' {
        $d = New-LabDevice -Name gone
        $d.Dispose()
        $err = $null
        $r = Invoke-OcfReset -Device $d -Node node1 -Action Off -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Success | Should -BeFalse
        $r.FailureKind | Should -Be 'PluginError'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StonithPluginError,*'
        $err[0].Exception.InnerException | Should -BeOfType [ObjectDisposedException]
    }
}

Describe 'Power operations through the framework' {
    It 'reads the status of every host' {
        $dev = New-LabDevice
        $s = Get-OcfPowerStatus -Device $dev
        $s.Node | Should -Be @('node1', 'node2')
        $s.State | ForEach-Object { $_ | Should -Be 'On' }
    }

    It 'powers off, confirms, and the device then reports Off' {
        $dev = New-LabDevice -Extra @{ delay = 0.3 }
        $r = Invoke-OcfReset -Device $dev -Node node1 -Action Off -Confirm:$false
        $r.Success | Should -BeTrue
        $r.State | Should -Be 'Off'
        $r.Duration.TotalSeconds | Should -BeGreaterOrEqual 0.3
        (Get-OcfPowerStatus -Device $dev -Node node1).State | Should -Be 'Off'
        (Invoke-OcfReset -Device $dev -Node node1 -Action Reboot -Force).State | Should -Be 'On'
    }

    It 'does nothing with -WhatIf' {
        $dev = New-LabDevice
        Invoke-OcfReset -Device $dev -Node node1 -Action Off -WhatIf | Should -BeNullOrEmpty
        (Get-OcfPowerStatus -Device $dev -Node node1).State | Should -Be 'On'
    }

    It 'refuses a host the device does not control' {
        $dev = New-LabDevice
        $err = $null
        $r = Invoke-OcfReset -Device $dev -Node node9 -Action Off -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Success | Should -BeFalse
        $r.FailedStep | Should -BeExactly 'list hosts'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StonithHostNotControlled,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'reports a device that acknowledges off but stays on as not confirmed' {
        $dev = New-LabDevice -Extra @{ ignore_commands = $true }
        $err = $null
        $r = Invoke-OcfReset -Device $dev -Node node2 -Action Off -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $r.Success | Should -BeFalse
        $r.FailureKind | Should -Be 'NotConfirmed'
        $r.FailedStep | Should -BeExactly 'confirm off'
        $r.State | Should -Be 'On'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'StonithNotConfirmed,*'
    }

    It 'runs 20 resets across 4 devices in parallel, serialised per device, all correct' {
        $devices = 1..4 | ForEach-Object { New-LabDevice -Name "dev$_" -Hosts (1..5 | ForEach-Object { "n$_" }) -Extra @{ delay = 0.2 } }
        $work = foreach ($d in $devices) { 1..5 | ForEach-Object { [pscustomobject]@{ Device = $d; Node = "n$_" } } }
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $results = $work | Invoke-OcfReset -Action Off -ThrottleLimit 20 -Force
        $sw.Stop()
        $results.Count | Should -Be 20
        ($results | Where-Object Success).Count | Should -Be 20
        ($results | Group-Object Device).Count | Should -Be 4
        # Each device confirms 5 offs one after another (>= 5 x 0.2 s), but the 4 devices overlap.
        $sw.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 1.0
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 3.9
        foreach ($d in $devices) { (Get-OcfPowerStatus -Device $d).State | ForEach-Object { $_ | Should -Be 'Off' } }
    }

    It 'runs as a job with -AsJob' {
        $dev = New-LabDevice
        $job = Invoke-OcfReset -Device $dev -Node node1, node2 -Action Off -Force -AsJob
        $job.PSJobTypeName | Should -BeExactly 'OcfResetJob'
        $r = Receive-Job $job -Wait -AutoRemoveJob
        $r.Count | Should -Be 2
        ($r | Where-Object Success).Count | Should -Be 2
    }
}

Describe 'Test-OcfStonithDevice' {
    It 'reports each check of a non-destructive test' {
        $report = New-LabDevice | Test-OcfStonithDevice
        $report.Passed | Should -BeTrue
        $report.Destructive | Should -BeFalse
        $report.Checks.Name | Should -Be @('reachable and login', 'host list', 'status node1', 'status node2')
    }

    It 'cycles a spare node in destructive mode' {
        $report = Test-OcfStonithDevice -Device (New-LabDevice) -Destructive -Node node2 -Confirm:$false
        $report.Passed | Should -BeTrue
        $report.Checks.Name | Should -Contain 'off node2 (confirmed)'
        $report.Checks.Name | Should -Contain 'on node2 (confirmed)'
    }

    It 'fails the report when a check fails, for Where-Object filtering' {
        $bad = New-LabDevice -Name stuck -Extra @{ ignore_commands = $true }
        $failed = $bad, (New-LabDevice -Name good) | ForEach-Object { Test-OcfStonithDevice -Device $_ -Destructive -Node node1 -Confirm:$false } | Where-Object { -not $_.Passed }
        @($failed).Count | Should -Be 1
        $failed.Device | Should -BeExactly 'stuck'
        $failed.FailedChecks[0].Message | Should -Match 'NotConfirmed'
    }
}

Describe 'Saved devices' {
    It 'saves without clear-text secrets and loads the device back' -Skip:(-not $IsLinux) {
        $dir = Join-Path $TestDrive 'devices'
        $pw = ConvertTo-SecureString 'fencepw' -AsPlainText -Force
        $dev = New-OcfStonithDevice -Type fence_ipmilan -Name bmc1 -Ip 127.0.0.1 -Username admin -Password $pw -Lanplus -OcfHosts node1
        $file = Save-OcfStonithDevice -Device $dev -Path $dir
        Get-Content -Raw $file.FullName | Should -Not -Match 'fencepw'
        $secret = Get-ChildItem $dir -Filter '*.secret'
        $secret.Count | Should -Be 1
        (& stat -c '%a' $secret.FullName) | Should -Be '600'
        $back = Get-OcfStonithDevice -Name bmc1 -Path $dir
        $back.Type | Should -BeExactly 'fence_ipmilan'
        ($back.RedactedConfiguration | Where-Object Key -EQ 'password').Value.ToString() | Should -Match '\*\*\*\*'
        # a secret file others can read is refused
        & chmod 644 $secret.FullName
        $err = $null
        Get-OcfStonithDevice -Name bmc1 -Path $dir -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].Exception.Message | Should -Match 'readable only by its owner'
        Remove-OcfStonithDevice -Name bmc1 -Path $dir -Confirm:$false
        Get-ChildItem $dir | Should -BeNullOrEmpty
    }

    It 'stores an environment-variable reference when asked' {
        $dir = Join-Path $TestDrive 'env-devices'
        $dev = New-OcfStonithDevice -Type null -Name envdev -Hostlist n1
        Save-OcfStonithDevice -Device $dev -Path $dir | Should -Not -BeNullOrEmpty
        (Get-OcfStonithDevice -Path $dir).Name | Should -Be 'envdev'
        $err = $null
        Save-OcfStonithDevice -Device $dev -Path $dir -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'DeviceAlreadySaved,*'
    }
}

Describe 'The manual (meatware) plugin' {
    It 'waits for the operator''s confirmation' {
        $dir = Join-Path $TestDrive 'manual'
        $dev = New-OcfStonithDevice -Type manual -Name hands -Option @{ hostlist = 'node3'; confirm_dir = $dir } -ConfirmTimeoutSec 20
        $job = Invoke-OcfReset -Device $dev -Node node3 -Action Off -Force -AsJob
        $deadline = (Get-Date).AddSeconds(10)
        while (-not (Test-Path (Join-Path $dir 'node3.request')) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $job.State | Should -Be 'Running'
        Confirm-OcfManualReset -Node node3 -ConfirmDirectory $dir -Confirm:$false | Should -Match 'off confirmed'
        $r = Receive-Job $job -Wait -AutoRemoveJob
        $r.Success | Should -BeTrue
        $r.State | Should -Be 'Off'
    }

    It 'says so when nothing waits for a confirmation' {
        $err = $null
        Confirm-OcfManualReset -Node nobody -ConfirmDirectory (Join-Path $TestDrive 'none') -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NoPendingManualReset,*'
    }
}
