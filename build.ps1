#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, demonstrates and benchmarks the Ocf module.
.DESCRIPTION
    Build  assembles the importable module under out/Ocf/<version>/ (manifest, assemblies, format/types files and
           MAML help generated from docs/help).
    Test   builds, runs the xunit tests and the Pester tests (in a fresh pwsh against the built module), prints each
           summary and then one line "N passed, M failed"; exits non-zero on any failure.
    Demo   builds, imports the module in a fresh pwsh and shows what Ocf can do so far.
    Bench  runs the BenchmarkDotNet benchmarks and the Python/pwsh comparison scripts (see docs/performance.md).
    Clean  removes out/ and the bin/obj folders.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Extra arguments for BenchmarkDotNet in -Task Bench (default: every benchmark, short job).
    [string[]] $BenchArgs = @('--filter', '*'),

    # Plugin projects (src/Ocf.Plugins.*) to leave out of the module, e.g. while one is being written.
    [string[]] $ExcludePlugin = @()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$ExcludePlugin = @($ExcludePlugin -split ',' | Where-Object { $_ })   # `dotnet pwsh -File` passes "a,b" as one string
$Version = (Import-PowerShellDataFile (Join-Path $Root 'Ocf.psd1')).ModuleVersion
$OutRoot = Join-Path $Root 'out'
$ModuleRoot = Join-Path $OutRoot 'Ocf'
$ModuleDir = Join-Path $ModuleRoot $Version
$ResultsDir = Join-Path $OutRoot 'test-results'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Write-Step([string] $Text) { Write-Host "==> $Text" -ForegroundColor Cyan }

# Runs a script in a fresh pwsh: the same PowerShell that runs this build (the pinned local tool under `dotnet pwsh`).
function Invoke-ChildPwsh {
    param([string] $File, [string[]] $Arguments = @())
    $exe = [Environment]::ProcessPath
    $prefix = @()
    if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
    & $exe @prefix -NoProfile -NonInteractive -File $File @Arguments | Out-Host
    return $LASTEXITCODE
}

function Invoke-Dotnet {
    param([string[]] $Arguments)
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    Write-Step "Building Ocf $Version ($Configuration)"
    Invoke-Dotnet @('build', (Join-Path $Root 'src/Ocf.PowerShell/Ocf.PowerShell.csproj'), '-c', $Configuration, '--nologo', '-v', 'q', '-clp:NoSummary')
    $bin = Join-Path $Root "src/Ocf.PowerShell/bin/$Configuration/net8.0"

    if (Test-Path $ModuleRoot) { Remove-Item $ModuleRoot -Recurse -Force }
    New-Item -ItemType Directory -Path $ModuleDir, (Join-Path $ModuleDir 'en-US') -Force | Out-Null
    Copy-Item (Join-Path $Root 'Ocf.psd1') $ModuleDir
    foreach ($name in 'Ocf.PowerShell.dll', 'Ocf.PowerShell.pdb', 'Ocf.Framework.dll', 'Ocf.Framework.pdb', 'Ocf.Format.ps1xml', 'Ocf.Types.ps1xml') {
        Copy-Item (Join-Path $bin $name) $ModuleDir
    }
    # The framework's own dependencies (logging abstractions), which pwsh does not carry.
    Get-ChildItem (Join-Path $Root "src/Ocf.Framework/bin/$Configuration/net8.0") -Filter 'Microsoft.Extensions.*.dll' | Copy-Item -Destination $ModuleDir

    # Loadable plugin modules: each in plugins/<Name>/ with its private dependencies (the framework is shared, never copied).
    foreach ($proj in Get-ChildItem (Join-Path $Root 'src') -Filter 'Ocf.Plugins.*.csproj' -Recurse | Where-Object BaseName -NotIn $ExcludePlugin) {
        Invoke-Dotnet @('build', $proj.FullName, '-c', $Configuration, '--nologo', '-v', 'q', '-clp:NoSummary')
        $pluginBin = Join-Path $proj.DirectoryName "bin/$Configuration/net8.0"
        $target = Join-Path $ModuleDir "plugins/$($proj.BaseName)"
        New-Item -ItemType Directory -Path $target -Force | Out-Null
        # Subfolders too: runtimes/<rid>/ holds the real platform assemblies (e.g. System.IO.Ports), not placeholders.
        Get-ChildItem $pluginBin -Recurse -File | Where-Object Name -NotLike 'Ocf.Framework.*' | ForEach-Object {
            $relative = [IO.Path]::GetRelativePath($pluginBin, $_.FullName)
            $destination = Join-Path $target $relative
            New-Item -ItemType Directory -Path (Split-Path $destination) -Force | Out-Null
            Copy-Item $_.FullName $destination
        }
    }

    # Test plugin modules the Pester tests copy into plugin folders of their own (out/test-modules/<Name>/, never in the module).
    foreach ($name in 'Ocf.TestModules.WidgetHandler', 'Ocf.TestModules.Widgets', 'Ocf.TestModules.FutureWidget', 'Ocf.TestModules.TsvCodec') {
        Invoke-Dotnet @('build', (Join-Path $Root "tests/Modules/$name/$name.csproj"), '-c', $Configuration, '--nologo', '-v', 'q', '-clp:NoSummary')
    }

    # The node daemon, beside plugins/ (it finds them as ../plugins).
    Invoke-Dotnet @('build', (Join-Path $Root 'src/Ocfd/Ocfd.csproj'), '-c', $Configuration, '--nologo', '-v', 'q', '-clp:NoSummary')
    $daemonDir = Join-Path $ModuleDir 'ocfd'
    New-Item -ItemType Directory -Path $daemonDir -Force | Out-Null
    Copy-Item (Join-Path $Root "src/Ocfd/bin/$Configuration/net8.0/*") $daemonDir -Recurse

    Write-Step 'Generating MAML help from docs/help'
    $helpFile = Join-Path $ModuleDir 'en-US/Ocf.PowerShell.dll-Help.xml'
    $rc = Invoke-ChildPwsh (Join-Path $Root 'tools/New-OcfMamlHelp.ps1') @('-ModuleManifest', (Join-Path $ModuleDir 'Ocf.psd1'), '-HelpSource', (Join-Path $Root 'docs/help'), '-OutFile', $helpFile)
    if ($rc -ne 0) { throw "MAML help generation failed (exit code $rc)" }
    Write-Host "Module: $ModuleDir"
}

# Reads passed/failed counts from a VSTest TRX file.
function Read-TrxCounts([string] $Path) {
    if (-not (Test-Path $Path)) { return $null }
    [xml] $trx = Get-Content -Raw $Path
    $c = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$c.passed; Failed = [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted; Skipped = [Math]::Max([int]$c.notExecuted, [int]$c.total - [int]$c.executed) } # xunit's skips count as not executed
}

function Get-PesterModulePath {
    Invoke-Dotnet @('restore', (Join-Path $Root 'tests/Pester/Pester.Restore.csproj'), '--nologo', '-v', 'q')
    $globalPackages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $psd1 = Join-Path $globalPackages.Trim() 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $psd1)) { throw "Pester 5.7.1 was not found at $psd1 after restore." }
    return $psd1
}

function Invoke-Test {
    $failedToRun = 0
    try { Invoke-Build } catch { Write-Host "Build failed: $_" -ForegroundColor Red; Write-Host '0 passed, 1 failed'; exit 1 }
    New-Item -ItemType Directory -Path $ResultsDir -Force | Out-Null
    Get-ChildItem $ResultsDir -File | Remove-Item -Force

    Write-Step 'xunit tests'
    $env:OCF_MODULE_MANIFEST = Join-Path $ModuleDir 'Ocf.psd1'
    $trx = Join-Path $ResultsDir 'unit.trx'
    & dotnet test (Join-Path $Root 'tests/Unit/Ocf.Tests.Unit.csproj') -c $Configuration --nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' --results-directory $ResultsDir
    $unit = Read-TrxCounts $trx
    if ($null -eq $unit) { Write-Host 'xunit produced no results (build or run failure).' -ForegroundColor Red; $failedToRun++ ; $unit = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 } }
    Write-Host ("xunit:  {0} passed, {1} failed, {2} skipped" -f $unit.Passed, $unit.Failed, $unit.Skipped)

    # The datetime round trips again in a zone with an offset and DST gaps (the machine's zone is UTC on CI), so the
    # Local-kind semantics are exercised; TZ is how .NET picks the zone on Linux and macOS (Windows ignores it).
    $hasZone = try { $null = [TimeZoneInfo]::FindSystemTimeZoneById('America/New_York'); $true } catch { $false }
    if (-not $IsWindows -and -not $hasZone) { Write-Host 'No time-zone database (tzdata): the TZ=America/New_York datetime run is left out.' -ForegroundColor Yellow }
    if (-not $IsWindows -and $hasZone) {
        Write-Step 'xunit datetime tests again under TZ=America/New_York'
        $tzTrx = Join-Path $ResultsDir 'unit-tz.trx'
        $oldTz = $env:TZ
        $env:TZ = 'America/New_York'
        try {
            & dotnet test (Join-Path $Root 'tests/Unit/Ocf.Tests.Unit.csproj') -c $Configuration --nologo --no-build `
                --filter 'FullyQualifiedName~Ocf.Tests.Encoding.PropertyTests|FullyQualifiedName~Ocf.Tests.Encoding.RoundTripTests|FullyQualifiedName~Ocf.Tests.Encoding.OcfXmlLexicalFormTests' `
                --logger "trx;LogFileName=$tzTrx" --logger 'console;verbosity=minimal' --results-directory $ResultsDir
        }
        finally { $env:TZ = $oldTz }
        $tz = Read-TrxCounts $tzTrx
        if ($null -eq $tz -or ($tz.Passed + $tz.Failed) -eq 0) { Write-Host 'The TZ run produced no results.' -ForegroundColor Red; $failedToRun++ }
        else {
            Write-Host ("xunit (TZ=America/New_York): {0} passed, {1} failed" -f $tz.Passed, $tz.Failed)
            $unit = [pscustomobject]@{ Passed = $unit.Passed + $tz.Passed; Failed = $unit.Failed + $tz.Failed; Skipped = $unit.Skipped + $tz.Skipped }
        }
    }

    Write-Step 'Pester tests (fresh pwsh, built module)'
    $pesterJson = Join-Path $ResultsDir 'pester.json'
    $pester = $null
    try {
        $pesterPath = Get-PesterModulePath
        $null = Invoke-ChildPwsh (Join-Path $Root 'tests/Pester/Invoke-OcfPesterRun.ps1') @('-PesterPath', $pesterPath, '-ModuleManifest', $env:OCF_MODULE_MANIFEST, '-ResultPath', $pesterJson)
        if (Test-Path $pesterJson) { $pester = Get-Content -Raw $pesterJson | ConvertFrom-Json }
    }
    catch { Write-Host "Pester could not run: $_" -ForegroundColor Red }
    if ($null -eq $pester) { Write-Host 'Pester produced no results.' -ForegroundColor Red; $failedToRun++; $pester = [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0 } }
    Write-Host ("Pester: {0} passed, {1} failed, {2} skipped" -f $pester.Passed, $pester.Failed, $pester.Skipped)

    $passed = $unit.Passed + $pester.Passed
    $failed = $unit.Failed + $pester.Failed + $failedToRun
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
    exit 0
}

function Invoke-Demo {
    Invoke-Build
    Write-Step 'Demo'
    $rc = Invoke-ChildPwsh (Join-Path $Root 'tools/Demo.ps1') @('-ModuleManifest', (Join-Path $ModuleDir 'Ocf.psd1'))
    if ($rc -ne 0) { throw "The demo failed (exit code $rc)" }
}

function Invoke-Bench {
    Invoke-Build
    Write-Step 'BenchmarkDotNet (see docs/performance.md)'
    Invoke-Dotnet (@('run', '-c', 'Release', '--project', (Join-Path $Root 'bench/Ocf.Benchmarks/Ocf.Benchmarks.csproj'), '--') + $BenchArgs)
    $py = Get-Command python3 -ErrorAction SilentlyContinue
    if ($py) {
        Write-Step 'Python xmlrpc.client on the same XML-RPC payload'
        & $py.Source (Join-Path $Root 'bench/python_xmlrpc_bench.py')
    }
    Write-Step 'ConvertTo/From-OcfXml vs ConvertTo/From-Json in pwsh'
    $null = Invoke-ChildPwsh (Join-Path $Root 'bench/pwsh_convert_bench.ps1') @('-ModuleManifest', (Join-Path $ModuleDir 'Ocf.psd1'))
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Clean' {
        if (Test-Path $OutRoot) { Remove-Item $OutRoot -Recurse -Force }
        Get-ChildItem $Root -Directory -Recurse -Include bin, obj | Remove-Item -Recurse -Force
    }
}
