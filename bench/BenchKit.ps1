# Shared by the pwsh benchmark harnesses (import_bench.ps1, stonith_bench.ps1): dot-source it.

# The module manifest: a .psd1, or a folder with <version>/Ocf.psd1 (out/Ocf), or a folder with Ocf.psd1.
function Resolve-Manifest([string] $Path) {
    $full = (Resolve-Path $Path).Path
    if ($full.EndsWith('.psd1')) { return $full }
    if (Test-Path (Join-Path $full 'Ocf.psd1')) { return (Join-Path $full 'Ocf.psd1') }
    $psd1 = Get-ChildItem $full -Filter Ocf.psd1 -Recurse -Depth 1 | Sort-Object { [version]$_.Directory.Name } -Descending | Select-Object -First 1
    if (-not $psd1) { throw "No Ocf.psd1 under ${full}: run 'dotnet pwsh ./build.ps1 -Task Build' first." }
    return $psd1.FullName
}

# A fresh pwsh the way build.ps1 starts one: the same PowerShell that runs the harness (the pinned local tool under
# `dotnet pwsh` is `dotnet <PSHOME>/pwsh.dll`).
$PwshExe = [Environment]::ProcessPath
$PwshPrefix = @()
if ([IO.Path]::GetFileNameWithoutExtension($PwshExe) -eq 'dotnet') { $PwshPrefix = @(Join-Path $PSHOME 'pwsh.dll') }

function Get-Median([double[]] $Values) {
    $s = @($Values | Sort-Object)
    if ($s.Count -eq 0) { return [double]::NaN }
    if ($s.Count % 2) { return $s[[int][math]::Floor($s.Count / 2)] }
    return ($s[$s.Count / 2 - 1] + $s[$s.Count / 2]) / 2
}
