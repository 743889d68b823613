@{
    Synopsis    = 'Lists loaded plugin modules, or the modules available in the plugin folders.'
    Description = @(
        'Without -ListAvailable, Get-OcfPluginModule lists the modules loaded in this session (including the built-in Ocf.Framework module, which provides the encoding and catalog plugin handlers and the ocf-xml and xml-rpc codecs) with the plugins each registered.'
        'With -ListAvailable it scans the plugin search path (see Get-OcfPluginPath) and lists every module found there from its metadata only: nothing is loaded and no module code runs. Files that are not valid .NET assemblies are skipped with a warning.'
    )
    Parameters  = @{
        Name          = 'Module names to list (wildcards allowed).'
        ListAvailable = 'Lists the modules found in the plugin folders instead of the loaded ones.'
    }
    Outputs     = @(
        @{ Type = 'Ocf.Plugins.OcfModuleInfo'; Description = 'A loaded module.' }
        @{ Type = 'Ocf.Plugins.OcfModuleManifest'; Description = 'A module found in a plugin folder (with -ListAvailable).' }
    )
    Examples    = @(
        @{ Title = 'Loaded modules'; Code = 'Get-OcfPluginModule'; Remarks = 'Shows the built-in module and any module loaded so far.' }
        @{ Title = 'What the plugin folders offer'; Code = 'Get-OcfPluginModule -ListAvailable | Select-Object Name, Exports'; Remarks = 'Lists each module and the plugins it declares, read from metadata.' }
    )
    Links       = @('Import-OcfPluginModule', 'Remove-OcfPluginModule', 'Get-OcfPluginPath')
}
