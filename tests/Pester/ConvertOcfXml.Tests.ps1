BeforeAll {
    Import-Module $env:OCF_MODULE_MANIFEST -Force
    $config = [ordered]@{
        cluster  = 'alpha'
        nodes    = @([ordered]@{ name = 'node1'; id = 1 }, [ordered]@{ name = 'node2'; id = 2 })
        deadtime = 30
        big      = 5000000000
        ratio    = 0.25
        quorum   = $true
        started  = [datetime]::new(2026, 11, 25, 10, 0, 0, [DateTimeKind]::Utc)
        key      = [byte[]](0, 1, 254, 255)
        none     = $null
        text     = "tab`tline`nquote"" <&>"
    }
}

Describe 'ConvertTo-OcfXml / ConvertFrom-OcfXml round trips' {
    It 'keeps every value type through <_>' -ForEach 'Ocf', 'XmlRpc' {
        $xml = $config | ConvertTo-OcfXml -Encoding $_ -Depth 5
        $back = $xml | ConvertFrom-OcfXml
        $back.cluster | Should -BeExactly 'alpha'
        $back.nodes.Count | Should -Be 2
        $back.nodes[1].name | Should -BeExactly 'node2'
        $back.nodes[1].id | Should -BeOfType [int]
        $back.deadtime | Should -BeOfType [int]
        $back.deadtime | Should -Be 30
        $back.big | Should -BeOfType [long]
        $back.big | Should -Be 5000000000
        $back.ratio | Should -BeOfType [double]
        $back.quorum | Should -BeOfType [bool]
        $back.quorum | Should -BeTrue
        $back.started | Should -BeOfType [datetime]
        $back.started.ToString('s') | Should -Be '2026-11-25T10:00:00'
        , $back.key | Should -BeOfType [byte[]]
        ($back.key -join ',') | Should -Be '0,1,254,255'
        $back.PSObject.Properties['none'].Value | Should -BeNullOrEmpty
        $back.PSObject.Properties['none'] | Should -Not -BeNullOrEmpty
        $back.text | Should -BeExactly "tab`tline`nquote"" <&>"
    }

    It 'keeps the DateTime kind and sub-second ticks in Ocf encoding' {
        $t = [datetime]::new(638999999999999999, [DateTimeKind]::Utc)
        $back = @{ t = $t } | ConvertTo-OcfXml | ConvertFrom-OcfXml
        $back.t.Ticks | Should -Be $t.Ticks
        $back.t.Kind | Should -Be 'Utc'
    }

    It 'encodes several pipeline objects as one list and enumerates it back' {
        $xml = 1, 'two', $true | ConvertTo-OcfXml
        $xml | Should -Match '^<L>'
        $items = $xml | ConvertFrom-OcfXml
        $items.Count | Should -Be 3
        $items[0] | Should -BeOfType [int]
        $items[1] | Should -BeExactly 'two'
        $items[2] | Should -BeOfType [bool]
    }

    It 'returns a list as one array with -NoEnumerate' {
        $r = 1, 2, 3 | ConvertTo-OcfXml | ConvertFrom-OcfXml -NoEnumerate
        , $r | Should -BeOfType [object[]]
        $r.Count | Should -Be 3
        (1, 2, 3 | ConvertTo-OcfXml | ConvertFrom-OcfXml -NoEnumerate | Measure-Object).Count | Should -Be 1
    }

    It 'reads the lines of a file from Get-Content' {
        $path = Join-Path $TestDrive 'cluster.xml'
        $config | ConvertTo-OcfXml -Depth 5 | Set-Content -Path $path
        (Get-Content $path).Count | Should -BeGreaterThan 5
        $back = Get-Content $path | ConvertFrom-OcfXml
        $back.nodes[0].name | Should -BeExactly 'node1'
    }

    It 'decodes each string separately when each is a whole document' {
        $docs = @{ a = 1 } | ConvertTo-OcfXml -Compress
        $docs2 = @{ a = 2 } | ConvertTo-OcfXml -Compress
        $r = $docs, $docs2 | ConvertFrom-OcfXml
        $r.a | Should -Be @(1, 2)
    }

    It 'returns ordered, case-sensitive hashtables with -AsHashtable' {
        $xml = '<AL><LI key="b">1</LI><LI key="a">2</LI><LI key="A">3</LI></AL>'
        $h = $xml | ConvertFrom-OcfXml -AsHashtable
        $h | Should -BeOfType [System.Collections.Specialized.OrderedDictionary]
        @($h.Keys) | Should -Be @('b', 'a', 'A')
        $h['A'] | Should -BeExactly '3'
    }

    It 'refuses keys differing only in case for PSCustomObject output, with advice' {
        $xml = '<AL><LI key="a">1</LI><LI key="A">2</LI></AL>'
        $err = $null
        $xml | ConvertFrom-OcfXml -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ObjectNotConvertible,*'
        $err[0].Exception.Message | Should -Match 'AsHashtable'
    }

    It 'writes compact output with -Compress and indented by default' {
        ($config | ConvertTo-OcfXml -Depth 5 -Compress) | Should -Not -Match "`n\s*<"
        ($config | ConvertTo-OcfXml -Depth 5) | Should -Match "`n  <LI"
    }

    It 'encodes PSCustomObjects by their properties in order' {
        $xml = [pscustomobject]@{ z = 1; a = 'x' } | ConvertTo-OcfXml -Compress
        $xml | Should -BeExactly '<AL><LI key="z" type="integer">1</LI><LI key="a">x</LI></AL>'
    }

    It 'writes enums as their names' {
        [System.DayOfWeek]::Friday | ConvertTo-OcfXml -Compress | Should -BeExactly '<V>Friday</V>'
    }
}

Describe 'XML-RPC envelopes' {
    It 'writes a methodCall with one parameter per pipeline object' {
        $xml = 'node1', 30 | ConvertTo-OcfXml -Encoding XmlRpc -MethodName stonith.reset -Compress
        $xml | Should -Match '<methodName>stonith.reset</methodName>'
        $call = $xml | ConvertFrom-OcfXml
        $call | Should -BeOfType [Ocf.PowerShell.OcfXmlRpcCall]
        $call.MethodName | Should -BeExactly 'stonith.reset'
        $call.Params.Count | Should -Be 2
        $call.Params[1] | Should -BeOfType [int]
    }

    It 'writes a methodCall without parameters' {
        $xml = ConvertTo-OcfXml -Encoding XmlRpc -MethodName system.listMethods -Compress
        $xml | Should -Match '<params/>'
        ($xml | ConvertFrom-OcfXml).Params.Count | Should -Be 0
    }

    It 'writes a methodResponse' {
        $xml = @{ ok = $true } | ConvertTo-OcfXml -Encoding XmlRpc -AsResponse -Compress
        $xml | Should -Match '^<\?xml version="1.0"\?><methodResponse><params><param><value><struct>'
        ($xml | ConvertFrom-OcfXml).ok | Should -BeTrue
    }

    It 'turns a fault into an XmlRpcFault error, or an object with -NoFaultError' {
        $xml = [pscustomobject]@{ FaultCode = 4; FaultString = 'Too many parameters.' } | ConvertTo-OcfXml -Encoding XmlRpc -Fault
        $err = $null
        $xml | ConvertFrom-OcfXml -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'XmlRpcFault,*'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $err[0].TargetObject.FaultCode | Should -Be 4
        $f = $xml | ConvertFrom-OcfXml -NoFaultError
        $f | Should -BeOfType [Ocf.PowerShell.OcfXmlRpcFault]
        $f.FaultString | Should -BeExactly 'Too many parameters.'
        # and back again
        ($f | ConvertTo-OcfXml -Encoding XmlRpc -Fault) | Should -BeExactly $xml
    }

    It 'refuses envelope switches with another encoding' {
        { 1 | ConvertTo-OcfXml -Encoding Ocf -MethodName x -ErrorAction Stop } |
            Should -Throw -ErrorId 'XmlRpcParameterWithOtherEncoding,Ocf.PowerShell.Commands.ConvertToOcfXmlCommand'
    }
}

Describe 'Errors' {
    It 'reports malformed input as InvalidOcfXml / InvalidData with the position' {
        $err = $null
        "<L>`n  <LI>a</LI>`n  <LI>b</L>" | ConvertFrom-OcfXml -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'InvalidOcfXml,Ocf.PowerShell.Commands.ConvertFromOcfXmlCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].Exception.Line | Should -Be 3
        $err[0].Exception.Column | Should -Be 8
        $err[0].Exception.Message | Should -Match 'line 3, column 8'
    }

    It 'refuses DTDs (XXE) without reading the entity' {
        $err = $null
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><L><LI>&e;</LI></L>' | ConvertFrom-OcfXml -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidOcfXml,*'
        $err[0].Exception.Message | Should -Match 'DTD'
    }

    It 'says UnknownFormat for input that is no known document' {
        $err = $null
        '{"json": true}' | ConvertFrom-OcfXml -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'UnknownFormat,*'
    }

    It 'throws UnknownEncoding for an unregistered encoding' {
        { 1 | ConvertTo-OcfXml -Encoding Yaml -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownEncoding,Ocf.PowerShell.Commands.ConvertToOcfXmlCommand'
        { '<L/>' | ConvertFrom-OcfXml -Encoding Yaml -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownEncoding,Ocf.PowerShell.Commands.ConvertFromOcfXmlCommand'
    }

    It 'never writes a SecureString in clear text unless -AsPlainText is given' {
        $secret = ConvertTo-SecureString 'hunter2' -AsPlainText -Force
        $err = $null
        $out = [pscustomobject]@{ user = 'admin'; password = $secret } | ConvertTo-OcfXml -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'SecureStringNotConverted,*'
        $err[0].CategoryInfo.Category | Should -Be 'SecurityError'
        $err[0].Exception.Message | Should -Not -Match 'hunter2'
        ([pscustomobject]@{ password = $secret } | ConvertTo-OcfXml -AsPlainText -Compress) | Should -Match 'hunter2'
    }

    It 'refuses characters XML cannot carry (ValueNotEncodable)' {
        $err = $null
        @{ s = "bell`a" } | ConvertTo-OcfXml -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ValueNotEncodable,*'
        $err[0].Exception.Message | Should -Match 'U\+0007'
    }

    It 'refuses NaN in XML-RPC but keeps it in Ocf' {
        $err = $null
        [double]::NaN | ConvertTo-OcfXml -Encoding XmlRpc -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'ValueNotEncodable,*'
        [double]::IsNaN(([double]::NaN | ConvertTo-OcfXml | ConvertFrom-OcfXml)) | Should -BeTrue
    }

    It 'warns when -Depth truncates, like ConvertTo-Json' {
        $deep = @{ a = @{ b = @{ c = @{ d = 1 } } } }
        $w = $null
        $xml = $deep | ConvertTo-OcfXml -Depth 1 -WarningVariable w -WarningAction SilentlyContinue
        $w.Count | Should -Be 1
        $w[0].Message | Should -Match 'depth of 1'
        ($xml | ConvertFrom-OcfXml).a.b | Should -BeOfType [string]
        $w = $null
        $null = $deep | ConvertTo-OcfXml -Depth 5 -WarningVariable w -WarningAction SilentlyContinue
        $w.Count | Should -Be 0
    }

    It 'enforces the -Depth limit when decoding' {
        $xml = '<L><LI><L><LI><L><LI>x</LI></L></LI></L></LI></L>'
        ($xml | ConvertFrom-OcfXml -NoEnumerate -Depth 3)[0][0][0] | Should -BeExactly 'x'
        $err = $null
        $xml | ConvertFrom-OcfXml -Depth 2 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -Match 'deeper than the limit of 2'
    }
}

Describe 'Tab completion' {
    It 'completes -Encoding from the codec registry' {
        $line = 'ConvertTo-OcfXml -Encoding Xm'
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $r.CompletionMatches.CompletionText | Should -Contain 'XmlRpc'
        $line = 'ConvertFrom-OcfXml -Encoding '
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $r.CompletionMatches.CompletionText | Should -Contain 'Ocf'
        $r.CompletionMatches.CompletionText | Should -Contain 'xml-rpc'
    }
}
