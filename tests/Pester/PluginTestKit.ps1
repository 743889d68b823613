# Helpers shared by the plugin Pester files (dot-sourced in their BeforeAll; not a test file itself).

# Test plugin modules (tests/Modules), which build.ps1 -Task Build puts in out/test-modules/<Name>/ beside out/Ocf.
$testModules = if ($env:OCF_TEST_MODULES) { $env:OCF_TEST_MODULES }
    else { [IO.Path]::GetFullPath((Join-Path (Split-Path $env:OCF_MODULE_MANIFEST) '../../test-modules')) }

# A plugin folder of its own in TestDrive with copies of built test modules (loading Widgets leaves a marker file beside it).
function New-TestPluginFolder([string] $Name, [string[]] $Modules) {
    $dir = Join-Path $TestDrive $Name
    New-Item -ItemType Directory -Path $dir -Force | Out-Null
    foreach ($m in $Modules) {
        $built = Join-Path $testModules $m
        if (-not (Test-Path (Join-Path $built "$m.dll"))) { throw "The test module '$m' is not built at '$built' (run build.ps1 -Task Build)." }
        Copy-Item $built $dir -Recurse
    }
    $dir
}

# A fence agent that only records each run of it (fence_zzprobe in a temp folder of its own): put the folder in
# OCF_FENCE_AGENT_PATH of a fresh pwsh to prove that something did, or did not, run external agents.
# Returns the folder (Dir) and the log file (Log) the agent appends to; remove Dir when done.
function New-ProbeAgent([string] $Name) {
    $dir = Join-Path ([IO.Path]::GetTempPath()) "ocf-$Name-$PID"
    New-Item -ItemType Directory $dir -Force | Out-Null
    $log = Join-Path $dir 'ran.log'
    $agent = Join-Path $dir 'fence_zzprobe'
    Set-Content $agent "#!/bin/sh`necho ran >> '$log'`nexit 1" -NoNewline
    chmod 755 $agent
    [pscustomobject]@{ Dir = $dir; Log = $log }
}
