#Requires -Version 7.4
<#
.SYNOPSIS
    Times fencing operations (status, off, on, reboot/reset) against OpenIPMI's ipmi_sim: Ocf in a warm pwsh and in a
    cold pwsh, fence_ipmilan with and without its power_wait, cluster-glue's C ipmilan plugin, and ipmitool.

.DESCRIPTION
    Run from anywhere (Linux; needs openipmi, ipmitool, fence-agents, cluster-glue; hyperfine is used when installed):

        dotnet pwsh ./build.ps1 -Task Build          # makes out/Ocf/<version>/
        dotnet pwsh bench/stonith_bench.ps1          # ~3-4 min on 2 cores

    What it does:
      1. Starts ipmi_sim on 127.0.0.1 at a free UDP port, configured as the xunit fixture does it
         (tests/Unit/Stonith/Ipmi/Fixtures: lan.conf.in with @PORT@/@STATE@/@DIR@ substituted, chassisctl.sh keeping the
         simulated machine's power in <state>/power, fencebmc.emu), and waits until ipmitool reads its power status.
      2. (b) Warm pwsh: imports the module once into this session, creates ipmilan devices (RMCP+ suite 3, and IPMI 1.5
         MD5) with New-OcfStonithDevice, and times Get-OcfPowerStatus and Invoke-OcfReset -Action Off/On/Reboot -Force
         (every off/on/reboot is confirmed by the framework's status polling) with a Stopwatch around the cmdlet call.
      3. (c) Cold pwsh: a fresh `pwsh -NoProfile -c "Import-Module ...; New-OcfStonithDevice ...; Get-OcfPowerStatus ..."`
         (and the same with Invoke-OcfReset -Action Off), timed as a whole process; then one more run that prints a
         Stopwatch breakdown per step (where the time goes).
      4. (d) fence_ipmilan -P -C 3 -a 127.0.0.1 -u <port> -l admin -p fencepw -o status|off|on|reboot, with the default
         power_wait and with --power-wait=0.
      5. (e) cluster-glue's `stonith -t ipmilan hostname=node1 ipaddr=127.0.0.1 port=<port> auth=md5 priv=admin
         login=admin password=fencepw` with -S (device status: a session, no power query), -T off|on|reset node1
         (commands sent, not verified; reset is a hard-reset pulse), and `stonith -t ipmilan -n` (process start-up and
         plugin load, no device contact).
         The C plugin takes a port parameter, so no network namespace is needed. It speaks IPMI 1.5 only.
      6. ipmitool for reference: -I lanplus -C 3 and -I lan -A MD5, chassis power status|off|on.
      7. (f) Head to head for the targets: Ocf's verified off (warm pwsh, RMCP+ and IPMI 1.5), the C plugin's off and
         fence_ipmilan's off with --power-wait=0, alternating round by round so all see the same load; prints the
         median per-round ratios against the targets (Ocf within 1.5x of the C plugin, at least 10x faster than
         fence_ipmilan at power_wait 0).
    Before every timed off/reboot/reset the simulated machine is switched on, before every on it is switched off
    (writing <state>/power, not timed), so each command really changes the state (fence_ipmilan skips the command when
    the machine is already in the wanted state). Every run's success is checked (exit codes; Ocf results' Success/State).
    External commands are timed by hyperfine (-N: no shell; --prepare for the power state) when it is installed,
    otherwise by a Stopwatch around System.Diagnostics.Process (-NoHyperfine forces that). Results: medians (and
    min/max) in seconds, printed as a table; -OutJson writes every figure. ipmi_sim is killed at the end (finally).

.PARAMETER ModulePath
    The Ocf module to import: a folder holding <version>/Ocf.psd1 (default: out/Ocf of this checkout) or a .psd1.

.PARAMETER Runs
    Timed runs per measurement (median of these). Default 9.

.PARAMETER ColdRuns
    Timed runs of the cold pwsh measurements (several seconds each). Default 5.

.PARAMETER Warmup
    Untimed runs before each measurement. Default 2.

.PARAMETER SkipDefaultPowerWait
    Leaves out fence_ipmilan with its default power_wait (2 s sleeps: ~45 s of the run).

.PARAMETER NoHyperfine
    Times external commands with a Stopwatch around Process even when hyperfine is installed.

.PARAMETER OutJson
    Writes all results to this JSON file.

.EXAMPLE
    dotnet pwsh bench/stonith_bench.ps1 -Runs 9 -OutJson /tmp/stonith.json
#>
[CmdletBinding()]
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Ocf'),
    [ValidateRange(1, 1000)] [int] $Runs = 9,
    [ValidateRange(1, 1000)] [int] $ColdRuns = 5,
    [ValidateRange(0, 100)] [int] $Warmup = 2,
    [switch] $SkipDefaultPowerWait,
    [switch] $NoHyperfine,
    [string] $OutJson
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$Fixtures = Join-Path $Root 'tests/Unit/Stonith/Ipmi/Fixtures'
$Node = 'node1'
$User = 'admin'
$Password = 'fencepw'

foreach ($tool in 'ipmi_sim', 'ipmitool', 'fence_ipmilan', 'stonith') {
    if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { throw "$tool is not installed (packages: openipmi ipmitool fence-agents cluster-glue)." }
}
$Hyperfine = if ($NoHyperfine) { $null } else { (Get-Command hyperfine -ErrorAction SilentlyContinue)?.Source }

. (Join-Path $PSScriptRoot 'BenchKit.ps1')
$Manifest = Resolve-Manifest $ModulePath

function New-Result([string] $Group, [string] $Name, [double[]] $Seconds, [string] $Method, [string] $Command) {
    [pscustomobject]@{
        Group = $Group; Name = $Name; Median = (Get-Median $Seconds); Min = ($Seconds | Measure-Object -Minimum).Minimum
        Max = ($Seconds | Measure-Object -Maximum).Maximum; Runs = $Seconds.Count; Method = $Method; Command = $Command; Samples = $Seconds
    }
}

# POSIX shell-words quoting (what hyperfine -N splits a command line with).
function ConvertTo-ShellWord([string] $s) {
    if ($s -match '^[A-Za-z0-9_./:=@%+,-]+$') { return $s }
    return "'" + $s.Replace("'", "'\''") + "'"
}

# Runs a program once, returns its exit code (output discarded, stdin closed).
function Invoke-Program([string] $File, [string[]] $Arguments) {
    $psi = [Diagnostics.ProcessStartInfo]::new($File)
    foreach ($a in $Arguments) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.RedirectStandardInput = $true; $psi.UseShellExecute = $false
    $p = [Diagnostics.Process]::Start($psi)
    $p.StandardInput.Close()
    $out = $p.StandardOutput.ReadToEndAsync(); $err = $p.StandardError.ReadToEndAsync()
    $p.WaitForExit()
    $null = $out.Result, $err.Result
    $code = $p.ExitCode
    $p.Dispose()
    return $code
}

# Times a whole external command: hyperfine -N when available, else a Stopwatch around Process. $Power: 'on'/'off'
# sets the simulated machine's power before every run (not timed). $ExpectExit: the exit code each run must give.
function Measure-External {
    param([string] $Group, [string] $Name, [string] $File, [string[]] $Arguments, [string] $Power, [int] $ExpectExit = 0,
          [int] $Count = $Runs, [int] $WarmupCount = $Warmup)
    $commandLine = (@($File) + $Arguments | ForEach-Object { ConvertTo-ShellWord $_ }) -join ' '
    Write-Host ("  {0,-34} " -f $Name) -NoNewline
    if ($Hyperfine) {
        $json = Join-Path $State "hf-$([guid]::NewGuid().ToString('n')).json"
        $hfArgs = @('-N', '--runs', $Count, '--warmup', $WarmupCount, '--export-json', $json, '--style', 'none')
        if ($Power) { $hfArgs += @('--prepare', "sh -c 'echo $(if ($Power -eq 'on') { 1 } else { 0 }) > $PowerFile'") }
        if ($ExpectExit -ne 0) { $hfArgs += '-i' }
        $hfOut = & $Hyperfine @hfArgs $commandLine 2>&1   # its warnings (outliers) are not printed; the min/max columns show them
        if ($LASTEXITCODE -ne 0) { throw "hyperfine failed on: $commandLine`n$hfOut" }
        $r = (Get-Content -Raw $json | ConvertFrom-Json).results[0]
        Remove-Item $json
        $bad = @($r.exit_codes | Where-Object { $_ -ne $ExpectExit })
        if ($bad.Count) { throw "$Name exited with $($bad -join ',') (expected $ExpectExit): $commandLine" }
        $result = New-Result $Group $Name ([double[]]$r.times) 'hyperfine -N' $commandLine
    }
    else {
        $samples = foreach ($i in 1..($WarmupCount + $Count)) {
            if ($Power) { Set-Power ($Power -eq 'on') }
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $code = Invoke-Program $File $Arguments
            $sw.Stop()
            if ($code -ne $ExpectExit) { throw "$Name exited with $code (expected $ExpectExit): $commandLine" }
            if ($i -gt $WarmupCount) { $sw.Elapsed.TotalSeconds }
        }
        $result = New-Result $Group $Name ([double[]]$samples) 'Stopwatch+Process' $commandLine
    }
    Write-Host ('{0,8:0.0000} s  (min {1:0.0000}, max {2:0.0000}, n={3})' -f $result.Median, $result.Min, $result.Max, $result.Runs)
    return $result
}

# Times a script block in this (warm) session with a Stopwatch; $Check validates each run's output.
function Measure-InSession {
    param([string] $Group, [string] $Name, [scriptblock] $Action, [scriptblock] $Check, [string] $Power, [string] $Command)
    Write-Host ("  {0,-34} " -f $Name) -NoNewline
    $samples = foreach ($i in 1..($Warmup + $Runs)) {
        if ($Power) { Set-Power ($Power -eq 'on') }
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $out = & $Action
        $sw.Stop()
        if (-not (& $Check $out)) { throw "$Name failed: $($out | Out-String)" }
        if ($i -gt $Warmup) { $sw.Elapsed.TotalSeconds }
    }
    $result = New-Result $Group $Name ([double[]]$samples) 'Stopwatch in session' $Command
    Write-Host ('{0,8:0.0000} s  (min {1:0.0000}, max {2:0.0000}, n={3})' -f $result.Median, $result.Min, $result.Max, $result.Runs)
    return $result
}

function Set-Power([bool] $On) { [IO.File]::WriteAllText($PowerFile, $(if ($On) { "1`n" } else { "0`n" })) }

function Get-FreeUdpPort {
    $probe = [Net.Sockets.UdpClient]::new([Net.IPEndPoint]::new([Net.IPAddress]::Loopback, 0))
    try { return $probe.Client.LocalEndPoint.Port } finally { $probe.Dispose() }
}

$State = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "ocf-stonith-bench-$PID-$([guid]::NewGuid().ToString('n').Substring(0, 8))")).FullName
$PowerFile = Join-Path $State 'power'
$sim = $null
$results = [Collections.Generic.List[object]]::new()
try {
    # ------------------------------------------------------------------ ipmi_sim, as the xunit fixture runs it
    Copy-Item (Join-Path $Fixtures 'chassisctl.sh'), (Join-Path $Fixtures 'fencebmc.emu') $State
    $Port = Get-FreeUdpPort
    (Get-Content -Raw (Join-Path $Fixtures 'lan.conf.in')).Replace('@PORT@', "$Port").Replace('@STATE@', $State).Replace('@DIR@', $State) |
        Set-Content -NoNewline (Join-Path $State 'lan.conf')
    Set-Power $true
    $psi = [Diagnostics.ProcessStartInfo]::new('sh')
    # exec: the shell becomes ipmi_sim (same PID); its output goes to a log file, so nothing has to drain pipes.
    foreach ($a in '-c', 'exec ipmi_sim -n -c "$1/lan.conf" -f "$1/fencebmc.emu" -s "$1" </dev/null >"$1/ipmi_sim.log" 2>&1', 'sh', $State) { $psi.ArgumentList.Add($a) }
    $psi.UseShellExecute = $false
    $sim = [Diagnostics.Process]::Start($psi)
    $IpmitoolPlus = @('-I', 'lanplus', '-C', '3', '-H', '127.0.0.1', '-p', "$Port", '-U', $User, '-P', $Password)
    $IpmitoolLan = @('-I', 'lan', '-A', 'MD5', '-H', '127.0.0.1', '-p', "$Port", '-U', $User, '-P', $Password)
    $deadline = [DateTime]::UtcNow.AddSeconds(15)
    while ((Invoke-Program 'ipmitool' ($IpmitoolPlus + 'chassis', 'power', 'status')) -ne 0) {
        if ($sim.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "ipmi_sim on port $Port did not answer: $(Get-Content -Raw (Join-Path $State 'ipmi_sim.log'))" }
        Start-Sleep -Milliseconds 50
    }
    $load = (Get-Content /proc/loadavg) -split ' '
    Write-Host "ipmi_sim pid $($sim.Id) on 127.0.0.1:$Port (state $State); load average $($load[0..2] -join ' '); $([Environment]::ProcessorCount) cores"
    Write-Host "Timing external commands with $(if ($Hyperfine) { "hyperfine -N ($Hyperfine)" } else { 'a Stopwatch around Process' }); medians of $Runs after $Warmup warm-up runs."

    # ------------------------------------------------------------------ (b) Ocf in a warm pwsh
    Write-Host "`n(b) Ocf in this pwsh, warm (module $Manifest)"
    $sw = [Diagnostics.Stopwatch]::StartNew()
    Import-Module $Manifest -Force
    $importSeconds = $sw.Elapsed.TotalSeconds
    $pw = ConvertTo-SecureString $Password -AsPlainText -Force
    $sw.Restart()
    $devPlus = New-OcfStonithDevice -Type ipmilan -Name bmc-lanplus -Ip 127.0.0.1 -Ipport $Port -Username $User -Password $pw -Hostname $Node
    $firstDeviceSeconds = $sw.Elapsed.TotalSeconds
    $sw.Restart()
    $first = Get-OcfPowerStatus -Device $devPlus -Node $Node
    $firstStatusSeconds = $sw.Elapsed.TotalSeconds
    if ($first.State -ne 'On') { throw "first status: $($first | Out-String)" }
    $dev15 = New-OcfStonithDevice -Type ipmilan -Name bmc-ipmi15 -Ip 127.0.0.1 -Ipport $Port -Username $User -Password $pw -Hostname $Node -Lanplus:$false -Authtype md5
    Write-Host ("  once: Import-Module {0:0.000} s, first New-OcfStonithDevice -Type ipmilan {1:0.000} s, first Get-OcfPowerStatus {2:0.000} s" -f $importSeconds, $firstDeviceSeconds, $firstStatusSeconds)
    foreach ($d in @(@{ Dev = $devPlus; Label = 'RMCP+' }, @{ Dev = $dev15; Label = 'IPMI 1.5' })) {
        $dev = $d.Dev
        $g = "Ocf warm pwsh ($($d.Label))"
        $results.Add((Measure-InSession $g "status $($d.Label)" { Get-OcfPowerStatus -Device $dev -Node $Node } { param($o) $o.State -eq 'On' } -Power on -Command 'Get-OcfPowerStatus -Device $dev -Node node1'))
        $results.Add((Measure-InSession $g "off $($d.Label)" { Invoke-OcfReset -Device $dev -Node $Node -Action Off -Force } { param($o) $o.Success -and $o.State -eq 'Off' } -Power on -Command 'Invoke-OcfReset -Device $dev -Node node1 -Action Off -Force'))
        $results.Add((Measure-InSession $g "on $($d.Label)" { Invoke-OcfReset -Device $dev -Node $Node -Action On -Force } { param($o) $o.Success -and $o.State -eq 'On' } -Power off -Command 'Invoke-OcfReset -Device $dev -Node node1 -Action On -Force'))
        $results.Add((Measure-InSession $g "reboot $($d.Label)" { Invoke-OcfReset -Device $dev -Node $Node -Action Reboot -Force } { param($o) $o.Success -and $o.State -eq 'On' } -Power on -Command 'Invoke-OcfReset -Device $dev -Node node1 -Action Reboot -Force'))
    }

    # ------------------------------------------------------------------ (c) Ocf in a cold pwsh
    Write-Host "`n(c) Ocf in a fresh pwsh -NoProfile -c (whole process, including Import-Module)"
    $newDevice = "`$d = New-OcfStonithDevice -Type ipmilan -Name bmc -Ip 127.0.0.1 -Ipport $Port -Username $User -Password (ConvertTo-SecureString $Password -AsPlainText -Force) -Hostname $Node"
    $coldStatus = "Import-Module '$Manifest'; $newDevice; `$r = Get-OcfPowerStatus -Device `$d -Node $Node; if (`$r.State -ne [Ocf.Stonith.OcfPowerState]::On) { exit 3 }"
    $coldOff = "Import-Module '$Manifest'; $newDevice; `$r = Invoke-OcfReset -Device `$d -Node $Node -Action Off -Force; if (-not `$r.Success) { exit 3 }"
    $pwshArgs = $PwshPrefix + @('-NoProfile', '-NonInteractive', '-c')
    $results.Add((Measure-External 'Ocf cold pwsh' 'bare pwsh -NoProfile -c exit' $PwshExe ($pwshArgs + 'exit') -Count $ColdRuns -WarmupCount 1))
    $results.Add((Measure-External 'Ocf cold pwsh' 'status (cold, RMCP+)' $PwshExe ($pwshArgs + $coldStatus) -Power on -Count $ColdRuns -WarmupCount 1))
    $results.Add((Measure-External 'Ocf cold pwsh' 'off (cold, RMCP+)' $PwshExe ($pwshArgs + $coldOff) -Power on -Count $ColdRuns -WarmupCount 1))
    # Where the time goes: one more cold run with a Stopwatch per step.
    $profileScript = @"
`$sw = [Diagnostics.Stopwatch]::StartNew(); `$t = [ordered]@{}
Import-Module '$Manifest'; `$t.import = `$sw.Elapsed.TotalSeconds; `$sw.Restart()
$newDevice; `$t.newDevice = `$sw.Elapsed.TotalSeconds; `$sw.Restart()
`$null = Get-OcfPowerStatus -Device `$d -Node $Node; `$t.firstStatus = `$sw.Elapsed.TotalSeconds; `$sw.Restart()
`$null = Get-OcfPowerStatus -Device `$d -Node $Node; `$t.secondStatus = `$sw.Elapsed.TotalSeconds; `$sw.Restart()
`$t.ocfAssemblies = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -like 'Ocf.*' } | ForEach-Object { `$_.GetName().Name }) -join ','
`$t | ConvertTo-Json -Compress
"@
    Set-Power $true
    $breakdown = & $PwshExe @PwshPrefix -NoProfile -NonInteractive -c $profileScript | Select-Object -Last 1 | ConvertFrom-Json
    Write-Host ("  breakdown of one cold run: Import-Module {0:0.000} s | New-OcfStonithDevice -Type ipmilan {1:0.000} s | first Get-OcfPowerStatus {2:0.000} s | second {3:0.000} s" -f
        $breakdown.import, $breakdown.newDevice, $breakdown.firstStatus, $breakdown.secondStatus)
    Write-Host "  Ocf assemblies loaded by then: $($breakdown.ocfAssemblies)"
    # The same with the plugin catalog read first (Get-OcfPlugin imports every external agent's metadata): if
    # New-OcfStonithDevice then takes milliseconds, its cold cost above was that import.
    $catalogFirst = @"
`$sw = [Diagnostics.Stopwatch]::StartNew(); `$t = [ordered]@{}
Import-Module '$Manifest'; `$t.import = `$sw.Elapsed.TotalSeconds; `$sw.Restart()
`$null = Get-OcfPlugin; `$t.getPlugin = `$sw.Elapsed.TotalSeconds; `$sw.Restart()
$newDevice; `$t.newDevice = `$sw.Elapsed.TotalSeconds; `$sw.Restart()
`$null = Get-OcfPowerStatus -Device `$d -Node $Node; `$t.firstStatus = `$sw.Elapsed.TotalSeconds
`$t | ConvertTo-Json -Compress
"@
    Set-Power $true
    $breakdown2 = & $PwshExe @PwshPrefix -NoProfile -NonInteractive -c $catalogFirst | Select-Object -Last 1 | ConvertFrom-Json
    Write-Host ("  with the catalog read first:     Import-Module {0:0.000} s | Get-OcfPlugin (all agents' metadata) {1:0.000} s | New-OcfStonithDevice {2:0.000} s | first Get-OcfPowerStatus {3:0.000} s" -f
        $breakdown2.import, $breakdown2.getPlugin, $breakdown2.newDevice, $breakdown2.firstStatus)

    # ------------------------------------------------------------------ (d) fence_ipmilan
    $fence = @('-P', '-C', '3', '-a', '127.0.0.1', '-u', "$Port", '-l', $User, '-p', $Password)
    foreach ($pwArgs in @(@{ Label = 'power_wait 0'; Extra = @('--power-wait=0') }, @{ Label = 'default power_wait'; Extra = @() })) {
        if ($SkipDefaultPowerWait -and $pwArgs.Label -eq 'default power_wait') { continue }
        Write-Host "`n(d) fence_ipmilan ($($pwArgs.Label))"
        $g = "fence_ipmilan ($($pwArgs.Label))"
        # With its default power_wait an operation takes 2-4 s: 5 runs (the anchors' count) after 1 warm-up.
        $n = if ($pwArgs.Label -eq 'default power_wait') { 5 } else { $Runs }
        $w = if ($pwArgs.Label -eq 'default power_wait') { 1 } else { $Warmup }
        $results.Add((Measure-External $g "status ($($pwArgs.Label))" 'fence_ipmilan' ($fence + $pwArgs.Extra + '-o', 'status') -Power on -Count $n -WarmupCount $w))
        $results.Add((Measure-External $g "off ($($pwArgs.Label))" 'fence_ipmilan' ($fence + $pwArgs.Extra + '-o', 'off') -Power on -Count $n -WarmupCount $w))
        $results.Add((Measure-External $g "on ($($pwArgs.Label))" 'fence_ipmilan' ($fence + $pwArgs.Extra + '-o', 'on') -Power off -Count $n -WarmupCount $w))
        $results.Add((Measure-External $g "reboot ($($pwArgs.Label))" 'fence_ipmilan' ($fence + $pwArgs.Extra + '-o', 'reboot') -Power on -Count $n -WarmupCount $w))
    }

    # ------------------------------------------------------------------ (e) cluster-glue's C ipmilan plugin (IPMI 1.5)
    Write-Host "`n(e) cluster-glue stonith -t ipmilan (C, IPMI 1.5 MD5)"
    $glue = @('-t', 'ipmilan', 'hostname=node1', 'ipaddr=127.0.0.1', "port=$Port", 'auth=md5', 'priv=admin', "login=$User", "password=$Password")
    $g = 'cluster-glue ipmilan (C)'
    $results.Add((Measure-External $g 'start-up only (-n: no device contact)' 'stonith' @('-t', 'ipmilan', '-n')))
    $results.Add((Measure-External $g 'status (-S: session only)' 'stonith' ($glue + '-S') -Power on))
    $results.Add((Measure-External $g 'off (-T off, not verified)' 'stonith' ($glue + '-T', 'off', $Node) -Power on))
    $results.Add((Measure-External $g 'on (-T on, not verified)' 'stonith' ($glue + '-T', 'on', $Node) -Power off))
    $results.Add((Measure-External $g 'reset (-T reset: hard reset)' 'stonith' ($glue + '-T', 'reset', $Node) -Power on))

    # ------------------------------------------------------------------ ipmitool, for reference
    Write-Host "`nipmitool (reference)"
    foreach ($it in @(@{ Label = 'lanplus -C 3'; Args = $IpmitoolPlus }, @{ Label = 'lan (1.5) MD5'; Args = $IpmitoolLan })) {
        $g = "ipmitool $($it.Label)"
        $results.Add((Measure-External $g "status ($($it.Label))" 'ipmitool' ($it.Args + 'chassis', 'power', 'status') -Power on))
        $results.Add((Measure-External $g "off ($($it.Label))" 'ipmitool' ($it.Args + 'chassis', 'power', 'off') -Power on))
        $results.Add((Measure-External $g "on ($($it.Label))" 'ipmitool' ($it.Args + 'chassis', 'power', 'on') -Power off))
    }

    # ------------------------------------------------------------------ (f) head to head, interleaved
    # The targets compare Ocf's verified off with the C plugin's off and fence_ipmilan's: here they alternate round by
    # round (same moment, same load), each timed with a Stopwatch in this process (external ones around Process), and
    # the ratios are medians of the per-round ratios. The C plugin's start-up-only run shows what the Process timer adds.
    Write-Host "`n(f) verified off head to head, interleaved round by round ($(2 * $Runs) rounds, Stopwatch; external commands around Process)"
    $contenders = [ordered]@{
        'Ocf off RMCP+ (warm pwsh)'    = { $r = Invoke-OcfReset -Device $devPlus -Node $Node -Action Off -Force; $r.Success -and $r.State -eq 'Off' }
        'Ocf off IPMI 1.5 (warm pwsh)' = { $r = Invoke-OcfReset -Device $dev15 -Node $Node -Action Off -Force; $r.Success -and $r.State -eq 'Off' }
        'C plugin off (process)'       = { (Invoke-Program 'stonith' ($glue + '-T', 'off', $Node)) -eq 0 }
        'C plugin start-up only'       = { (Invoke-Program 'stonith' @('-t', 'ipmilan', '-n')) -eq 0 }
        'fence_ipmilan off, power_wait 0 (process)' = { (Invoke-Program 'fence_ipmilan' ($fence + '--power-wait=0', '-o', 'off')) -eq 0 }
    }
    $h2h = [ordered]@{}
    foreach ($k in $contenders.Keys) { $h2h[$k] = [Collections.Generic.List[double]]::new() }
    foreach ($round in 1..($Warmup + 2 * $Runs)) {
        foreach ($k in $contenders.Keys) {
            Set-Power $true
            $sw = [Diagnostics.Stopwatch]::StartNew()
            $ok = & $contenders[$k]
            $sw.Stop()
            if (-not $ok) { throw "head to head: $k failed" }
            if ($round -gt $Warmup) { $h2h[$k].Add($sw.Elapsed.TotalSeconds) }
        }
    }
    foreach ($k in $h2h.Keys) {
        $r = New-Result 'head to head (interleaved)' $k ([double[]]$h2h[$k]) 'Stopwatch, interleaved' ''
        Write-Host ('  {0,-44} {1,8:0.0000} s  (min {2:0.0000}, max {3:0.0000}, n={4})' -f $k, $r.Median, $r.Min, $r.Max, $r.Runs)
        $results.Add($r)
    }
    $ratios = [ordered]@{}
    foreach ($ocf in 'Ocf off RMCP+ (warm pwsh)', 'Ocf off IPMI 1.5 (warm pwsh)') {
        $n = $h2h[$ocf].Count
        $vsC = Get-Median ([double[]](0..($n - 1) | ForEach-Object { $h2h[$ocf][$_] / $h2h['C plugin off (process)'][$_] }))
        $vsFence = Get-Median ([double[]](0..($n - 1) | ForEach-Object { $h2h['fence_ipmilan off, power_wait 0 (process)'][$_] / $h2h[$ocf][$_] }))
        $ratios[$ocf] = [pscustomobject]@{ TimesCPlugin = $vsC; FasterThanFenceIpmilan = $vsFence }
        Write-Host ('  {0}: {1:0.00} x the C plugin''s off (target <= 1.5: {2}); fence_ipmilan (power_wait 0) takes {3:0.0} x as long (target >= 10: {4})' -f
            $ocf, $vsC, $(if ($vsC -le 1.5) { 'met' } else { 'NOT met' }), $vsFence, $(if ($vsFence -ge 10) { 'met' } else { 'NOT met' }))
    }

    $load = (Get-Content /proc/loadavg) -split ' '
    Write-Host "`nDone; load average now $($load[0..2] -join ' ')."
    Write-Host "`n| group | measurement | median s | min s | max s | runs |"
    Write-Host '|---|---|---:|---:|---:|---:|'
    foreach ($r in $results) { Write-Host ('| {0} | {1} | {2:0.0000} | {3:0.0000} | {4:0.0000} | {5} |' -f $r.Group, $r.Name, $r.Median, $r.Min, $r.Max, $r.Runs) }
    if ($OutJson) {
        [pscustomobject]@{
            Date = (Get-Date).ToString('o'); Port = $Port; Cores = [Environment]::ProcessorCount; LoadAverage = (Get-Content /proc/loadavg)
            Timer = $(if ($Hyperfine) { 'hyperfine -N' } else { 'Stopwatch+Process' }); Manifest = $Manifest
            WarmOnce = @{ Import = $importSeconds; FirstNewDevice = $firstDeviceSeconds; FirstStatus = $firstStatusSeconds }
            ColdBreakdown = $breakdown; ColdBreakdownCatalogFirst = $breakdown2; HeadToHeadRatios = $ratios; Results = $results
        } | ConvertTo-Json -Depth 6 | Set-Content $OutJson
        Write-Host "Results written to $OutJson"
    }
}
finally {
    if ($sim -and -not $sim.HasExited) {
        $sim.Kill($true)
        $null = $sim.WaitForExit(5000)
    }
    Remove-Item $State -Recurse -Force -ErrorAction SilentlyContinue
}
