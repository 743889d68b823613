#Requires -Version 7.4
<#
.SYNOPSIS
    Times ConvertTo-OcfXml / ConvertFrom-OcfXml against ConvertTo-Json / ConvertFrom-Json on the same objects.
.DESCRIPTION
    Builds $Count PSCustomObjects (a heartbeat-like record each: scalars of every common kind plus a small array),
    converts them as one document with each pair of cmdlets (-InputObject, -Compress, the same -Depth), and converts
    the text back. Each operation runs once to warm up, then $Repeat times; the best time is reported, with MB/s
    (UTF-8 bytes of the document / time, 1 MB = 10^6 bytes) and objects per second. The round trip is checked: both
    decoders must give back $Count objects with the same Id, Node and Tags.

    Build the module first:  dotnet tool restore; dotnet pwsh ./build.ps1 -Task Build
    Then, from the repository root:  dotnet pwsh ./bench/pwsh_convert_bench.ps1
.PARAMETER ModuleManifest
    The module to import (default: ./out/Ocf, the folder build.ps1 writes).
#>
[CmdletBinding()]
param(
    [string] $ModuleManifest = (Join-Path $PSScriptRoot '../out/Ocf'),
    [int] $Count = 10000,
    [int] $Repeat = 5,
    [int] $Depth = 3
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

Import-Module $ModuleManifest -Force
$missing = 'ConvertTo-OcfXml', 'ConvertFrom-OcfXml' | Where-Object { -not (Get-Command $_ -ErrorAction SilentlyContinue) }
if ($missing) {
    Write-Warning "pending: the module at $ModuleManifest has no $($missing -join ', ')"
    exit 2
}

$epoch = [datetime]::new(2025, 6, 1, 12, 0, 0, [DateTimeKind]::Utc)
$statuses = 'online', 'standby', 'maintenance', 'offline'
$objects = foreach ($i in 0..($Count - 1)) {
    [pscustomobject]@{
        Id      = $i
        Node    = 'node-{0:00}' -f ($i % 16)
        Status  = $statuses[$i % 4]
        Seq     = 4711042 + $i
        Load    = 0.125 + ($i * 7919 % 1000) / 1000
        Online  = ($i % 7) -ne 0
        Seen    = $epoch.AddSeconds($i)
        Message = "monitor of rsc-$($i % 40) on node-$('{0:00}' -f ($i % 16)): ok ($i)"
        Tags    = @('cluster', "rack-$($i % 8)")
    }
}

function Measure-Best([scriptblock] $Action, [int] $Times) {
    $null = & $Action # warm-up (JIT, caches)
    $best = [double]::MaxValue
    for ($r = 0; $r -lt $Times; $r++) {
        [GC]::Collect()
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $null = & $Action
        $sw.Stop()
        $best = [math]::Min($best, $sw.Elapsed.TotalSeconds)
    }
    $best
}

$utf8 = [Text.UTF8Encoding]::new($false)
$json = ConvertTo-Json -InputObject $objects -Depth $Depth -Compress
$xml = ConvertTo-OcfXml -InputObject $objects -Depth $Depth -Compress

# Round trip check: same count and the same values back from both.
$fromJson = @(ConvertFrom-Json -InputObject $json)
$fromXml = @(ConvertFrom-OcfXml -InputObject $xml)
foreach ($pair in @(@('ConvertFrom-Json', $fromJson), @('ConvertFrom-OcfXml', $fromXml))) {
    $name, $back = $pair
    if ($back.Count -ne $Count) { throw "$name gave $($back.Count) objects, not $Count" }
    foreach ($k in 0, 1, ($Count - 1)) {
        $o = $back[$k]
        if ([long]$o.Id -ne $k -or $o.Node -ne $objects[$k].Node -or (($o.Tags) -join ',') -ne ($objects[$k].Tags -join ',')) {
            throw "$name does not give back object $k"
        }
    }
}

$rows = @(
    @{ Op = 'ConvertTo-Json';     Bytes = $utf8.GetByteCount($json); Act = { ConvertTo-Json -InputObject $objects -Depth $Depth -Compress } }
    @{ Op = 'ConvertTo-OcfXml';   Bytes = $utf8.GetByteCount($xml);  Act = { ConvertTo-OcfXml -InputObject $objects -Depth $Depth -Compress } }
    @{ Op = 'ConvertFrom-Json';   Bytes = $utf8.GetByteCount($json); Act = { ConvertFrom-Json -InputObject $json } }
    @{ Op = 'ConvertFrom-OcfXml'; Bytes = $utf8.GetByteCount($xml);  Act = { ConvertFrom-OcfXml -InputObject $xml } }
)

Write-Host ("pwsh {0} on {1}, {2:N0} objects, -Depth {3}, best of {4}" -f $PSVersionTable.PSVersion, [Runtime.InteropServices.RuntimeInformation]::FrameworkDescription, $Count, $Depth, $Repeat)
$results = foreach ($row in $rows) {
    $t = Measure-Best $row.Act $Repeat
    [pscustomobject]@{
        Operation   = $row.Op
        'Doc bytes' = '{0:N0}' -f $row.Bytes
        'ms'        = '{0:N1}' -f ($t * 1000)
        'MB/s'      = '{0:N1}' -f ($row.Bytes / $t / 1e6)
        'objects/s' = '{0:N0}' -f ($Count / $t)
    }
}
$results | Format-Table -AutoSize @{ n = 'Operation'; e = 'Operation' },
    @{ n = 'Doc bytes'; e = 'Doc bytes'; a = 'right' }, @{ n = 'ms'; e = 'ms'; a = 'right' },
    @{ n = 'MB/s'; e = 'MB/s'; a = 'right' }, @{ n = 'objects/s'; e = 'objects/s'; a = 'right' } | Out-String | Write-Host
