#Requires -Version 7.4
# The main job's demo: imports the built module in a fresh pwsh and shows what Ocf does so far.
param([Parameter(Mandatory)] [string] $ModuleManifest)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest

function Show([string] $Title) { Write-Host ''; Write-Host "=== $Title ===" -ForegroundColor Green }

Show 'The module'
Get-Command -Module Ocf | Format-Table CommandType, Name, Version -AutoSize | Out-String | Write-Host

# A realistic cluster configuration: every value type the data model carries.
$config = [ordered]@{
    cluster   = 'alpha'
    generated = [datetime]::new(2026, 11, 25, 16, 30, 0, [DateTimeKind]::Utc)
    nodes     = @(
        [ordered]@{ name = 'node1'; id = 1; addresses = @('192.0.2.11', '2001:db8::11'); votes = 1 }
        [ordered]@{ name = 'node2'; id = 2; addresses = @('192.0.2.12', '2001:db8::12'); votes = 1 }
        [ordered]@{ name = 'node3'; id = 3; addresses = @('192.0.2.13'); votes = 1 }
    )
    timing    = [ordered]@{ keepalive = 1.0; warntime = 5.0; deadtime = 10.0; initdead = 30.0 }
    quorum    = [ordered]@{ policy = 'majority'; twoNode = $false; expectedVotes = 3 }
    stonith   = [ordered]@{ type = 'ipmilan'; ip = '127.0.0.1'; port = 623; login = 'admin'; cipher = $null }
    authkey   = [byte[]](0x5e, 0x1f, 0x00, 0xa7, 0x3c)
    notes     = 'Tabs	and <markup> & "quotes" survive.'
}

Show 'ConvertTo-OcfXml (the paper''s compact subset, types marked only where needed)'
$ocf = $config | ConvertTo-OcfXml -Depth 10
Write-Host $ocf

Show 'ConvertFrom-OcfXml: types come back'
$back = $ocf | ConvertFrom-OcfXml
$back.nodes | Format-Table name, id, votes, @{ n = 'addresses'; e = { $_.addresses -join ', ' } } -AutoSize | Out-String | Write-Host
[pscustomobject]@{
    'generated'          = "$($back.generated.ToString('o')) ($($back.generated.GetType().Name), $($back.generated.Kind))"
    'timing.deadtime'    = "$($back.timing.deadtime) ($($back.timing.deadtime.GetType().Name))"
    'quorum.twoNode'     = "$($back.quorum.twoNode) ($($back.quorum.twoNode.GetType().Name))"
    'stonith.cipher'     = if ($null -eq $back.stonith.cipher) { '$null' } else { $back.stonith.cipher }
    'authkey'            = "$($back.authkey -join ',') ($($back.authkey.GetType().Name))"
    'notes'              = $back.notes
} | Format-List | Out-String | Write-Host

Show 'The same object as an XML-RPC methodCall (what Python''s xmlrpc.client reads)'
$call = $config | ConvertTo-OcfXml -Encoding XmlRpc -MethodName cluster.configure -Depth 10
Write-Host $call
$decoded = $call | ConvertFrom-OcfXml
Write-Host "Decoded call: $($decoded.MethodName) with $($decoded.Params.Count) parameter; cluster = $($decoded.Params[0].cluster), nodes = $($decoded.Params[0].nodes.name -join ', ')"

Show 'Round-trip check through both codecs'
$again = ($back | ConvertTo-OcfXml -Depth 10)
Write-Host ("ocf-xml  -> object -> ocf-xml identical: {0}" -f ($again -ceq $ocf))
$rpcAgain = $decoded.Params[0] | ConvertTo-OcfXml -Encoding XmlRpc -MethodName cluster.configure -Depth 10
Write-Host ("xml-rpc  -> object -> xml-rpc identical: {0}" -f ($rpcAgain -ceq $call))

Show 'Bad input gets a specific error with its position'
$err = $null
'<AL><LI key="a">1</LI><LI key="a">2</LI></AL>' | ConvertFrom-OcfXml -ErrorVariable err -ErrorAction SilentlyContinue
Write-Host "$($err[0].FullyQualifiedErrorId) [$($err[0].CategoryInfo.Category)]: $($err[0].Exception.Message)"
'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><L><LI>&e;</LI></L>' | ConvertFrom-OcfXml -ErrorVariable err -ErrorAction SilentlyContinue
Write-Host "$($err[0].FullyQualifiedErrorId) [$($err[0].CategoryInfo.Category)]: $($err[0].Exception.Message)"
[pscustomobject]@{ password = (ConvertTo-SecureString 'secret' -AsPlainText -Force) } | ConvertTo-OcfXml -ErrorVariable err -ErrorAction SilentlyContinue
Write-Host "$($err[0].FullyQualifiedErrorId) [$($err[0].CategoryInfo.Category)]: $($err[0].Exception.Message)"
