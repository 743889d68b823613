#Requires -Version 7.4
<#
.SYNOPSIS
    Times `Import-Module Ocf` cold in a fresh pwsh (target: under 0.5 s for the import itself) and the first
    Get-OcfPlugin -Type stonith (which imports the installed fence agents' metadata).

.DESCRIPTION
    Run from the repository root (Linux or Windows; the first-use figures need fence-agents/resource-agents to mean much):

        dotnet pwsh ./build.ps1 -Task Build          # makes out/Ocf/<version>/
        dotnet pwsh bench/import_bench.ps1           # ~2 min on 2 cores

    Measurements (each in a fresh `pwsh -NoProfile -NonInteractive`, the same PowerShell that runs this script: under
    `dotnet pwsh` that is `dotnet <PSHOME>/pwsh.dll`):
      1. bare start-up: `pwsh -NoProfile -c exit`, whole process, median of -Runs (10).
      2. `pwsh -NoProfile -c "Import-Module <Ocf.psd1>"`, whole process, measured the same way. (1) and (2) alternate
         run by run, so a burst of other work on the machine hits both; the import's cost is (2) - (1), reported as the
         difference of the medians and as the median of the paired per-run differences.
      3. The import alone, measured inside each fresh pwsh with a Stopwatch around Import-Module (median of -Runs);
         the run also lists the Ocf assemblies loaded after the import (nothing should be loaded until first needed).
      4. The first `Get-OcfPlugin -Type stonith` after the import (Stopwatch inside a fresh pwsh, median of
         -FirstUseRuns), with the number of plugins it returned and a second call in the same session (cached); and the
         same for `Get-OcfPlugin -Type encoding`, to show what any first Get-OcfPlugin costs.
    Whole processes are timed with a Stopwatch around System.Diagnostics.Process (start to exit, output drained; the
    timer's own overhead is about a millisecond, against ~0.3 s of pwsh start-up). One untimed warm-up run precedes
    each measurement (the OS file cache holds pwsh and the module, as on any machine that has run pwsh before).
    -OutJson writes every figure.

.PARAMETER ModulePath
    The Ocf module: a folder holding <version>/Ocf.psd1 (default: out/Ocf of this checkout) or a .psd1.

.EXAMPLE
    dotnet pwsh bench/import_bench.ps1 -Runs 15 -OutJson /tmp/import.json
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Ocf'),
    [ValidateRange(1, 1000)] [int] $Runs = 10,
    [ValidateRange(1, 1000)] [int] $FirstUseRuns = 5,
    [ValidateRange(0, 100)] [int] $Warmup = 1,
    [string] $OutJson
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

. (Join-Path $PSScriptRoot 'BenchKit.ps1')
$Manifest = Resolve-Manifest $ModulePath
$PwshArgs = $PwshPrefix + @('-NoProfile', '-NonInteractive', '-c')

function New-Result([string] $Name, [double[]] $Seconds, [string] $Method, [string] $Command) {
    [pscustomobject]@{
        Name = $Name; Median = (Get-Median $Seconds); Min = ($Seconds | Measure-Object -Minimum).Minimum
        Max = ($Seconds | Measure-Object -Maximum).Maximum; Runs = $Seconds.Count; Method = $Method; Command = $Command; Samples = $Seconds
    }
}

function Write-Result($r) {
    Write-Host ('  {0,-48} {1,8:0.000} s  (min {2:0.000}, max {3:0.000}, n={4}; {5})' -f $r.Name, $r.Median, $r.Min, $r.Max, $r.Runs, $r.Method)
}

# Runs a program; returns exit code, stdout and wall time.
function Invoke-Program([string] $File, [string[]] $Arguments) {
    $psi = [Diagnostics.ProcessStartInfo]::new($File)
    foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.RedirectStandardInput = $true; $psi.UseShellExecute = $false
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $p = [Diagnostics.Process]::Start($psi)
    $p.StandardInput.Close()
    $out = $p.StandardOutput.ReadToEndAsync(); $err = $p.StandardError.ReadToEndAsync()
    $p.WaitForExit()
    $sw.Stop()
    $r = [pscustomobject]@{ ExitCode = $p.ExitCode; Output = $out.Result; Error = $err.Result; Seconds = $sw.Elapsed.TotalSeconds }
    $p.Dispose()
    return $r
}

# Whole fresh pwsh processes, timed from outside, alternating run by run between the scripts (a burst of other work
# on the machine then hits all of them); returns one sample list per script.
function Measure-PwshAlternating([string[]] $Scripts, [int] $Count = $Runs) {
    $samples = [object[]]::new($Scripts.Count)
    for ($k = 0; $k -lt $Scripts.Count; $k++) { $samples[$k] = [Collections.Generic.List[double]]::new() }
    foreach ($i in 1..($Warmup + $Count)) {
        for ($k = 0; $k -lt $Scripts.Count; $k++) {
            $run = Invoke-Program $PwshExe ($PwshArgs + $Scripts[$k])
            if ($run.ExitCode -ne 0) { throw "pwsh -c '$($Scripts[$k])' exited with $($run.ExitCode): $($run.Error)" }
            if ($i -gt $Warmup) { $samples[$k].Add($run.Seconds) }
        }
    }
    return , $samples
}

# Fresh pwsh processes that print one JSON line of inner timings; returns the parsed lines (after the warm-up runs).
function Invoke-PwshProbe([string] $Script, [int] $Count) {
    foreach ($i in 1..($Warmup + $Count)) {
        $run = Invoke-Program $PwshExe ($PwshArgs + $Script)
        if ($run.ExitCode -ne 0) { throw "probe exited with $($run.ExitCode): $($run.Error)$($run.Output)" }
        if ($i -gt $Warmup) {
            $o = ($run.Output.Trim() -split "`n")[-1] | ConvertFrom-Json
            $o | Add-Member -NotePropertyName wall -NotePropertyValue $run.Seconds -PassThru
        }
    }
}

$load = (Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' '
Write-Host "Module $Manifest"
Write-Host "pwsh: $PwshExe $($PwshPrefix -join ' ') ($($PSVersionTable.PSVersion)); $([Environment]::ProcessorCount) cores; load average $(if ($load) { $load[0..2] -join ' ' } else { 'n/a' })"
Write-Host "Whole processes timed with a Stopwatch around Process; $Warmup warm-up run(s) each."

$results = [Collections.Generic.List[object]]::new()
Write-Host "`nImport-Module Ocf, cold (fresh pwsh each run)"
$importScript = "Import-Module '$Manifest'"
$pair = Measure-PwshAlternating @('exit', $importScript)
$bare = New-Result 'bare: pwsh -NoProfile -c exit' ([double[]]$pair[0]) 'Stopwatch+Process, alternating' 'pwsh -NoProfile -NonInteractive -c exit'
Write-Result $bare; $results.Add($bare)
$import = New-Result 'pwsh -NoProfile -c "Import-Module Ocf"' ([double[]]$pair[1]) 'Stopwatch+Process, alternating' "pwsh -NoProfile -NonInteractive -c `"$importScript`""
Write-Result $import; $results.Add($import)
$difference = $import.Median - $bare.Median
$paired = Get-Median ([double[]](0..($pair[0].Count - 1) | ForEach-Object { $pair[1][$_] - $pair[0][$_] }))
Write-Host ('  {0,-48} {1,8:0.000} s' -f 'import = difference of the medians', $difference)
Write-Host ('  {0,-48} {1,8:0.000} s' -f 'import = median of paired differences', $paired)

$probe = @"
`$sw = [Diagnostics.Stopwatch]::StartNew()
Import-Module '$Manifest'
`$t = `$sw.Elapsed.TotalSeconds
`$ocf = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -like 'Ocf*' } | ForEach-Object { `$_.GetName().Name } | Sort-Object) -join ','
@{ import = `$t; assemblies = `$ocf; all = [AppDomain]::CurrentDomain.GetAssemblies().Count } | ConvertTo-Json -Compress
"@
$inner = @(Invoke-PwshProbe $probe $Runs)
$innerResult = New-Result 'Import-Module alone (Stopwatch inside pwsh)' ([double[]]($inner | ForEach-Object import)) 'Stopwatch inside fresh pwsh' $probe
Write-Result $innerResult; $results.Add($innerResult)
Write-Host "  Ocf assemblies loaded right after the import: $($inner[0].assemblies) (of $($inner[0].all) assemblies in the process)"

foreach ($type in 'stonith', 'encoding') {
    Write-Host "`nFirst Get-OcfPlugin -Type $type (fresh pwsh each run, after Import-Module)"
    $firstUse = @"
Import-Module '$Manifest'
`$sw = [Diagnostics.Stopwatch]::StartNew()
`$p = @(Get-OcfPlugin -Type $type)
`$first = `$sw.Elapsed.TotalSeconds; `$sw.Restart()
`$q = @(Get-OcfPlugin -Type $type)
`$second = `$sw.Elapsed.TotalSeconds
`$ocf = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -like 'Ocf*' } | ForEach-Object { `$_.GetName().Name } | Sort-Object) -join ','
@{ first = `$first; second = `$second; count = `$p.Count; assemblies = `$ocf } | ConvertTo-Json -Compress
"@
    $runsOut = @(Invoke-PwshProbe $firstUse $FirstUseRuns)
    $r1 = New-Result "first Get-OcfPlugin -Type $type" ([double[]]($runsOut | ForEach-Object first)) 'Stopwatch inside fresh pwsh' $firstUse
    $r2 = New-Result "second Get-OcfPlugin -Type $type (same session)" ([double[]]($runsOut | ForEach-Object second)) 'Stopwatch inside fresh pwsh' $firstUse
    $r3 = New-Result "whole process (import + Get-OcfPlugin x2)" ([double[]]($runsOut | ForEach-Object wall)) 'Stopwatch+Process' $firstUse
    foreach ($r in $r1, $r2, $r3) { Write-Result $r; $results.Add($r) }
    Write-Host "  plugins returned: $($runsOut[0].count); Ocf assemblies loaded: $($runsOut[0].assemblies)"
}

$load = (Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' '
Write-Host "`nDone; load average now $(if ($load) { $load[0..2] -join ' ' } else { 'n/a' })."
$verdict = if ($innerResult.Median -lt 0.5 -and $paired -lt 0.5) { 'MET' } else { 'NOT MET' }
Write-Host ("Target Import-Module under 0.5 s: {0} (inside pwsh {1:0.000} s; paired process difference {2:0.000} s)" -f $verdict, $innerResult.Median, $paired)
if ($OutJson) {
    [pscustomobject]@{
        Date = (Get-Date).ToString('o'); Cores = [Environment]::ProcessorCount; LoadAverage = (Get-Content /proc/loadavg -ErrorAction SilentlyContinue)
        Manifest = $Manifest; Pwsh = "$PwshExe $($PwshPrefix -join ' ')"; ImportDifference = $difference; ImportPairedDifference = $paired; Results = $results
    } | ConvertTo-Json -Depth 5 | Set-Content $OutJson
    Write-Host "Results written to $OutJson"
}
