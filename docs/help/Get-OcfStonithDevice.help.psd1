@{
    Synopsis    = 'Loads saved STONITH devices.'
    Description = @(
        'Get-OcfStonithDevice reads device definitions saved by Save-OcfStonithDevice, resolves their secret references (refusing a secret file that others can read) and returns device objects ready for Get-OcfPowerStatus, Invoke-OcfReset and Test-OcfStonithDevice.'
    )
    Parameters  = @{
        Name = 'Device names (wildcards allowed); all saved devices when omitted.'
        Path = 'The folder the devices were saved in (default: the per-user device folder).'
    }
    Outputs     = @(@{ Type = 'Ocf.Stonith.OcfStonithDevice'; Description = 'A device.' })
    Notes       = @('Error IDs: DeviceNotFound, DeviceLoadFailed, PluginNotFound.')
    Examples    = @(
        @{ Title = 'All saved devices'; Code = 'Get-OcfStonithDevice'; Remarks = 'Lists every saved device with its redacted configuration.' }
        @{ Title = 'Test them'; Code = 'Get-OcfStonithDevice bmc* | Test-OcfStonithDevice'; Remarks = 'Loads the devices whose names start with bmc and tests each.' }
    )
    Links       = @('Save-OcfStonithDevice', 'Remove-OcfStonithDevice')
}
