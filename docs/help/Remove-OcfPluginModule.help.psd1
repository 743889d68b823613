@{
    Synopsis    = 'Unloads a plugin module.'
    Description = @(
        'Remove-OcfPluginModule unregisters the plugins of a module and unloads its load context so the runtime can collect it. Unloading is refused (error ModuleUnloadRefused) while any of the module''s plugins is in use, or while the module provides the handler of plugins registered by other modules; the built-in module cannot be unloaded.'
    )
    Parameters  = @{
        Name = 'The names of the modules to unload.'
    }
    Inputs      = @(@{ Type = 'System.String'; Description = 'Name by property name (for example from Get-OcfPluginModule).' })
    Notes       = @('Error IDs: ModuleNotFound, ModuleUnloadRefused. Supports -WhatIf and -Confirm.')
    Examples    = @(
        @{ Title = 'Unload a module'; Code = 'Remove-OcfPluginModule -Name Ocf.Plugins.Encoding.HaMsg'; Remarks = 'Unregisters the ha-msg codec and unloads its module.' }
        @{ Title = 'Unload everything that can be unloaded'; Code = 'Get-OcfPluginModule | Where-Object { -not $_.IsBuiltIn } | Remove-OcfPluginModule -WhatIf'; Remarks = 'Shows which modules would be unloaded.' }
    )
    Links       = @('Import-OcfPluginModule', 'Get-OcfPluginModule')
}
