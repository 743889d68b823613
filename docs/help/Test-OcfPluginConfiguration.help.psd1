@{
    Synopsis    = 'Checks a proposed configuration for a plugin and returns every problem with its field path.'
    Description = @(
        'Test-OcfPluginConfiguration validates a configuration against the field metadata a self-configuring plugin publishes (or that was imported from an external agent). Once -Type and -Name are given, the plugin''s fields become parameters of this cmdlet: basic types become parameter types, required fields are mandatory, regular expressions, lengths, enumerations and array counts are validated by PowerShell, and secret fields take a SecureString. Use Get-Command Test-OcfPluginConfiguration -ArgumentList <type>, <name> -Syntax to see them.'
        'Values can also be given as a hashtable with -Option (field names or their aliases as keys), which suits scripts and pipelines; explicit parameters win over -Option. The result lists all problems at once (missing required fields, wrong types, pattern and range violations, unknown fields, items of arrays and structs with paths such as ports[1].host) and the configuration with secrets redacted.'
    )
    Parameters  = @{
        Type   = 'The plugin type, for example stonith.'
        Name   = 'The plugin name, for example fence_ipmilan.'
        Option = 'Configuration values as a hashtable keyed by field name (or alias). Explicit dynamic parameters take precedence.'
    }
    Inputs      = @(@{ Type = 'System.String'; Description = 'Type and Name by property name (for example from Get-OcfPlugin).' })
    Outputs     = @(@{ Type = 'Ocf.PowerShell.Commands.OcfConfigurationTestResult'; Description = 'Type, Plugin, IsValid, Problems (Path, Code, Message) and the redacted Configuration.' })
    Notes       = @('Error IDs: PluginNotFound, PluginLoadFailed (the plugin''s module cannot be loaded, for example built for another major API version), InvalidConfiguration. A specialtype Ocf does not know is not checked beyond the basic type, length and pattern (the OCF fallback rule).')
    Examples    = @(
        @{ Title = 'Check a fence_ipmilan configuration'; Code = "Test-OcfPluginConfiguration -Type stonith -Name fence_ipmilan -Ip 127.0.0.1 -Username admin -Password (Read-Host -AsSecureString)"; Remarks = 'Validates the configuration with parameters generated from fence_ipmilan''s metadata; the password is never shown.' }
        @{ Title = 'Find every problem at once'; Code = "(Test-OcfPluginConfiguration stonith fence_ipmilan -Option @{ ipport = 'x'; bogus = 1 }).Problems"; Remarks = 'Lists each problem with its path and code, for example ipport WrongType and bogus UnknownField.' }
    )
    Links       = @('Get-OcfPlugin')
}
