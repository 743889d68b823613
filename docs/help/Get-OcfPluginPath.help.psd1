@{
    Synopsis    = 'Lists the folders searched for plugin modules.'
    Description = @(
        'Get-OcfPluginPath returns the plugin search path of this session, in search order: the Ocf module''s own plugins folder, the folders in the OCF_PLUGIN_PATH environment variable (separated like PSModulePath), and folders added with Add-OcfPluginPath. A module is found as <folder>/<Name>.dll or <folder>/<Name>/<Name>.dll; when two folders hold a module of the same name, the first one in search order is used and the other is skipped with a warning, so a copy elsewhere cannot shadow a module the Ocf module ships.'
    )
    Parameters  = @{}
    Outputs     = @(@{ Type = 'System.String'; Description = 'A folder path.' })
    Examples    = @(
        @{ Title = 'Show the search path'; Code = 'Get-OcfPluginPath'; Remarks = 'Lists the plugin folders in search order.' }
        @{ Title = 'Set it for a child process'; Code = "`$env:OCF_PLUGIN_PATH = '/opt/ocf/plugins'; pwsh -c 'Import-Module Ocf; Get-OcfPluginPath'"; Remarks = 'Folders in OCF_PLUGIN_PATH are searched by every new session.' }
    )
    Links       = @('Add-OcfPluginPath', 'Remove-OcfPluginPath')
}
