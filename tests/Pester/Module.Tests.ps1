BeforeDiscovery {
    # -ForEach data must exist when Pester builds the test list, before any BeforeAll runs.
    $exportedForDiscovery = (Import-PowerShellDataFile $env:OCF_MODULE_MANIFEST).CmdletsToExport
}

BeforeAll {
    $manifest = $env:OCF_MODULE_MANIFEST
    Import-Module $manifest -Force
    $exported = (Import-PowerShellDataFile $manifest).CmdletsToExport
}

Describe 'The Ocf module' {
    It 'has a valid manifest for PowerShell 7.4+ Core' {
        $m = Test-ModuleManifest $manifest
        $m.CompatiblePSEditions | Should -Be @('Core')
        $m.PowerShellVersion | Should -Be ([version]'7.4')
        $m.PrivateData.PSData.ProjectUri | Should -Match '^https://'
    }

    It 'exports exactly the cmdlets its manifest lists' {
        (Get-Command -Module Ocf -CommandType Cmdlet).Name | Sort-Object | Should -Be ($exported | Sort-Object)
    }

    It 'imports in a fresh pwsh -NoProfile from the out folder' {
        $pwsh = [Environment]::ProcessPath
        $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $moduleFolder = Split-Path (Split-Path $manifest)   # out/Ocf (the version folder's parent)
        $names = & $pwsh @prefix -NoProfile -NonInteractive -Command "Import-Module '$moduleFolder'; (Get-Command -Module Ocf).Name -join ','"
        $LASTEXITCODE | Should -Be 0
        ($names -split ',') | Sort-Object | Should -Be ($exported | Sort-Object)
    }

    It 'loads nothing but its own two assemblies until a plugin is first needed' {
        # Import-Module must stay cheap (issue 3: cold import under 0.5 s): no plugin module, no agent catalog.
        $pwsh = [Environment]::ProcessPath
        $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $moduleFolder = Split-Path (Split-Path $manifest)
        $loaded = & $pwsh @prefix -NoProfile -NonInteractive -Command "Import-Module '$moduleFolder'; ([AppDomain]::CurrentDomain.GetAssemblies().GetName().Name | Where-Object { `$_ -like 'Ocf*' } | Sort-Object) -join ','"
        $LASTEXITCODE | Should -Be 0
        $loaded | Should -Be 'Ocf.Framework,Ocf.PowerShell'
        # ...and the first real use loads the plugin module that provides it (here the ha-msg codec).
        $after = & $pwsh @prefix -NoProfile -NonInteractive -Command "Import-Module '$moduleFolder'; `$null = @{a='1'} | ConvertTo-OcfXml -Encoding ha-msg; ([AppDomain]::CurrentDomain.GetAssemblies().GetName().Name | Where-Object { `$_ -like 'Ocf*' } | Sort-Object) -join ','"
        $LASTEXITCODE | Should -Be 0
        $after -split ',' | Should -Contain 'Ocf.Plugins.Encoding.HaMsg'
    }

    It 'uses approved verbs and the Ocf noun prefix' {
        $approved = (Get-Verb).Verb
        foreach ($c in Get-Command -Module Ocf) {
            $c.Verb | Should -BeIn $approved
            $c.Noun | Should -Match '^Ocf'
        }
    }
}

Describe 'Help for every exported cmdlet' {
    It 'shows parameter defaults as the cmdlets set them' {
        (Get-Help ConvertTo-OcfXml -Parameter Depth).defaultValue | Should -Be '2'
        (Get-Help ConvertFrom-OcfXml -Parameter Depth).defaultValue | Should -Be '64'
        (Get-Help ConvertTo-OcfXml -Parameter InputObject).defaultValue | Should -Be 'None'
    }

    It '<_> has a synopsis, described parameters and an example' -ForEach $exportedForDiscovery {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*\S+ \[' # not the auto-generated syntax stand-in
        $help.description.Text | Should -Not -BeNullOrEmpty
        $params = (Get-Command $_).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.Cmdlet]::CommonParameters }
        foreach ($p in $params) {
            $ph = Get-Help $_ -Parameter $p
            ($ph.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$p needs a description"
        }
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        $help.examples.example[0].code | Should -Match $_
    }
}
