@{
    Synopsis    = 'Creates a fencing (STONITH) device from a stonith plugin and its configuration.'
    Description = @(
        'New-OcfStonithDevice validates a configuration against the fields the plugin publishes and returns a device object for Get-OcfPowerStatus, Invoke-OcfReset, Test-OcfStonithDevice and Save-OcfStonithDevice. -Type names any stonith plugin: a native plugin such as ipmilan, rps10, wti_nps, null or manual, or an installed fence agent such as fence_ipmilan.'
        'Once -Type is given, the plugin''s fields become parameters of this cmdlet: typed, validated (patterns, lengths, allowed values, array counts), tab-completed, with secret fields taking a SecureString. Get-Command New-OcfStonithDevice -ArgumentList <plugin> -Syntax shows them. For scripts and pipelines, -Option takes the same values as a hashtable keyed by field name.'
        'An invalid configuration is reported once with every problem and its field path (error InvalidConfiguration). The device''s operations are safe by construction: one operation at a time per device, each bounded by -TimeoutSec, and power off/on confirmed by polling the device''s status for up to -ConfirmTimeoutSec.'
    )
    Parameters  = @{
        Type              = 'The stonith plugin, for example ipmilan or fence_ipmilan. Tab completion lists the installed ones.'
        Name              = 'A name for the device, used in results and when saving it.'
        Option            = 'Configuration values as a hashtable keyed by field name (or alias). Explicit dynamic parameters win.'
        PowerWaitSec      = 'Seconds to wait after a power command before the first status poll (default 0).'
        ConfirmTimeoutSec = 'Seconds a power command may take to be confirmed by the device''s status (default 20).'
        TimeoutSec        = 'Upper bound in seconds for any one operation of the device (default 60).'
    }
    Inputs      = @(@{ Type = 'System.String'; Description = 'Type, Name and Option by property name.' })
    Outputs     = @(@{ Type = 'Ocf.Stonith.OcfStonithDevice'; Description = 'The device (its configuration is shown with secrets redacted).' })
    Notes       = @('Error IDs: PluginNotFound, PluginLoadFailed, InvalidConfiguration.')
    Examples    = @(
        @{ Title = 'An IPMI BMC through the fence_ipmilan agent'; Code = "`$dev = New-OcfStonithDevice -Type fence_ipmilan -Name bmc1 -Ip 10.0.0.21 -Username admin -Password (Read-Host -AsSecureString) -Lanplus -OcfHosts node1"; Remarks = 'Creates a device whose parameters came from fence_ipmilan''s metadata; it may only fence node1.' }
        @{ Title = 'From a hashtable'; Code = "New-OcfStonithDevice -Type null -Name lab -Option @{ hostlist = 'node1', 'node2' }"; Remarks = 'Creates a test device (the null plugin fences nothing) from a hashtable, as a script would.' }
    )
    Links       = @('Invoke-OcfReset', 'Get-OcfPowerStatus', 'Test-OcfStonithDevice', 'Save-OcfStonithDevice', 'Get-OcfPlugin')
}
