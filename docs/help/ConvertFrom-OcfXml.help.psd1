@{
    Synopsis    = 'Decodes OCF XML or XML-RPC into PowerShell objects.'
    Description = @(
        'ConvertFrom-OcfXml reads documents written by ConvertTo-OcfXml, by other Open Cluster Framework components, or by any XML-RPC peer (for example Python''s xmlrpc.client). The encoding is detected from the root element (<L>, <AL> or <V> for Ocf; <methodCall>, <methodResponse> or <params> for XmlRpc), after the XML declaration and any comments and whitespace however long, unless -Encoding names it.'
        'Maps become PSCustomObjects (or ordered hashtables with -AsHashtable), lists become arrays (enumerated into the pipeline unless -NoEnumerate), and doubles, booleans and byte arrays keep their types. Integers are always Int64, the data model''s 64-bit integer, as ConvertFrom-Json returns them: also small ones, and also XML-RPC <int>/<i4> values (the model does not remember which XML-RPC type carried a number). An XML-RPC methodCall becomes an OcfXmlRpcCall object with MethodName and Params.'
        'Dates come back as DateTime values whose Kind depends on what the document says: in Ocf, a time ending in Z is Utc, one with an offset (+05:30) is converted to this computer''s local time (Kind Local: the same instant, shown in the local zone), and one without either is Unspecified. XML-RPC dateTime.iso8601 has no zone, so it comes back Unspecified with the wall-clock time as written; a peer''s time with Z or an offset comes back as the UTC instant (Kind Utc).'
        'An XML-RPC fault is written as an error record (ErrorId XmlRpcFault, category InvalidResult) whose target object holds FaultCode and FaultString; with -NoFaultError the fault is written to the output as an OcfXmlRpcFault object instead.'
        'Strings from the pipeline are handled like ConvertFrom-Json handles them: when the first string is a complete document, each string is decoded as its own document; otherwise the strings are joined as the lines of one document (so Get-Content output works).'
        'Malformed input is reported as a non-terminating error with ErrorId InvalidOcfXml and category InvalidData; the message names the problem with its line and column. Decoding never expands entities and refuses DTDs.'
        'Decoding is bounded by limits so that hostile input costs bounded time and memory: -Depth (nesting, default 64), -MaxDocumentBytes (UTF-8 size, default 16 MiB), -MaxStringLength (characters in one string, default 8 Mi) and -MaxElements (XML elements, default 2,000,000). A document over a limit is an InvalidData error whose ErrorId names the limit (MaxDepthExceeded, MaxDocumentBytesExceeded, MaxStringLengthExceeded, MaxElementsExceeded); raise the parameter to read a larger document you trust.'
    )
    Parameters  = @{
        InputObject  = 'The XML text to decode: one string or the lines of a document from the pipeline.'
        Encoding     = 'The encoding of the input (Ocf or XmlRpc, or any registered codec name). Without it, the encoding is detected from the root element.'
        AsHashtable  = 'Returns maps as ordered hashtables (case-sensitive keys) instead of PSCustomObjects.'
        NoEnumerate  = 'Writes a decoded list to the pipeline as one array instead of enumerating its items.'
        NoFaultError = 'Writes an XML-RPC fault to the output as an OcfXmlRpcFault object instead of an error record.'
        Depth        = 'The deepest nesting of lists and maps accepted (1-1024, default 64). A deeper document is refused with ErrorId MaxDepthExceeded. ConvertTo-OcfXml -Depth N writes up to N+1 levels (N+2 for several pipeline objects), so read such output with -Depth of at least that.'
        MaxDocumentBytes = 'The largest document accepted, in bytes of UTF-8 (1 to 2147483647, default 16777216 = 16 MiB), checked before parsing. A larger document is refused with ErrorId MaxDocumentBytesExceeded. Alias: MaxDocumentSize.'
        MaxStringLength  = 'The most characters (UTF-16 code units) one string, map key or binary value''s base64 text may hold (1 to 2147483647, default 8388608). A longer one is refused with ErrorId MaxStringLengthExceeded.'
        MaxElements      = 'The most XML elements one document may hold (1 to 2147483647, default 2000000). A document with more is refused with ErrorId MaxElementsExceeded. Alias: MaxElementCount.'
    }
    Inputs      = @(@{ Type = 'System.String'; Description = 'A document, or the lines of one.' })
    Outputs     = @(
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'Decoded maps (and scalars or list items).' }
        @{ Type = 'System.Collections.Specialized.OrderedDictionary'; Description = 'Decoded maps with -AsHashtable.' }
        @{ Type = 'Ocf.PowerShell.OcfXmlRpcCall'; Description = 'An XML-RPC methodCall.' }
        @{ Type = 'Ocf.PowerShell.OcfXmlRpcFault'; Description = 'An XML-RPC fault, with -NoFaultError.' }
    )
    Notes       = @(
        'Error IDs: InvalidOcfXml, MaxDepthExceeded, MaxDocumentBytesExceeded, MaxStringLengthExceeded, MaxElementsExceeded, UnknownFormat, UnknownEncoding, XmlRpcFault, ObjectNotConvertible.'
        'The XML-RPC rules (32-bit <int>/<i4>, 64-bit <i8>, Apache''s ex: extensions, what a fault becomes) are in docs/xml-rpc.md; the Ocf grammar is in docs/ocf-xml.md.'
    )
    Examples    = @(
        @{
            Title   = 'Round-trip a configuration file'
            Code    = @'
Get-Content ./cluster.xml | ConvertFrom-OcfXml
'@
            Remarks = 'Reads the lines of an OCF XML file and returns the configuration as a PSCustomObject whose integer, boolean and date values keep their types.'
        }
        @{
            Title   = 'Decode an XML-RPC call'
            Code    = @'
$call = '<methodCall><methodName>stonith.reset</methodName><params><param><value>node1</value></param></params></methodCall>' | ConvertFrom-OcfXml
$call.MethodName; $call.Params
'@
            Remarks = 'Returns an OcfXmlRpcCall: MethodName is stonith.reset and Params holds the string node1.'
        }
        @{
            Title   = 'Read a large trusted document'
            Code    = @'
Get-Content ./inventory.xml -Raw | ConvertFrom-OcfXml -MaxDocumentBytes 64MB -MaxElements 10000000 -NoEnumerate
'@
            Remarks = 'Raises the size and element limits for a document known to be bigger than the defaults allow; without them it is refused with MaxDocumentBytesExceeded or MaxElementsExceeded.'
        }
        @{
            Title   = 'Handle a fault as data'
            Code    = @'
$fault = Get-Content ./response.xml | ConvertFrom-OcfXml -NoFaultError
if ($fault -is [Ocf.PowerShell.OcfXmlRpcFault]) { "failed: $($fault.FaultString)" }
'@
            Remarks = 'With -NoFaultError a fault response is returned as an object rather than written as an error.'
        }
    )
    Links       = @('ConvertTo-OcfXml', 'ConvertFrom-Json')
}
