@{
    Synopsis    = 'Encodes objects as OCF XML (the compact <L>/<AL> subset) or as XML-RPC.'
    Description = @(
        'ConvertTo-OcfXml turns hashtables, ordered dictionaries, PSCustomObjects, arrays and scalars into an XML document in one of the registered encodings: Ocf (the Open Cluster Framework''s compact XML subset, the default) or XmlRpc. Every value type (string, 64-bit integer, boolean, double, date and time, binary, null, list, map) round-trips through ConvertFrom-OcfXml with its type.'
        'Like ConvertTo-Json, objects arriving from the pipeline are gathered into one document: a single object is written as itself, several as a list. With -MethodName the document is an XML-RPC methodCall whose parameters are the input objects, one parameter per object; -AsResponse writes a methodResponse and -Fault a fault response.'
        'Objects nested deeper than -Depth are written as their ToString() text and a warning says so. A SecureString is never written in clear text unless -AsPlainText is given. Strings that contain characters XML cannot carry (control characters other than tab, newline and carriage return) are refused with the error ValueNotEncodable: send such data as a byte array.'
        'Which properties are written: a PSCustomObject becomes a map of all its properties, in order. Any other object is converted through its .NET object: a dictionary as a map, a collection as a list, field metadata (Get-OcfPlugin''s Fields and Actions) in the paper''s form (fieldname, basictype, ...), Guid, Uri, Version and IPAddress as their text, a TimeSpan as [-][d.]hh:mm:ss[.fffffff], an enum as its name, and other objects as a map of their public properties. Properties that PowerShell adds to an object (NoteProperty, PSPath and other ETS members) are not written; pick them with Select-Object first, which makes a PSCustomObject.'
    )
    Parameters  = @{
        InputObject = 'The object to encode. Accepts pipeline input; several pipeline objects are written as one list (or as the parameters of a methodCall).'
        Encoding    = 'The encoding to write: Ocf (alias of ocf-xml, the default) or XmlRpc (alias of xml-rpc). Tab completion lists every registered codec.'
        Depth       = 'How many levels of nested containers below the input object are written (0-100, default 2, as ConvertTo-Json). Deeper objects are written as their ToString() text and a warning is shown. The output then holds up to Depth+1 levels (Depth+2 for several pipeline objects, which are wrapped in a list); ConvertFrom-OcfXml reads 64 levels by default, so read deeper output with its -Depth parameter.'
        Compress    = 'Writes the document without line breaks and indentation.'
        MethodName  = 'Writes an XML-RPC methodCall with this method name (letters, digits, _ . : /). The input objects become its parameters. Requires -Encoding XmlRpc.'
        AsResponse  = 'Writes an XML-RPC methodResponse carrying the input as its one value. Requires -Encoding XmlRpc.'
        Fault       = 'Writes an XML-RPC fault response from one input object with an integer FaultCode and a string FaultString (as ConvertFrom-OcfXml -NoFaultError returns). Requires -Encoding XmlRpc.'
        AsPlainText = 'Writes SecureString values as clear text. Without this switch a SecureString in the input is an error (SecureStringNotConverted).'
    }
    Inputs      = @(@{ Type = 'System.Object'; Description = 'Any object: hashtables and PSCustomObjects become maps, arrays become lists.' })
    Outputs     = @(@{ Type = 'System.String'; Description = 'One XML document (UTF-8 text).' })
    Notes       = @(
        'The ocf-xml grammar is documented in docs/ocf-xml.md. XML-RPC dateTime.iso8601 carries whole seconds and no time zone, by the specification: fractions of a second and the DateTime kind are not written in that encoding (use Ocf to keep them).'
        'Error IDs: UnknownEncoding, XmlRpcParameterWithOtherEncoding, ValueNotEncodable, ObjectNotConvertible, SecureStringNotConverted, InvalidFault.'
    )
    Examples    = @(
        @{
            Title   = 'Encode a cluster configuration'
            Code    = @'
$config = [ordered]@{ cluster = 'alpha'; nodes = @('node1', 'node2'); deadtime = 30; quorum = $true }
$config | ConvertTo-OcfXml -Depth 5
'@
            Remarks = 'Writes an <AL> document whose deadtime item carries type="integer" and quorum type="boolean", so the types survive the round trip.'
        }
        @{
            Title   = 'Write an XML-RPC call'
            Code    = @'
'node1', 30 | ConvertTo-OcfXml -Encoding XmlRpc -MethodName stonith.reset -Compress
'@
            Remarks = 'Writes <methodCall><methodName>stonith.reset</methodName> with two parameters: the string node1 and the int 30.'
        }
        @{
            Title   = 'Write a fault response'
            Code    = @'
[pscustomobject]@{ FaultCode = 4; FaultString = 'Too many parameters.' } | ConvertTo-OcfXml -Encoding XmlRpc -Fault
'@
            Remarks = 'Writes a methodResponse holding a fault struct with faultCode 4 and faultString "Too many parameters.".'
        }
    )
    Links       = @('ConvertFrom-OcfXml', 'ConvertTo-Json')
}
