#Requires -Version 7.4
<#
.SYNOPSIS
    Writes MAML help (<assembly>.dll-Help.xml) for the module's cmdlets without platyPS.
.DESCRIPTION
    Syntax, parameter types, mandatory/position/pipeline flags and aliases come from the loaded cmdlets
    (Get-Command), so they never drift from the code. Prose comes from docs/help/<Cmdlet>.help.psd1.
    A cmdlet without a help file, or a parameter without a description, fails the build.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $HelpSource,
    [Parameter(Mandatory)] [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$module = Import-Module $ModuleManifest -PassThru -Force
# -WhatIf and -Confirm are documented like any parameter (Get-Help lists them), with the standard text unless a help file says more.
$common = [System.Management.Automation.Cmdlet]::CommonParameters + @('UseTransaction')
$standard = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}
$ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$w = [System.Xml.XmlWriter]::Create($OutFile, $settings)

function Write-Paras([string] $Prefix, [string] $Name, [string[]] $Paragraphs) {
    $w.WriteStartElement($Prefix, $Name, $ns[$Prefix])
    foreach ($p in $Paragraphs) { $w.WriteElementString('maml', 'para', $ns.maml, $p) }
    $w.WriteEndElement()
}

function Get-PipelineText($p) {
    $kinds = @()
    if ($p.ValueFromPipeline) { $kinds += 'ByValue' }
    if ($p.ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

function Write-Parameter($cmd, $param, $attr, [hashtable] $descriptions) {
    $desc = $descriptions[$param.Name]
    if (-not $desc) { $desc = $standard[$param.Name] }
    if (-not $desc) { throw "docs/help: $($cmd.Name) has no description for parameter -$($param.Name)." }
    $isSwitch = $param.ParameterType -eq [switch]
    $w.WriteStartElement('command', 'parameter', $ns.command)
    $w.WriteAttributeString('required', ([string]$attr.IsMandatory).ToLowerInvariant())
    $w.WriteAttributeString('variableLength', ([string]$param.ParameterType.IsArray).ToLowerInvariant())
    $w.WriteAttributeString('globbing', 'false')
    $w.WriteAttributeString('pipelineInput', (Get-PipelineText $attr))
    $w.WriteAttributeString('position', $(if ($attr.Position -ge 0) { [string]$attr.Position } else { 'named' }))
    $w.WriteAttributeString('aliases', $(if ($param.Aliases.Count) { $param.Aliases -join ', ' } else { 'none' }))
    $w.WriteElementString('maml', 'name', $ns.maml, $param.Name)
    Write-Paras 'maml' 'description' @($desc)
    if (-not $isSwitch) {
        $w.WriteStartElement('command', 'parameterValue', $ns.command)
        $w.WriteAttributeString('required', 'true')
        $w.WriteAttributeString('variableLength', 'false')
        $w.WriteString($param.ParameterType.Name)
        $w.WriteEndElement()
    }
    $w.WriteStartElement('dev', 'type', $ns.dev)
    $w.WriteElementString('maml', 'name', $ns.maml, $param.ParameterType.FullName)
    $w.WriteEndElement()
    $w.WriteElementString('dev', 'defaultValue', $ns.dev, (Get-DefaultText $cmd $param $attr))
    $w.WriteEndElement()
}

# A parameter's default as the cmdlet itself sets it: the property's value on a fresh instance of the cmdlet class
# (its initialiser), so help never disagrees with the code. CLR zero values, empty strings and switches read as None.
function Get-DefaultText($cmd, $param, $attr) {
    if ($attr.IsMandatory -or $param.ParameterType -eq [switch] -or -not $cmd.ImplementingType) { return 'None' }
    try {
        if (-not $script:instances.ContainsKey($cmd.Name)) { $script:instances[$cmd.Name] = [Activator]::CreateInstance($cmd.ImplementingType) }
        $prop = $cmd.ImplementingType.GetProperty($param.Name)
        if (-not $prop) { return 'None' }
        $value = $prop.GetValue($script:instances[$cmd.Name])
    }
    catch { return 'None' }
    if ($null -eq $value -or ($value -is [string] -and $value -eq '')) { return 'None' }
    $type = $value.GetType()
    if ($type.IsValueType -and $value -eq [Activator]::CreateInstance($type)) { return 'None' }
    if ($value -is [array]) { return ($value -join ', ') }
    return [string]$value
}
$script:instances = @{}

function Write-TypeList([string] $Outer, [string] $Inner, $items) {
    $w.WriteStartElement('command', $Outer, $ns.command)
    foreach ($i in $items) {
        $w.WriteStartElement('command', $Inner, $ns.command)
        $w.WriteStartElement('dev', 'type', $ns.dev)
        $w.WriteElementString('maml', 'name', $ns.maml, $i.Type)
        $w.WriteEndElement()
        Write-Paras 'maml' 'description' @($i.Description)
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
}

$w.WriteStartDocument()
$w.WriteStartElement('helpItems', 'http://msh')
$w.WriteAttributeString('schema', 'maml')
foreach ($cmd in (Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)) {
    $helpPath = Join-Path $HelpSource "$($cmd.Name).help.psd1"
    if (-not (Test-Path $helpPath)) { throw "docs/help: no help file for $($cmd.Name) ($helpPath)." }
    $help = Import-PowerShellDataFile $helpPath
    foreach ($key in 'Synopsis', 'Description', 'Parameters', 'Examples') {
        if (-not $help.ContainsKey($key)) { throw "docs/help: $helpPath lacks $key." }
    }
    if (@($help.Examples).Count -lt 2) { throw "docs/help: $($cmd.Name) needs at least two examples." }

    $w.WriteStartElement('command', 'command', $ns.command)
    foreach ($p in 'maml', 'dev') { $w.WriteAttributeString('xmlns', $p, $null, $ns[$p]) }
    $w.WriteStartElement('command', 'details', $ns.command)
    $w.WriteElementString('command', 'name', $ns.command, $cmd.Name)
    $w.WriteElementString('command', 'verb', $ns.command, $cmd.Verb)
    $w.WriteElementString('command', 'noun', $ns.command, $cmd.Noun)
    Write-Paras 'maml' 'description' @($help.Synopsis)
    $w.WriteEndElement()
    Write-Paras 'maml' 'description' @($help.Description)

    $w.WriteStartElement('command', 'syntax', $ns.command)
    foreach ($set in $cmd.ParameterSets) {
        $w.WriteStartElement('command', 'syntaxItem', $ns.command)
        $w.WriteElementString('maml', 'name', $ns.maml, $cmd.Name)
        foreach ($sp in ($set.Parameters | Where-Object { $_.Name -notin $common } | Sort-Object { if ($_.Position -ge 0) { $_.Position } else { 1000 } })) {
            Write-Parameter $cmd $cmd.Parameters[$sp.Name] $sp $help.Parameters
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'parameters', $ns.command)
    foreach ($param in ($cmd.Parameters.Values | Where-Object { $_.Name -notin $common } | Sort-Object Name)) {
        $first = $cmd.ParameterSets.Parameters | Where-Object Name -EQ $param.Name | Select-Object -First 1
        Write-Parameter $cmd $param $first $help.Parameters
    }
    $w.WriteEndElement()

    if ($help.ContainsKey('Inputs')) { Write-TypeList 'inputTypes' 'inputType' $help.Inputs }
    if ($help.ContainsKey('Outputs')) { Write-TypeList 'returnValues' 'returnValue' $help.Outputs }
    if ($help.ContainsKey('Notes')) {
        $w.WriteStartElement('maml', 'alertSet', $ns.maml)
        $w.WriteStartElement('maml', 'alert', $ns.maml)
        foreach ($n in $help.Notes) { $w.WriteElementString('maml', 'para', $ns.maml, $n) }
        $w.WriteEndElement(); $w.WriteEndElement()
    }

    $w.WriteStartElement('command', 'examples', $ns.command)
    $i = 0
    foreach ($ex in $help.Examples) {
        $i++
        $w.WriteStartElement('command', 'example', $ns.command)
        $w.WriteElementString('maml', 'title', $ns.maml, "-------------------------- Example ${i}: $($ex.Title) --------------------------")
        $w.WriteElementString('dev', 'code', $ns.dev, $ex.Code.Trim())
        $w.WriteStartElement('dev', 'remarks', $ns.dev)
        $w.WriteElementString('maml', 'para', $ns.maml, $ex.Remarks)
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'relatedLinks', $ns.command)
    foreach ($link in @($help['Links'])) {
        if (-not $link) { continue }
        $w.WriteStartElement('maml', 'navigationLink', $ns.maml)
        $w.WriteElementString('maml', 'linkText', $ns.maml, $link)
        $w.WriteElementString('maml', 'uri', $ns.maml, '')
        $w.WriteEndElement()
    }
    $w.WriteEndElement()
    $w.WriteEndElement()
}
$w.WriteEndElement()
$w.WriteEndDocument()
$w.Dispose()
Write-Host "Help written: $OutFile"
