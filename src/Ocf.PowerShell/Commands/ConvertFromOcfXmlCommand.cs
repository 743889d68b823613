using System.Management.Automation;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.XmlRpc;
using Ocf.PowerShell.Completion;
using Ocf.PowerShell.Data;
using Ocf.PowerShell.Errors;

namespace Ocf.PowerShell.Commands;

/// <summary>
/// Decodes OCF XML or XML-RPC into PowerShell objects. Strings from the pipeline are gathered like ConvertFrom-Json
/// does: if the first string is a whole document, every string is its own document; otherwise the lines are joined.
/// </summary>
[Cmdlet(VerbsData.ConvertFrom, "OcfXml")]
[OutputType(typeof(PSObject), typeof(System.Collections.Specialized.OrderedDictionary), typeof(OcfXmlRpcCall), typeof(OcfXmlRpcFault))]
public sealed class ConvertFromOcfXmlCommand : PSCmdlet
{
    private readonly List<string> _inputs = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyString]
    public string InputObject { get; set; } = string.Empty;

    [Parameter]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Encoding { get; set; }

    [Parameter]
    public SwitchParameter AsHashtable { get; set; }

    [Parameter]
    public SwitchParameter NoEnumerate { get; set; }

    [Parameter]
    public SwitchParameter NoFaultError { get; set; }

    [Parameter]
    [ValidateRange(1, 1024)]
    public int Depth { get; set; } = 64;

    private IOcfCodec? _codec;

    protected override void BeginProcessing()
    {
        if (Encoding is not null) _codec = EncodingResolver.Resolve(this, Encoding);
    }

    protected override void ProcessRecord() => _inputs.Add(InputObject);

    protected override void EndProcessing()
    {
        if (_inputs.Count == 0) return;
        var limits = OcfDecoderLimits.Default with { MaxDepth = Depth };
        if (_inputs.Count > 1 && TryDecode(_inputs[0], limits, out _, out _))
        {
            foreach (var doc in _inputs) DecodeAndWrite(doc, limits);
        }
        else DecodeAndWrite(string.Join("\n", _inputs), limits);
    }

    private bool TryDecode(string text, OcfDecoderLimits limits, out IOcfCodec? codec, out object? result)
    {
        result = null;
        codec = _codec ?? Detect(text);
        if (codec is null) return false;
        try
        {
            result = codec is XmlRpcCodec x ? x.DecodeMessage(text, limits) : codec.Decode(text, limits);
            return true;
        }
        catch (OcfFormatException) { return false; }
    }

    private static IOcfCodec? Detect(string text)
    {
        int n = Math.Min(text.Length, 4096);
        return OcfCodecRegistry.Default.Detect(System.Text.Encoding.UTF8.GetBytes(text.Substring(0, n)));
    }

    private void DecodeAndWrite(string text, OcfDecoderLimits limits)
    {
        var codec = _codec ?? Detect(text);
        if (codec is null)
        {
            WriteError(new ErrorRecord(
                new FormatException("The input is not a document of a known encoding (expected <L>, <AL>, <V>, <methodCall>, <methodResponse> or <params> at the root); name one with -Encoding."),
                OcfErrorIds.UnknownFormat, ErrorCategory.InvalidData, Shorten(text)));
            return;
        }
        try
        {
            if (codec is XmlRpcCodec xmlRpc) WriteMessage(xmlRpc.DecodeMessage(text, limits));
            else WriteValue(codec.Decode(text, limits));
        }
        catch (OcfFormatException e)
        {
            var record = new ErrorRecord(e, OcfErrorIds.InvalidOcfXml, ErrorCategory.InvalidData, Shorten(text));
            record.ErrorDetails = new ErrorDetails(e.Message)
            {
                RecommendedAction = $"Fix the input at line {e.Line}, column {e.Column}.",
            };
            WriteError(record);
        }
        catch (OcfConversionException e)
        {
            WriteError(new ErrorRecord(e, OcfErrorIds.ObjectNotConvertible, ErrorCategory.InvalidData, e.Path));
        }
    }

    private void WriteMessage(XmlRpcMessage message)
    {
        switch (message)
        {
            case XmlRpcMethodCall call:
                WriteObject(new OcfXmlRpcCall(call.MethodName, call.Params.Select(p => PSValueConverter.ToPowerShell(p, AsHashtable)).ToArray()));
                break;
            case XmlRpcMethodResponse response:
                WriteValue(response.Value);
                break;
            case XmlRpcParams p:
                WriteValue(p.Params.Count == 1 ? p.Params[0] : new OcfList(p.Params));
                break;
            case XmlRpcFault fault:
                var record = new OcfXmlRpcFault(fault.FaultCode, fault.FaultString);
                if (NoFaultError) WriteObject(record);
                else WriteError(new ErrorRecord(new XmlRpcFaultException(fault), OcfErrorIds.XmlRpcFault, ErrorCategory.InvalidResult, record));
                break;
        }
    }

    private void WriteValue(OcfValue value) =>
        WriteObject(PSValueConverter.ToPowerShell(value, AsHashtable), enumerateCollection: value is OcfList && !NoEnumerate);

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
