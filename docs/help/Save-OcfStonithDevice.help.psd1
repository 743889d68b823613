@{
    Synopsis    = 'Saves a STONITH device definition as OCF XML, keeping its secrets out of the file.'
    Description = @(
        'Save-OcfStonithDevice writes one OCF XML file per device, by default in the per-user configuration folder ($XDG_CONFIG_HOME/ocf/stonith or ~/.config/ocf/stonith on Linux, %APPDATA%\Ocf\stonith on Windows), or in -Path. Secret fields are never written in clear: each goes to a file beside the definition that only its owner can read (mode 0600, or an owner-only ACL on Windows) and the definition refers to it; -SecretEnvironmentVariable stores the name of an environment variable instead.'
        '-AllowClearTextSecret writes secrets into the definition itself, with a warning; use it only where the file is protected otherwise.'
    )
    Parameters  = @{
        Device                    = 'The device to save. Accepts pipeline input.'
        Path                      = 'The folder to save into (default: the per-user device folder).'
        SecretEnvironmentVariable = 'A hashtable of secret field name to environment variable name; that variable supplies the secret when the device is loaded.'
        AllowClearTextSecret      = 'Writes secrets in clear text into the definition (warned).'
        Force                     = 'Overwrites a saved device of the same name.'
    }
    Inputs      = @(@{ Type = 'Ocf.Stonith.OcfStonithDevice'; Description = 'Devices from the pipeline.' })
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'The definition file written.' })
    Notes       = @('Error IDs: DeviceAlreadySaved. Supports -WhatIf and -Confirm.')
    Examples    = @(
        @{ Title = 'Save a device'; Code = 'Save-OcfStonithDevice -Device $dev'; Remarks = 'Writes bmc1.ocf.xml and an owner-only secret file for its password.' }
        @{ Title = 'Take the password from the environment'; Code = "`$dev | Save-OcfStonithDevice -SecretEnvironmentVariable @{ password = 'BMC1_PASSWORD' } -Force"; Remarks = 'The definition names the variable; no secret is written to disk.' }
    )
    Links       = @('Get-OcfStonithDevice', 'Remove-OcfStonithDevice')
}
