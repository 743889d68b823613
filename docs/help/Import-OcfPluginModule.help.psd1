@{
    Synopsis    = 'Loads a plugin module and registers its plugins.'
    Description = @(
        'Import-OcfPluginModule loads a module by name (found in the plugin search path) or by the path of its assembly into its own collectible load context, and registers every plugin it exports with the handler of its plugin type. A handler that is not loaded yet is loaded automatically from the module that provides it.'
        'Registration is all or nothing: a plugin built for another major API version, a duplicate plugin name, a missing handler or a plugin that throws while it is created makes the whole module fail with error PluginLoadFailed, and nothing of it stays registered. Modules are loaded on demand anyway (for example when ConvertTo-OcfXml -Encoding names a codec plugin); this cmdlet makes it explicit.'
    )
    Parameters  = @{
        Name = 'The module name, as listed by Get-OcfPluginModule -ListAvailable.'
        Path = 'The path of the module assembly (.dll).'
    }
    Inputs      = @(@{ Type = 'System.String'; Description = 'Name or Path by property name.' })
    Outputs     = @(@{ Type = 'Ocf.Plugins.OcfModuleInfo'; Description = 'The loaded module and the plugins it registered.' })
    Notes       = @('Error IDs: ModuleNotFound, PluginLoadFailed. Supports -WhatIf and -Confirm.')
    Examples    = @(
        @{ Title = 'Load a codec module'; Code = 'Import-OcfPluginModule -Name Ocf.Plugins.Encoding.HaMsg'; Remarks = 'Loads the heartbeat ha_msg codec; ConvertTo-OcfXml -Encoding ha-msg can use it.' }
        @{ Title = 'Load a module from a file'; Code = 'Import-OcfPluginModule -Path ./MyCodec/MyCodec.dll'; Remarks = 'Loads a module that is not in the plugin search path.' }
    )
    Links       = @('Remove-OcfPluginModule', 'Get-OcfPluginModule')
}
