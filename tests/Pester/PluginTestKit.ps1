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
