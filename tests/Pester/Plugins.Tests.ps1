BeforeAll {
    Import-Module $env:OCF_MODULE_MANIFEST -Force
    $isLinuxWithAgents = $IsLinux -and (Test-Path /usr/sbin/fence_ipmilan)
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
        $dir = Join-Path ([IO.Path]::GetTempPath()) "ocf-probe-$PID"
        New-Item -ItemType Directory $dir -Force | Out-Null
        $log = Join-Path $dir 'ran.log'
        $agent = Join-Path $dir 'fence_zzprobe'
        Set-Content $agent "#!/bin/sh`necho ran >> '$log'`nexit 1" -NoNewline
        chmod 755 $agent
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

    It 'pipes plugin objects into Select-Object -ExpandProperty Fields with a field view' {
        $fields = Get-OcfPlugin -Name ocf-xml | Select-Object -ExpandProperty Fields
        @($fields).Count | Should -Be 0
        $view = Get-FormatData -TypeName Ocf.Configuration.OcfField
        $view | Should -Not -BeNullOrEmpty
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

    It 'lets PowerShell refuse a value outside a select field''s options' {
        { Test-OcfPluginConfiguration stonith fence_ipmilan -Ip 127.0.0.1 -Method sideways -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,Ocf.PowerShell.Commands.TestOcfPluginConfigurationCommand'
    }
}
