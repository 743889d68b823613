@{
    RootModule           = 'Ocf.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = 'ffe8c47d-c70b-44e3-a8b3-fdb37b54fe61'
    Author               = 'Ocf developers'
    CompanyName          = 'Ocf project'
    Copyright            = '(c) Ocf developers. MIT licence.'
    Description          = 'Open Cluster Framework (after Alan Robertson''s OCF paper) for PowerShell: typed cluster data with OCF XML and XML-RPC marshalling, self-configuring plugins, STONITH fencing, cluster communication and membership.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'
    FormatsToProcess     = @('Ocf.Format.ps1xml')
    TypesToProcess       = @('Ocf.Types.ps1xml')
    CmdletsToExport      = @(
        'ConvertTo-OcfXml'
        'ConvertFrom-OcfXml'
        'Get-OcfPlugin'
        'Test-OcfPluginConfiguration'
        'Get-OcfPluginModule'
        'Import-OcfPluginModule'
        'Remove-OcfPluginModule'
        'Get-OcfPluginPath'
        'Add-OcfPluginPath'
        'Remove-OcfPluginPath'
        'New-OcfStonithDevice'
        'Save-OcfStonithDevice'
        'Get-OcfStonithDevice'
        'Remove-OcfStonithDevice'
        'Get-OcfPowerStatus'
        'Invoke-OcfReset'
        'Test-OcfStonithDevice'
        'Confirm-OcfManualReset'
        'New-OcfClusterConfiguration'
        'New-OcfClusterKey'
        'Start-OcfNode'
        'Stop-OcfNode'
        'Get-OcfNode'
        'Get-OcfMembership'
        'Invoke-OcfRpc'
        'Join-OcfGroup'
        'Send-OcfGroupMessage'
        'Receive-OcfGroupMessage'
        'Remove-OcfGroupMember'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Cluster', 'HighAvailability', 'STONITH', 'Fencing', 'XML-RPC', 'OCF', 'PSEdition_Core', 'Linux', 'Windows')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/ocf-project/Ocf'
            ReleaseNotes = 'Wrapped-value data model, ocf-xml and xml-rpc codecs; loadable plugin modules with self-configuring plugins, external fence/resource agents as plugins, metadata-driven dynamic parameters.'
        }
    }
}
