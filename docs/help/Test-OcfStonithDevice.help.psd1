@{
    Synopsis    = 'Tests fencing devices for scheduled fencing checks: non-destructive by default, or a real off/on of a spare node.'
    Description = @(
        'Test-OcfStonithDevice checks that a device is reachable and accepts its credentials, lists its hosts and reads the status of each, timing every check. With -Destructive -Node <spare> it really powers the spare node off and on again, each step confirmed by the device''s status. It returns one report per device with Passed, each check''s outcome and duration, and the failed checks, so a scheduled task can act on failures.'
        'Scheduled test on Linux (cron, daily at 03:00): 0 3 * * * pwsh -NoProfile -Command "Import-Module Ocf; Get-OcfStonithDevice | Test-OcfStonithDevice | Where-Object { -not $_.Passed } | ConvertTo-Json -Depth 4 | Out-File /var/log/ocf-fencing-failures.json". With a systemd timer, put the same command in ExecStart= of a oneshot service and OnCalendar=daily in its timer.'
        'Scheduled test on Windows: Register-ScheduledTask -TaskName OcfFencingTest -Trigger (New-ScheduledTaskTrigger -Daily -At 3am) -Action (New-ScheduledTaskAction -Execute pwsh.exe -Argument ''-NoProfile -Command "Import-Module Ocf; Get-OcfStonithDevice | Test-OcfStonithDevice | Where-Object { -not $_.Passed } | Export-Clixml $env:ProgramData\Ocf\fencing-failures.xml"'').'
    )
    Parameters  = @{
        Device      = 'The devices to test. Accepts pipeline input (for example from Get-OcfStonithDevice).'
        Destructive = 'Really powers -Node off and on again (asks for confirmation; ConfirmImpact High).'
        Node        = 'The spare node to cycle in a destructive test.'
    }
    Inputs      = @(@{ Type = 'Ocf.Stonith.OcfStonithDevice'; Description = 'Devices from the pipeline.' })
    Outputs     = @(@{ Type = 'Ocf.PowerShell.Stonith.OcfStonithTestReport'; Description = 'Device, Type, Passed, Destructive, Started, Duration, Checks (Name, Passed, Duration, Message), FailedChecks.' })
    Examples    = @(
        @{ Title = 'Daily check of every saved device'; Code = 'Get-OcfStonithDevice | Test-OcfStonithDevice | Where-Object { -not $_.Passed }'; Remarks = 'Lists only the devices with a failed check, for a scheduled task to report.' }
        @{ Title = 'Cycle a spare node'; Code = 'Test-OcfStonithDevice -Device $dev -Destructive -Node spare1 -Confirm:$false'; Remarks = 'Powers spare1 off and on, each confirmed, and reports the timings.' }
    )
    Links       = @('Invoke-OcfReset', 'Get-OcfStonithDevice')
}
