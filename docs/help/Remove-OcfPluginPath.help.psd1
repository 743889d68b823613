@{
    Synopsis    = 'Removes folders from the plugin search path of this session.'
    Description = @(
        'Remove-OcfPluginPath stops Ocf from looking for plugin modules in the given folders. Modules already loaded from them stay loaded until Remove-OcfPluginModule unloads them.'
    )
    Parameters  = @{
        Path = 'The folders to remove. Accepts pipeline input.'
    }
    Inputs      = @(@{ Type = 'System.String'; Description = 'Folder paths, by value or by the FullName property.' })
    Notes       = @('Error IDs: PluginPathNotFound (the folder was not in the search path). Supports -WhatIf and -Confirm.')
    Examples    = @(
        @{ Title = 'Remove a folder'; Code = 'Remove-OcfPluginPath -Path ./my-plugins'; Remarks = 'Modules in ./my-plugins are no longer listed or found.' }
        @{ Title = 'Reset to the defaults'; Code = 'Get-OcfPluginPath | Select-Object -Skip 1 | Remove-OcfPluginPath'; Remarks = 'Removes every folder except the module''s own plugins folder.' }
    )
    Links       = @('Add-OcfPluginPath', 'Get-OcfPluginPath')
}
