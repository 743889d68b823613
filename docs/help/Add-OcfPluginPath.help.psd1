@{
    Synopsis    = 'Adds folders to the plugin search path of this session.'
    Description = @(
        'Add-OcfPluginPath adds folders in which Ocf looks for plugin modules. Modules in them are listed by Get-OcfPlugin and Get-OcfPluginModule -ListAvailable and loaded on demand. A folder that does not exist is reported as PluginPathNotFound.'
    )
    Parameters  = @{
        Path     = 'The folders to add. Accepts pipeline input, for example from Get-ChildItem -Directory.'
        PassThru = 'Writes each added folder''s full path to the output.'
    }
    Inputs      = @(@{ Type = 'System.String'; Description = 'Folder paths, by value or by the FullName property.' })
    Outputs     = @(@{ Type = 'System.String'; Description = 'With -PassThru, the added folder.' })
    Notes       = @('Error IDs: PluginPathNotFound. Supports -WhatIf and -Confirm.')
    Examples    = @(
        @{ Title = 'Add a folder'; Code = 'Add-OcfPluginPath -Path ./my-plugins'; Remarks = 'Modules in ./my-plugins become available to Get-OcfPlugin and the conversion cmdlets.' }
        @{ Title = 'Add several folders from the pipeline'; Code = 'Get-ChildItem /opt/ocf -Directory | Add-OcfPluginPath -PassThru'; Remarks = 'Adds each folder and shows its full path.' }
    )
    Links       = @('Remove-OcfPluginPath', 'Get-OcfPluginPath')
}
