# Plugins that cannot load say why (API version mismatch), and tab completion of plugin types and names runs no
# external agent when the type does not need one. Each case runs in a fresh pwsh: the plugin manager is process-wide,
# so plugin folders added and modules loaded here must not leak into other test files.
BeforeAll {
    . (Join-Path $PSScriptRoot 'PluginTestKit.ps1')

    # Runs a script in a fresh pwsh -NoProfile that has imported the module; returns its output lines.
    function Invoke-FreshPwsh([string] $Script) {
        $file = Join-Path $TestDrive "fresh-$([guid]::NewGuid().ToString('N')).ps1"
        Set-Content -Path $file -Value ("`$ErrorActionPreference = 'Stop'; Import-Module '$env:OCF_MODULE_MANIFEST'`n" + $Script)
        $pwsh = [Environment]::ProcessPath
        $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $out = & $pwsh @prefix -NoProfile -NonInteractive -File $file 2>&1
        if ($LASTEXITCODE -ne 0) { throw "The fresh pwsh failed ($LASTEXITCODE): $($out -join [Environment]::NewLine)" }
        $out
    }
}

Describe 'A listed plugin that cannot load' {
    BeforeAll {
        # FutureWidget declares widget/future for widget API 2.0; the widget handler implements 1.2.
        $folder = New-TestPluginFolder 'future' @('Ocf.TestModules.WidgetHandler', 'Ocf.TestModules.FutureWidget')
    }

    It 'makes Test-OcfPluginConfiguration report PluginLoadFailed, not an unhandled plugin exception' {
        $out = Invoke-FreshPwsh @"
Add-OcfPluginPath -Path '$folder' | Out-Null
`$err = `$null
`$r = Test-OcfPluginConfiguration -Type widget -Name future -Option @{ future = 'x' } -ErrorVariable err -ErrorAction SilentlyContinue
"output=`$(@(`$r).Count)"
"id=`$(`$err[0].FullyQualifiedErrorId)"
"category=`$(`$err[0].CategoryInfo.Category)"
"message=`$(`$err[0].Exception.Message)"
"@
        $out | Should -Contain 'output=0'
        $out | Should -Contain 'id=PluginLoadFailed,Ocf.PowerShell.Commands.TestOcfPluginConfigurationCommand'
        $out | Should -Contain 'category=ResourceUnavailable'
        ($out -match '^message=') | Should -Match "built for version 2\.0 of the 'widget' plugin API, but the loaded handler implements version 1\.2"
    }

    It 'makes Get-OcfPlugin warn why the plugin''s Fields are unavailable' {
        $out = Invoke-FreshPwsh @"
Add-OcfPluginPath -Path '$folder' | Out-Null
`$w = `$null
`$p = Get-OcfPlugin widget future -WarningVariable w -WarningAction SilentlyContinue
"name=`$(`$p.Name)"
"warnings=`$(@(`$w).Count)"
"warning=`$(`$w[0])"
`$w2 = `$null
`$null = Get-OcfPlugin -Type widget -Name basic* -WarningVariable w2 -WarningAction SilentlyContinue
"listing=`$(@(`$w2).Count)"
"@
        $out | Should -Contain 'name=future'
        $out | Should -Contain 'warnings=1'
        ($out -match '^warning=') | Should -Match "widget/future cannot be loaded .*built for version 2\.0 of the 'widget' plugin API.*major versions must match"
        # A listing of other widgets (now that the handler is loaded) does not warn about them.
        $out | Should -Contain 'listing=0'
    }

    It 'lets Get-OcfPlugin warn in a listing once the handler is loaded, without loading any module itself' {
        $out = Invoke-FreshPwsh @"
Add-OcfPluginPath -Path '$folder' | Out-Null
`$w = `$null
`$null = Get-OcfPlugin -Type widget -WarningVariable w -WarningAction SilentlyContinue
"before=`$(@(`$w).Count)"
"loaded=`$((Get-OcfPluginModule).Name -contains 'Ocf.TestModules.WidgetHandler')"
Import-OcfPluginModule -Name Ocf.TestModules.WidgetHandler | Out-Null
`$w = `$null
`$null = Get-OcfPlugin -Type widget -WarningVariable w -WarningAction SilentlyContinue
"after=`$(@(`$w).Count)"
"@
        $out | Should -Contain 'before=0'
        $out | Should -Contain 'loaded=False'
        $out | Should -Contain 'after=1'
    }
}

Describe 'Tab completion of plugin types and names' -Skip:(-not $IsLinux) {
    It 'completes -Type and -Name for encoding without running any external agent' {
        # A probe agent alone in OCF_FENCE_AGENT_PATH records every run (technique of Plugins.Tests.ps1). Completing
        # -Type (catalog types come from what the catalog declares) and -Name for encoding must not run it; a wildcard
        # stonith listing (the control) must.
        $probe = New-ProbeAgent 'complete-probe'
        $dir, $log = $probe.Dir, $probe.Log
        try {
            $out = Invoke-FreshPwsh @"
`$env:OCF_FENCE_AGENT_PATH = '$dir'
function Complete([string] `$line) { (TabExpansion2 -inputScript `$line -cursorColumn `$line.Length).CompletionMatches.CompletionText -join ',' }
"enc=`$(Complete 'Get-OcfPlugin -Type enc')"
"res=`$(Complete 'Get-OcfPlugin -Type res')"
"name=`$(Complete 'Get-OcfPlugin -Type encoding -Name h')"
"testname=`$(Complete 'Test-OcfPluginConfiguration -Type encoding -Name ocf')"
"ranBefore=`$(Test-Path '$log')"
`$null = Get-OcfPlugin -Type stonith -Name fence_zz* -WarningAction SilentlyContinue
"ranAfter=`$(Test-Path '$log')"
"@
            $out | Should -Contain 'enc=encoding'
            # 'resource' has no handler: it is offered because the external-agent catalog declares it.
            $out | Should -Contain 'res=resource'
            $out | Should -Contain 'name=ha-msg'
            $out | Should -Contain 'testname=ocf-xml'
            $out | Should -Contain 'ranBefore=False'
            $out | Should -Contain 'ranAfter=True'
        }
        finally { Remove-Item $dir -Recurse -Force }
    }
}
