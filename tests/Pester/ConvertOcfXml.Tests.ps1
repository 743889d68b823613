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
        $back.nodes[1].id | Should -BeOfType [long]
        $back.deadtime | Should -BeOfType [long]
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
        $items[0] | Should -BeOfType [long]
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

    It 'skips blank strings between and after whole documents (a file''s trailing empty line), like ConvertFrom-Json' {
        $docs = @{ a = 1 } | ConvertTo-OcfXml -Compress
        $docs2 = @{ a = 2 } | ConvertTo-OcfXml -Compress
        $err = $null
        $r = $docs, '', $docs2, '   ' | ConvertFrom-OcfXml -ErrorVariable err
        $err | Should -BeNullOrEmpty
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

    It 'returns every integer as Int64, as ConvertFrom-Json does, whatever its size or XML-RPC type' {
        ('5' | ConvertFrom-Json) | Should -BeOfType [long]
        foreach ($enc in 'Ocf', 'XmlRpc') {
            $back = [ordered]@{ i = [int]5; l = [long]5; big = [long]::MaxValue; neg = [int]::MinValue } | ConvertTo-OcfXml -Encoding $enc | ConvertFrom-OcfXml
            foreach ($name in 'i', 'l', 'big', 'neg') { $back.$name | Should -BeOfType [long] -Because "$enc $name" }
            $back.l | Should -Be 5
            $back.big | Should -Be ([long]::MaxValue)
        }
        $xml = '<params><param><value><array><data><value><i4>1</i4></value><value><int>2</int></value><value><i8>3</i8></value></data></array></value></param></params>'
        $items = $xml | ConvertFrom-OcfXml
        $items | ForEach-Object { $_ | Should -BeOfType [long] }
        ($items -join ',') | Should -Be '1,2,3'
        (ConvertFrom-OcfXml -InputObject '<L><LI type="integer">7</LI></L>' -AsHashtable -NoEnumerate)[0] | Should -BeOfType [long]
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
        $call.Params[1] | Should -BeOfType [long]
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

    It 'refuses a method name with characters XML-RPC does not allow, as a bad argument' {
        $e = { 1 | ConvertTo-OcfXml -Encoding XmlRpc -MethodName 'stonith reset' } |
            Should -Throw -ErrorId 'InvalidMethodName,Ocf.PowerShell.Commands.ConvertToOcfXmlCommand' -PassThru
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -Match "character ' '"
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

    It 'round-trips a 70-deep object with -Depth 100 through <_>' -ForEach 'Ocf', 'XmlRpc' {
        $deep = @{ leaf = 'bottom' }
        for ($i = 1; $i -lt 70; $i++) { $deep = @{ next = $deep } }
        $w = $null
        $xml = $deep | ConvertTo-OcfXml -Encoding $_ -Depth 100 -WarningVariable w -WarningAction SilentlyContinue -ErrorAction Stop
        $w.Count | Should -Be 0
        $back = $xml | ConvertFrom-OcfXml -Depth 100 -ErrorAction Stop
        $levels = 1
        while ($null -ne $back.PSObject.Properties['next']) { $back = $back.next; $levels++ }
        $levels | Should -Be 70
        $back.leaf | Should -BeExactly 'bottom'
        # Several pipeline objects add the list around them: still within what -Depth 100 allows.
        $two = $deep, $deep | ConvertTo-OcfXml -Encoding $_ -Depth 100 -Compress -ErrorAction Stop
        ($two | ConvertFrom-OcfXml -Depth 100 -NoEnumerate).Count | Should -Be 2
    }

    It 'writes Depth+1 levels at -Depth 100, which ConvertFrom-OcfXml reads with -Depth 101 (<_>)' -ForEach 'Ocf', 'XmlRpc' {
        # -Depth 100 keeps 101 levels (the root and 100 below it); the 102nd becomes text, as in ConvertTo-Json.
        $deep = @{ leaf = 'bottom' }
        for ($i = 1; $i -lt 110; $i++) { $deep = @{ next = $deep } }
        $w = $null
        $xml = $deep | ConvertTo-OcfXml -Encoding $_ -Depth 100 -Compress -WarningVariable w -WarningAction SilentlyContinue -ErrorAction Stop
        $w.Count | Should -Be 1
        $w[0].Message | Should -Match 'depth of 100'
        $err = $null
        $xml | ConvertFrom-OcfXml -Depth 100 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].Exception.Message | Should -Match 'deeper than the limit of 100'
        $back = $xml | ConvertFrom-OcfXml -Depth 101 -ErrorAction Stop
        for ($i = 0; $i -lt 100; $i++) { $back = $back.next }
        $back.next | Should -BeExactly 'System.Collections.Hashtable'
    }

    It 'truncates a 70-deep object at the default depth with a warning, like ConvertTo-Json (<_>)' -ForEach 'Ocf', 'XmlRpc' {
        $deep = @{ leaf = 'bottom' }
        for ($i = 1; $i -lt 70; $i++) { $deep = @{ next = $deep } }
        $w = $null
        $xml = $deep | ConvertTo-OcfXml -Encoding $_ -WarningVariable w -WarningAction SilentlyContinue -ErrorAction Stop
        $w.Count | Should -Be 1
        $w[0].Message | Should -Match 'depth of 2'
        $back = $xml | ConvertFrom-OcfXml -ErrorAction Stop
        $json = $deep | ConvertTo-Json -WarningAction SilentlyContinue | ConvertFrom-Json
        $back.next.next.next | Should -BeOfType [string]
        $back.next.next.next | Should -BeExactly $json.next.next.next
    }

    It 'refuses a <_> document deeper than the decoding limit and accepts it with a higher -Depth' -ForEach 'XmlRpc', 'Ocf' {
        $deep = @{ leaf = 'bottom' }
        for ($i = 1; $i -lt 70; $i++) { $deep = @{ next = $deep } }
        $xml = $deep | ConvertTo-OcfXml -Encoding $_ -Depth 100 -Compress
        $err = $null
        $xml | ConvertFrom-OcfXml -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'MaxDepthExceeded,Ocf.PowerShell.Commands.ConvertFromOcfXmlCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].Exception.Limit | Should -Be 'MaxDepth'
        $err[0].Exception.Message | Should -Match 'deeper than the limit of 64'
        $err[0].ErrorDetails.RecommendedAction | Should -Match '-Depth'
        ($xml | ConvertFrom-OcfXml -Depth 70 -ErrorAction Stop).next | Should -Not -BeNullOrEmpty
    }

    It 'enforces the -Depth limit when decoding' {
        $xml = '<L><LI><L><LI><L><LI>x</LI></L></LI></L></LI></L>'
        ($xml | ConvertFrom-OcfXml -NoEnumerate -Depth 3)[0][0][0] | Should -BeExactly 'x'
        $err = $null
        $xml | ConvertFrom-OcfXml -Depth 2 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -Match 'deeper than the limit of 2'
    }
}

Describe 'Decoder limits' {
    It 'refuses a document over -<Limit> with ErrorId <ErrorId> and accepts it with the limit raised' -ForEach @(
        @{ Limit = 'MaxDocumentBytes'; ErrorId = 'MaxDocumentBytesExceeded'; Low = 100; High = 1000; Doc = '<L>' + (' ' * 200) + '<LI>x</LI></L>'; Message = 'larger than the limit of 100 bytes' }
        @{ Limit = 'MaxStringLength'; ErrorId = 'MaxStringLengthExceeded'; Low = 10; High = 11; Doc = '<L><LI>0123456789A</LI></L>'; Message = 'longer than the limit of 10 characters' }
        @{ Limit = 'MaxElements'; ErrorId = 'MaxElementsExceeded'; Low = 10; High = 11; Doc = '<L>' + ('<LI>x</LI>' * 10) + '</L>'; Message = 'more than the limit of 10 elements' }
    ) {
        $params = @{ $Limit = $Low }
        $err = $null
        $Doc | ConvertFrom-OcfXml @params -NoEnumerate -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly "$ErrorId,Ocf.PowerShell.Commands.ConvertFromOcfXmlCommand"
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $err[0].Exception | Should -BeOfType [Ocf.Encoding.OcfFormatException]
        $err[0].Exception.Limit | Should -Be $Limit
        $err[0].Exception.Message | Should -Match ([regex]::Escape($Message))
        $err[0].ErrorDetails.RecommendedAction | Should -Match "-$Limit"
        $params[$Limit] = $High
        $ok = $Doc | ConvertFrom-OcfXml @params -NoEnumerate -ErrorAction Stop
        $ok[0] | Should -Not -BeNullOrEmpty
    }

    It 'applies the limits to XML-RPC too' {
        $doc = '<params><param><value><string>0123456789A</string></value></param></params>'
        $err = $null
        $doc | ConvertFrom-OcfXml -MaxStringLength 10 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'MaxStringLengthExceeded,*'
        $doc | ConvertFrom-OcfXml -MaxStringLength 11 | Should -BeExactly '0123456789A'
    }

    It 'accepts the aliases MaxDocumentSize and MaxElementCount' {
        $err = $null
        '<L><LI>x</LI><LI>y</LI></L>' | ConvertFrom-OcfXml -MaxElementCount 2 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'MaxElementsExceeded,*'
        '<L><LI>x</LI><LI>y</LI></L>' | ConvertFrom-OcfXml -MaxDocumentSize 5 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'MaxDocumentBytesExceeded,*'
    }

    It 'validates the limit parameters' {
        foreach ($p in 'MaxDocumentBytes', 'MaxStringLength', 'MaxElements', 'Depth') {
            $params = @{ $p = 0 }
            { '<L/>' | ConvertFrom-OcfXml @params } | Should -Throw -ErrorId "ParameterArgumentValidationError,Ocf.PowerShell.Commands.ConvertFromOcfXmlCommand" -Because $p
        }
        { '<L/>' | ConvertFrom-OcfXml -Depth 1025 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'refuses a 17.8 MB document by default and reads it with -MaxDocumentBytes raised' {
        # 200,000 items of 80 characters: over the 16 MiB default, within the element and string limits.
        $item = '<LI>' + ('x' * 80) + '</LI>'
        $doc = '<L>' + ($item * 200000) + '</L>'
        $doc.Length | Should -BeGreaterThan 17800000
        $err = $null
        $doc | ConvertFrom-OcfXml -NoEnumerate -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'MaxDocumentBytesExceeded,*'
        $err[0].Exception.Message | Should -Match 'larger than the limit of 16777216 bytes'
        $list = ConvertFrom-OcfXml -InputObject $doc -MaxDocumentBytes 32MB -NoEnumerate -ErrorAction Stop
        $list.Count | Should -Be 200000
        $list[199999].Length | Should -Be 80
    }
}

Describe 'Encoding detection' {
    It 'finds the root element after <_> of comments and whitespace' -ForEach 5KB, 100KB {
        $size = $_
        $lead = "<?xml version=`"1.0`"?>`n<!-- " + ('c' * $size) + " -->`n" + (' ' * $size) + "`n<!-- second -->`n"
        ($lead + '<AL><LI key="a" type="integer">1</LI></AL>' | ConvertFrom-OcfXml -ErrorAction Stop).a | Should -Be 1
        ($lead + '<params><param><value><i4>2</i4></value></param></params>' | ConvertFrom-OcfXml -ErrorAction Stop) | Should -Be 2
    }

    It 'reports a processing instruction before the root as the decoder''s error, not UnknownFormat' {
        $err = $null
        ((' ' * 5000) + '<?php echo 1 ?><L/>') | ConvertFrom-OcfXml -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidOcfXml,*'
        $err[0].Exception.Message | Should -Match 'processing instructions are not allowed'
        $err[0].Exception.Column | Should -Be 5001
    }

    It 'bounds detection by the document limit' {
        $err = $null
        ('<!-- ' + ('c' * 5000) + ' --><L/>') | ConvertFrom-OcfXml -MaxDocumentBytes 4096 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'MaxDocumentBytesExceeded,*'
    }

    It 'still says UnknownFormat when the root is no known element' {
        $err = $null
        ('<!-- ' + ('c' * 5000) + ' --><html/>') | ConvertFrom-OcfXml -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'UnknownFormat,*'
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
