@{
    Synopsis    = 'Deletes saved STONITH device definitions and their secret files.'
    Description = @('Remove-OcfStonithDevice deletes the definition file of each named device and the owner-only secret files that belong to it.')
    Parameters  = @{
        Name = 'The devices to delete. Accepts pipeline input by property name.'
        Path = 'The folder the devices were saved in (default: the per-user device folder).'
    }
    Inputs      = @(@{ Type = 'System.String'; Description = 'Name by property name (for example from Get-OcfStonithDevice).' })
    Notes       = @('Error IDs: DeviceNotFound. Supports -WhatIf and -Confirm.')
    Examples    = @(
        @{ Title = 'Delete one device'; Code = 'Remove-OcfStonithDevice -Name bmc1'; Remarks = 'Deletes bmc1.ocf.xml and its secret files.' }
        @{ Title = 'Delete several'; Code = 'Get-OcfStonithDevice lab* | Remove-OcfStonithDevice -WhatIf'; Remarks = 'Shows which saved devices would be deleted.' }
    )
    Links       = @('Save-OcfStonithDevice', 'Get-OcfStonithDevice')
}
