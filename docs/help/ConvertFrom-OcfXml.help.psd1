@{
    Synopsis    = 'Decodes OCF XML or XML-RPC into PowerShell objects.'
    Description = @(
        'ConvertFrom-OcfXml reads documents written by ConvertTo-OcfXml, by other Open Cluster Framework components, or by any XML-RPC peer (for example Python''s xmlrpc.client). The encoding is detected from the root element (<L>, <AL> or <V> for Ocf; <methodCall>, <methodResponse> or <params> for XmlRpc) unless -Encoding names it.'
        'Maps become PSCustomObjects (or ordered hashtables with -AsHashtable), lists become arrays (enumerated into the pipeline unless -NoEnumerate), integers become Int32 when they fit and Int64 otherwise, and doubles, booleans, DateTime values and byte arrays keep their types. An XML-RPC methodCall becomes an OcfXmlRpcCall object with MethodName and Params.'
        'An XML-RPC fault is written as an error record (ErrorId XmlRpcFault, category InvalidResult) whose target object holds FaultCode and FaultString; with -NoFaultError the fault is written to the output as an OcfXmlRpcFault object instead.'
        'Strings from the pipeline are handled like ConvertFrom-Json handles them: when the first string is a complete document, each string is decoded as its own document; otherwise the strings are joined as the lines of one document (so Get-Content output works).'
        'Malformed input is reported as a non-terminating error with ErrorId InvalidOcfXml and category InvalidData; the message names the problem with its line and column. Decoding never expands entities, refuses DTDs, and enforces limits on depth, size and string length.'
    )
    Parameters  = @{
        InputObject  = 'The XML text to decode: one string or the lines of a document from the pipeline.'
        Encoding     = 'The encoding of the input (Ocf or XmlRpc, or any registered codec name). Without it, the encoding is detected from the root element.'
        AsHashtable  = 'Returns maps as ordered hashtables (case-sensitive keys) instead of PSCustomObjects.'
        NoEnumerate  = 'Writes a decoded list to the pipeline as one array instead of enumerating its items.'
        NoFaultError = 'Writes an XML-RPC fault to the output as an OcfXmlRpcFault object instead of an error record.'
        Depth        = 'The deepest nesting of lists and maps accepted (1-1024, default 64). Deeper documents are refused as InvalidOcfXml.'
    }
    Inputs      = @(@{ Type = 'System.String'; Description = 'A document, or the lines of one.' })
    Outputs     = @(
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'Decoded maps (and scalars or list items).' }
        @{ Type = 'System.Collections.Specialized.OrderedDictionary'; Description = 'Decoded maps with -AsHashtable.' }
        @{ Type = 'Ocf.PowerShell.OcfXmlRpcCall'; Description = 'An XML-RPC methodCall.' }
        @{ Type = 'Ocf.PowerShell.OcfXmlRpcFault'; Description = 'An XML-RPC fault, with -NoFaultError.' }
    )
    Notes       = @('Error IDs: InvalidOcfXml, UnknownFormat, UnknownEncoding, XmlRpcFault, ObjectNotConvertible.')
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
