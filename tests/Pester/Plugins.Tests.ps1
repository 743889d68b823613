BeforeAll {
    Import-Module $env:OCF_MODULE_MANIFEST -Force
    $isLinuxWithAgents = $IsLinux -and (Test-Path /usr/sbin/fence_ipmilan)
    . (Join-Path $PSScriptRoot 'PluginTestKit.ps1')

    # Runs a script file in a fresh pwsh -NoProfile with named arguments; returns its output, failing on a non-zero exit code.
    function Invoke-FreshPwsh([string] $Script, [hashtable] $Arguments) {
        $file = Join-Path $TestDrive "fresh-$([guid]::NewGuid().ToString('N')).ps1"
        Set-Content -Path $file -Value $Script
        $pwsh = [Environment]::ProcessPath
        $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $argv = foreach ($k in $Arguments.Keys) { "-$k"; $Arguments[$k] }
        $out = & $pwsh @prefix -NoProfile -NonInteractive -File $file @argv 2>&1
        if ($LASTEXITCODE -ne 0) { throw "The fresh pwsh failed ($LASTEXITCODE): $($out -join [Environment]::NewLine)" }
        $out
    }
}

Describe 'Get-OcfPlugin' {
    It 'lists the built-in codecs and the ha-msg module from metadata without loading it' {
        $enc = Get-OcfPlugin -Type encoding
        $enc.Name | Should -Contain 'ocf-xml'
        $enc.Name | Should -Contain 'xml-rpc'
        $ha = $enc | Where-Object Name -EQ 'ha-msg'
        $ha.Module | Should -BeExactly 'Ocf.Plugins.Encoding.HaMsg'
        $ha.Source | Should -Match 'Ocf\.Plugins\.Encoding\.HaMsg\.dll$'
        (Get-OcfPluginModule).Name | Should -Not -Contain 'Ocf.Plugins.Encoding.HaMsg'
    }

    It 'filters with wildcards and reports a missing name as PluginNotFound' {
        (Get-OcfPlugin -Type enc* -Name *-xml).Name | Should -Be @('ocf-xml')
        $err = $null
        Get-OcfPlugin -Name no-such-plugin -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'PluginNotFound,Ocf.PowerShell.Commands.GetOcfPluginCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'lists every installed fence agent as a stonith plugin with imported fields' -Skip:(-not $IsLinux) {
        $isLinuxWithAgents | Should -BeTrue -Because 'CI installs Debian''s fence-agents'
        $ipmi = Get-OcfPlugin -Type stonith -Name fence_ipmilan
        $ipmi.Source | Should -BeExactly '/usr/sbin/fence_ipmilan'
        $f = $ipmi.Fields
        ($f | Where-Object FieldName -EQ 'password').Secret | Should -BeTrue
        ($f | Where-Object FieldName -EQ 'ipport').BasicType | Should -Be 'Integer'
        (Get-OcfPlugin -Type stonith).Count | Should -BeGreaterThan 50
        (Get-OcfPlugin -Type resource -Name 'ocf:heartbeat:Dummy').Fields.FieldName | Should -Contain 'state'
    }

    It 'shows an agent''s actions and unique parameters on the plugin object' -Skip:(-not $IsLinux) {
        $dummy = Get-OcfPlugin -Type resource -Name 'ocf:heartbeat:Dummy'
        ($dummy.Fields | Where-Object FieldName -EQ 'state').Unique | Should -BeTrue
        $monitor = $dummy | Select-Object -ExpandProperty Actions | Where-Object Name -EQ 'monitor'
        $monitor.Interval | Should -Be ([timespan]::FromSeconds(10))
        $monitor.Timeout | Should -Be ([timespan]::FromSeconds(20))
        ($dummy.Actions | Format-Table | Out-String) | Should -Match 'monitor\s+00:00:20\s+00:00:10\s+0'
        $on = (Get-OcfPlugin -Type stonith -Name fence_ipmilan).Actions | Where-Object Name -EQ 'on'
        $on.Attributes['automatic'] | Should -BeExactly '0'
    }

    It 'looks up a module plugin by name without running any external agent' -Skip:(-not $IsLinux) {
        # A probe agent first in OCF_FENCE_AGENT_PATH records every run. In a fresh pwsh, New-OcfStonithDevice -Type
        # ipmilan and Get-OcfPlugin -Type encoding must not run it; a wildcard stonith listing (the control) must.
        $probe = New-ProbeAgent 'probe'
        $dir, $log = $probe.Dir, $probe.Log
        try {
            $pwsh = [Environment]::ProcessPath
            $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
            $script = "`$env:OCF_FENCE_AGENT_PATH = '$dir'; Import-Module '$env:OCF_MODULE_MANIFEST'; " +
                '$d = New-OcfStonithDevice -Type ipmilan -Name bmc -Ip 127.0.0.1 -Username admin -Password (ConvertTo-SecureString x -AsPlainText -Force) -Hostname node1 -ErrorAction Stop; ' +
                '$e = @(Get-OcfPlugin -Type encoding); ' +
                "`$ranBefore = Test-Path '$log'; " +
                '$null = Get-OcfPlugin -Type stonith -Name fence_zz* -WarningAction SilentlyContinue; ' +
                "`$ranAfter = Test-Path '$log'; " +
                '"$($d.Type),$($e.Count -ge 2),$ranBefore,$ranAfter"'
            $out = & $pwsh @prefix -NoProfile -NonInteractive -Command $script
            $LASTEXITCODE | Should -Be 0
            $out | Should -Be 'ipmilan,True,False,True'
        }
        finally { Remove-Item $dir -Recurse -Force }
    }

    It 'finds one external agent by exact type and name' -Skip:(-not $IsLinux) {
        $p = Get-OcfPlugin -Type stonith -Name fence_ipmilan
        $p.Name | Should -Be 'fence_ipmilan'
        $p.Fields.FieldName | Should -Contain 'ipport'
        { Get-OcfPlugin -Type stonith -Name fence_nope -ErrorAction Stop } | Should -Throw -ErrorId 'PluginNotFound,Ocf.PowerShell.Commands.GetOcfPluginCommand'
    }

    It 'completes -Type and -Name' {
        $line = 'Get-OcfPlugin -Type enc'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'encoding'
        $line = 'Get-OcfPlugin -Type encoding -Name ha'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('ha-msg')
    }
}

Describe 'A codec dropped into the plugins folder' {
    It 'is loaded on first use by ConvertTo-OcfXml -Encoding and round-trips a flat map' {
        $xml = [ordered]@{ t = 'status'; st = 'active'; seq = 42 } | ConvertTo-OcfXml -Encoding ha-msg
        $xml | Should -BeExactly ">>>`nt=status`nst=active`nseq=42`n<<<`n"
        (Get-OcfPluginModule).Name | Should -Contain 'Ocf.Plugins.Encoding.HaMsg'
        $back = $xml | ConvertFrom-OcfXml -Encoding HaMsg
        $back.st | Should -BeExactly 'active'
    }

    It 'refuses nested values with a clear error' {
        $err = $null
        @{ nodes = @('a', 'b') } | ConvertTo-OcfXml -Encoding ha-msg -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ValueNotEncodable,*'
        $err[0].Exception.Message | Should -Match 'flat maps'
    }
}

Describe 'Plugin modules and search paths' {
    It 'refuses to unload the built-in module' {
        $err = $null
        Remove-OcfPluginModule -Name Ocf.Framework -Confirm:$false -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ModuleUnloadRefused,*'
    }

    It 'loads and unloads a module explicitly, honouring -WhatIf' {
        Import-OcfPluginModule -Name Ocf.Plugins.Encoding.HaMsg | Out-Null
        Remove-OcfPluginModule -Name Ocf.Plugins.Encoding.HaMsg -WhatIf
        (Get-OcfPluginModule).Name | Should -Contain 'Ocf.Plugins.Encoding.HaMsg'
        Remove-OcfPluginModule -Name Ocf.Plugins.Encoding.HaMsg -Confirm:$false
        (Get-OcfPluginModule).Name | Should -Not -Contain 'Ocf.Plugins.Encoding.HaMsg'
        $info = Import-OcfPluginModule -Name Ocf.Plugins.Encoding.HaMsg
        $info.Plugins | Should -Contain 'encoding/ha-msg'
    }

    It 'refuses to unload a codec module while a conversion pipeline uses it, and unloads it afterwards' {
        Import-OcfPluginModule -Name Ocf.Plugins.Encoding.HaMsg | Out-Null
        $script:refusal = $null
        # ConvertTo-OcfXml resolves (and leases) its codec in its begin block, before the first record flows.
        $out = @{ a = '1' } | ForEach-Object -Begin { $first = $true } -Process {
            if ($first) {
                $first = $false
                Remove-OcfPluginModule -Name Ocf.Plugins.Encoding.HaMsg -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
                $script:refusal = $e
            }
            $_
        } | ConvertTo-OcfXml -Encoding ha-msg
        $script:refusal[0].FullyQualifiedErrorId | Should -BeLike 'ModuleUnloadRefused,*'
        $script:refusal[0].Exception.Message | Should -Match 'ha-msg'
        $out | Should -Not -BeNullOrEmpty
        (Get-OcfPluginModule).Name | Should -Contain 'Ocf.Plugins.Encoding.HaMsg'
        # The pipeline is over: its lease is gone.
        Remove-OcfPluginModule -Name Ocf.Plugins.Encoding.HaMsg -Confirm:$false
        (Get-OcfPluginModule).Name | Should -Not -Contain 'Ocf.Plugins.Encoding.HaMsg'
    }

    It 'reports an unknown module as ModuleNotFound' {
        $err = $null
        Import-OcfPluginModule -Name No.Such.Module -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ModuleNotFound,*'
    }

    It 'adds and removes search folders; a corrupt file there is skipped with a warning' {
        $dir = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'extra-plugins') -Force
        Set-Content -Path (Join-Path $dir 'Broken.dll') -Value 'this is not an assembly'
        Add-OcfPluginPath -Path $dir.FullName -PassThru | Should -Be $dir.FullName
        Get-OcfPluginPath | Should -Contain $dir.FullName
        $w = $null
        $available = Get-OcfPluginModule -ListAvailable -WarningVariable w -WarningAction SilentlyContinue
        $available.Name | Should -Contain 'Ocf.Plugins.Encoding.HaMsg'
        ($w | Out-String) | Should -Match 'Broken\.dll'
        Remove-OcfPluginPath -Path $dir.FullName
        Get-OcfPluginPath | Should -Not -Contain $dir.FullName
        $err = $null
        Add-OcfPluginPath -Path (Join-Path $TestDrive 'missing') -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'PluginPathNotFound,*'
    }

    It 'searches its own plugins folder first, then OCF_PLUGIN_PATH, then added folders; a same-named copy elsewhere does not shadow a shipped module' {
        $shadow = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'shadow') -Force
        $shipped = Join-Path (Split-Path $env:OCF_MODULE_MANIFEST) 'plugins'
        Copy-Item -Recurse (Join-Path $shipped 'Ocf.Plugins.Encoding.HaMsg') $shadow.FullName
        $extra = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'added') -Force
        $out = Invoke-FreshPwsh -Arguments @{ Manifest = $env:OCF_MODULE_MANIFEST; Shadow = $shadow.FullName; Extra = $extra.FullName } -Script @'
param($Manifest, $Shadow, $Extra)
$env:OCF_PLUGIN_PATH = $Shadow
Import-Module $Manifest
Add-OcfPluginPath -Path $Extra | Out-Null
(Get-OcfPluginPath) -join '|'
(Get-OcfPluginModule -ListAvailable -WarningAction SilentlyContinue | Where-Object Name -EQ 'Ocf.Plugins.Encoding.HaMsg').Path
'@
        ($out[0] -split '\|') | Should -Be @($shipped, $shadow.FullName, $extra.FullName)
        $out[1] | Should -BeLike "$shipped*"
    }
}

Describe 'Dynamic parameters from field metadata' -Skip:(-not $IsLinux) {
    It 'shows fence_ipmilan''s fields as parameters of Test-OcfPluginConfiguration' {
        $syntax = Get-Command Test-OcfPluginConfiguration -ArgumentList stonith, fence_ipmilan -Syntax
        $syntax | Should -Match '-Ip <string>'
        $syntax | Should -Match '-Password <securestring>'
        $syntax | Should -Match '-Lanplus'
        $syntax | Should -Match '-Ipport <long>'
        $cmd = Get-Command Test-OcfPluginConfiguration -ArgumentList stonith, fence_ipmilan
        $cmd.Parameters['Lanplus'].ParameterType | Should -Be ([switch])
        $cmd.Parameters['Method'].Attributes.Where({ $_ -is [ValidateSet] }).ValidValues | Should -Contain 'cycle'
        $cmd.Parameters['PowerWait'].Aliases | Should -Contain 'power_wait'
    }

    It 'validates a configuration and redacts the secret' {
        $pw = ConvertTo-SecureString 'fencepw' -AsPlainText -Force
        $r = Test-OcfPluginConfiguration -Type stonith -Name fence_ipmilan -Ip 127.0.0.1 -Username admin -Password $pw -Ipport 9623 -Lanplus
        $r.IsValid | Should -BeTrue
        $r.Configuration['password'] | Should -BeExactly '********'
        $r.Configuration['ipport'] | Should -Be 9623
        $r.Configuration['lanplus'] | Should -BeTrue
        ($r | Format-List * | Out-String) | Should -Not -Match 'fencepw'
    }

    It 'reports every problem of an -Option hashtable with its path' {
        $r = Test-OcfPluginConfiguration stonith fence_ipmilan -Option @{ ip = 'not a host!'; ipport = 'abc'; bogus = 1 }
        $r.IsValid | Should -BeFalse
        $codes = $r.Problems | ForEach-Object { "$($_.Path):$($_.Code)" }
        $codes | Should -Contain 'ip:BadSpecialType'
        $codes | Should -Contain 'ipport:WrongType'
        $codes | Should -Contain 'bogus:UnknownField'
    }

    It 'builds parameters for agents whose parameters have no short description' {
        # PowerShell refuses an empty HelpMessage: these agents' dynamic parameters used to fail outright.
        foreach ($agent in 'ocf:heartbeat:dovecot', 'ocf:heartbeat:postfix', 'ocf:heartbeat:pound') {
            $plugin = Get-OcfPlugin -Type resource -Name $agent
            $plugin.Fields.Where({ -not $_.ShortText }) | Should -Not -BeNullOrEmpty -Because "$agent has a parameter without a shortdesc"
            $r = Test-OcfPluginConfiguration -Type resource -Name $agent -Option @{}
            $r.Plugin | Should -BeExactly $agent
        }
    }

    It 'lets PowerShell refuse a value outside a select field''s options' {
        { Test-OcfPluginConfiguration stonith fence_ipmilan -Ip 127.0.0.1 -Method sideways -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Ocf.PowerShell.Commands.TestOcfPluginConfigurationCommand'
    }
}

Describe 'Dynamic parameters and the field view of module plugins' {
    BeforeAll {
        $widgetDir = New-TestPluginFolder 'widget-plugins' 'Ocf.TestModules.WidgetHandler', 'Ocf.TestModules.Widgets'
        Add-OcfPluginPath -Path $widgetDir
        $cmd = Get-Command Test-OcfPluginConfiguration -ArgumentList widget, basic
        $bindingError = 'ParameterArgumentValidationError,Ocf.PowerShell.Commands.TestOcfPluginConfigurationCommand'
    }

    AfterAll {
        foreach ($m in 'Ocf.TestModules.Widgets', 'Ocf.TestModules.WidgetHandler') {
            if ((Get-OcfPluginModule).Name -contains $m) { Remove-OcfPluginModule -Name $m -Confirm:$false }
        }
        Remove-OcfPluginPath -Path $widgetDir
    }

    It 'builds parameters for a shipped plugin with a field that has no short text (deflate''s level)' {
        (Get-OcfPlugin -Type packet-transform -Name deflate).Fields.Where({ -not $_.ShortText }).FieldName | Should -Contain 'level'
        (Get-Command Test-OcfPluginConfiguration -ArgumentList packet-transform, deflate -Syntax) | Should -Match '\[-Level <string>\]'
        (Test-OcfPluginConfiguration -Type packet-transform -Name deflate -Option @{ level = 'smallest' }).IsValid | Should -BeTrue
    }

    It 'writes field metadata through the codecs in the paper''s form, sub-fields included' {
        $fields = (Get-OcfPlugin -Type widget -Name basic).Fields
        foreach ($encoding in 'Ocf', 'XmlRpc') {
            $back = $fields | ConvertTo-OcfXml -Encoding $encoding | ConvertFrom-OcfXml -AsHashtable
            $back.Count | Should -Be $fields.Count
            $port = $back | Where-Object { $_.fieldname -eq 'port' }
            $port.basictype | Should -BeExactly 'integer'
            $port.specialtype | Should -BeExactly 'port'
            $port.default | Should -Be 8080
            $password = $back | Where-Object { $_.fieldname -eq 'password' }
            $password.secret | Should -BeTrue
            ($back | Where-Object { $_.fieldname -eq 'ports' }).subfields.fieldname | Should -Contain 'host'
        }
    }

    It 'shows the widget''s fields in Get-Command -Syntax' {
        $syntax = Get-Command Test-OcfPluginConfiguration -ArgumentList widget, basic -Syntax
        $syntax | Should -Match ' -PluginName <string> '    # "name" would collide with the cmdlet's own -Name
        $syntax | Should -Match '\[-Port <long>\]'
        $syntax | Should -Match '\[-Enabled\]'
        $syntax | Should -Match '\[-Password <securestring>\]'
        $syntax | Should -Match '\[-Tags <string\[\]>\]'
        $syntax | Should -Match '\[-Ports <hashtable\[\]>\]'
        $syntax | Should -Match '\[-RetryCount <long>\]'
    }

    It 'maps secret to SecureString, isarray to ValidateCount and required to Mandatory where no -Option can supply it' {
        $cmd.Parameters['Password'].ParameterType | Should -Be ([securestring])
        $cmd.Parameters['Password'].Aliases | Should -Contain 'passwd'
        $count = $cmd.Parameters['Tags'].Attributes.Where({ $_ -is [ValidateCount] })
        $count.MinLength | Should -Be 1
        $count.MaxLength | Should -Be 3
        $name = $cmd.Parameters['PluginName']
        $name.ParameterSets['ByParameter'].IsMandatory | Should -BeTrue
        $name.ParameterSets['ByOption'].IsMandatory | Should -BeFalse
        $name.ParameterSets['ByParameter'].HelpMessage | Should -BeExactly 'Widget name'
        $cmd.Parameters['Port'].ParameterSets['ByParameter'].IsMandatory | Should -BeFalse
    }

    It 'offers an enum field''s values as a ValidateSet that tab-completes and matches case' {
        $cmd.Parameters['Mode'].Attributes.Where({ $_ -is [ValidateSet] }).ValidValues | Should -Be @('fast', 'safe', 'off')
        $line = 'Test-OcfPluginConfiguration -Type widget -Name basic -Mode '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('fast', 'off', 'safe')   # sorted
        (Test-OcfPluginConfiguration widget basic -PluginName w1 -Mode fast).Configuration['mode'] | Should -BeExactly 'fast'
        { Test-OcfPluginConfiguration widget basic -PluginName w1 -Mode Fast -ErrorAction Stop } | Should -Throw -ErrorId $bindingError
    }

    It 'takes the original field name and declared aliases as parameter aliases' {
        $cmd.Parameters['RetryCount'].Aliases | Should -Contain 'retry_count'
        $pw = ConvertTo-SecureString 'widget-pw' -AsPlainText -Force
        $r = Test-OcfPluginConfiguration widget basic -widget_name w1 -retry_count 5 -passwd $pw
        $r.IsValid | Should -BeTrue
        $r.Configuration['name'] | Should -BeExactly 'w1'
        $r.Configuration['retry_count'] | Should -Be 5
        $r.Configuration['password'] | Should -BeExactly '********'
    }

    It 'refuses a bad host inside an array of structs at binding, naming its path' {
        $e = { Test-OcfPluginConfiguration widget basic -PluginName w1 -Ports @{ host = 'db1' }, @{ host = 'not a host!' } -ErrorAction Stop } |
            Should -Throw -ErrorId $bindingError -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidData'
        $e.Exception.Message | Should -Match 'ports\[1\]\.host'
        $e.Exception.Message | Should -Not -Match 'ports\[0\]'
        # The same configuration through -Option is reported by the self-configuration validation, at the same path.
        $r = Test-OcfPluginConfiguration widget basic -Option @{ name = 'w1'; ports = @(@{ host = 'db1' }, @{ host = 'not a host!' }) }
        $r.Problems | ForEach-Object { "$($_.Path):$($_.Code)" } | Should -Be @('ports[1].host:BadSpecialType')
    }

    It 'matches a regex case-sensitively at binding, exactly as the configurator does' {
        { Test-OcfPluginConfiguration widget basic -PluginName Web1 -ErrorAction Stop } | Should -Throw -ErrorId $bindingError
        $r = Test-OcfPluginConfiguration widget basic -Option @{ name = 'Web1' }
        $r.Problems | ForEach-Object { "$($_.Path):$($_.Code)" } | Should -Be @('name:PatternMismatch')
        (Test-OcfPluginConfiguration widget basic -PluginName web1).IsValid | Should -BeTrue
    }

    It 'formats the fields as a table with type, rules and sub-fields, and as a list' {
        $fields = Get-OcfPlugin -Type widget -Name basic | Select-Object -ExpandProperty Fields
        $lines = ($fields | Format-Table | Out-String -Width 200) -split '\r?\n'
        $lines | Where-Object { $_ -match '^FieldName\s' } |
            Should -Match '^FieldName\s+Type\s+SpecialType\s+Required\s+Secret\s+Default\s+Allowed\s+ShortText\s*$'
        $lines | Where-Object { $_ -match '^ports\s' } | Should -Match '^ports\s+struct\[1\.\.\]\s+False\s+False\s+\{host\*, port\}\s*$'
        $lines | Where-Object { $_ -match '^tags\s' } | Should -Match '^tags\s+string\[1\.\.3\]\s+False\s+False\s*$'
        $lines | Where-Object { $_ -match '^mode\s' } | Should -Match '"safe"\s+fast\|safe\|off\s*$'
        $lines | Where-Object { $_ -match '^name\s' } | Should -Match '^name\s+string\s+True\s+False\s+max 16 chars /\[a-z\]\[a-z0-9-\]\*/\s+Widget name$'
        $lines | Where-Object { $_ -match '^password\s' } | Should -Match '^password\s+string\s+password\s+False\s+True\s+max 32 chars\s*$'
        $list = $fields | Where-Object FieldName -EQ ports | Format-List | Out-String -Width 200
        $list | Should -Match 'SubFields\s+: host \(string, host, required\); port \(integer, port\)'
        $list | Should -Match 'Count\s+: 1\.\.'
    }
}

Describe 'A third-party codec in a plugin folder of its own' {
    BeforeAll {
        # Ocf.TestModules.TsvCodec is a test module, never shipped in the module's own plugins folder.
        $codecDir = New-TestPluginFolder 'codec-plugins' 'Ocf.TestModules.TsvCodec'
        $ownPlugins = Join-Path (Split-Path $env:OCF_MODULE_MANIFEST) 'plugins'
    }

    It 'is not part of the module' {
        Get-ChildItem $ownPlugins -Recurse -Filter 'Ocf.TestModules.*' | Should -BeNullOrEmpty
        Get-OcfPlugin -Type encoding -Name test-tsv -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'is used by ConvertTo/From-OcfXml -Encoding from OCF_PLUGIN_PATH, by name and by its declared alias, in a fresh pwsh' {
        $script = {
            param([string] $Manifest, [string] $PluginPath)
            $ErrorActionPreference = 'Stop'
            $env:OCF_PLUGIN_PATH = $PluginPath
            Import-Module $Manifest
            $before = @((Get-OcfPluginModule).Name)
            # Aliases before any codec module is loaded: they must come from discovery metadata.
            $tsv = [ordered]@{ node = 'n1'; seq = 7 } | ConvertTo-OcfXml -Encoding TestTsv
            $back = $tsv | ConvertFrom-OcfXml -Encoding test-tsv
            $ha = [ordered]@{ t = 'status' } | ConvertTo-OcfXml -Encoding HaMsg
            [pscustomobject]@{
                Before = $before; Tsv = $tsv; Node = $back.node; Seq = $back.seq; Ha = $ha
                Source = (Get-OcfPlugin -Type encoding -Name test-tsv).Source
                After = @((Get-OcfPluginModule).Name)
            } | ConvertTo-Json -Compress
        }
        $r = Invoke-FreshPwsh $script.ToString() @{ Manifest = $env:OCF_MODULE_MANIFEST; PluginPath = $codecDir } | ConvertFrom-Json
        $r.Before | Should -Be @('Ocf.Framework')
        $r.Tsv | Should -BeExactly "#test-tsv`nnode`tn1`nseq`t7`n"
        $r.Node | Should -BeExactly 'n1'
        $r.Seq | Should -BeExactly '7'
        $r.Ha | Should -BeExactly ">>>`nt=status`n<<<`n"
        $r.Source | Should -BeExactly (Join-Path $codecDir 'Ocf.TestModules.TsvCodec/Ocf.TestModules.TsvCodec.dll')
        $r.After | Should -Contain 'Ocf.TestModules.TsvCodec'
        $r.After | Should -Contain 'Ocf.Plugins.Encoding.HaMsg'
    }

    It 'is used after Add-OcfPluginPath, and unknown before it' {
        $e = { @{ a = 'b' } | ConvertTo-OcfXml -Encoding TestTsv } | Should -Throw -PassThru
        $e.FullyQualifiedErrorId | Should -BeLike 'UnknownEncoding,*'
        Add-OcfPluginPath -Path $codecDir
        try {
            $text = [ordered]@{ a = 'b' } | ConvertTo-OcfXml -Encoding TestTsv
            $text | Should -BeExactly "#test-tsv`na`tb`n"
            ($text | ConvertFrom-OcfXml -Encoding TestTsv).a | Should -BeExactly 'b'
            (Get-OcfPluginModule -Name Ocf.TestModules.TsvCodec).Path | Should -BeExactly (Join-Path $codecDir 'Ocf.TestModules.TsvCodec/Ocf.TestModules.TsvCodec.dll')
        }
        finally {
            Remove-OcfPluginModule -Name Ocf.TestModules.TsvCodec -Confirm:$false
            Remove-OcfPluginPath -Path $codecDir
        }
    }
}
