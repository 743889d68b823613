using System.Management.Automation;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Plugins;
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
public sealed class ConvertFromOcfXmlCommand : PSCmdlet, IDisposable
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
    public int Depth { get; set; } = OcfDecoderLimits.Default.MaxDepth;

    // The size limits carry OcfDecoderLimits' property names (the aliases are the names people guess first).
    [Parameter]
    [Alias("MaxDocumentSize")]
    [ValidateRange(1, int.MaxValue)]
    public int MaxDocumentBytes { get; set; } = (int)OcfDecoderLimits.Default.MaxDocumentBytes;

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaxStringLength { get; set; } = OcfDecoderLimits.Default.MaxStringLength;

    [Parameter]
    [Alias("MaxElementCount")]
    [ValidateRange(1, int.MaxValue)]
    public int MaxElements { get; set; } = OcfDecoderLimits.Default.MaxElements;

    private IOcfCodec? _codec;
    // Held for the whole pipeline, so the codec's module cannot be unloaded under this cmdlet.
    private IDisposable? _codecLease;

    // Codecs found by detection, leased until the pipeline ends like a named one.
    private readonly List<IDisposable> _detectedLeases = new();

    public void Dispose()
    {
        _codecLease?.Dispose();
        foreach (var lease in _detectedLeases) lease.Dispose();
    }

    private IOcfCodec? CodecFor(byte[] utf8)
    {
        if (_codec is not null) return _codec;
        var found = OcfCodecRegistry.Default.Detect(utf8);
        if (found is null || OcfPluginManager.Default.AcquireCodec(found.Name) is not { } lease) return found;
        _detectedLeases.Add(lease);
        return lease.Instance;
    }

    protected override void BeginProcessing()
    {
        if (Encoding is not null) (_codec, _codecLease) = EncodingResolver.Resolve(this, Encoding);
    }

    protected override void ProcessRecord() => _inputs.Add(InputObject);

    protected override void EndProcessing()
    {
        if (_inputs.Count == 0) return;
        var limits = new OcfDecoderLimits
        {
            MaxDepth = Depth,
            MaxDocumentBytes = MaxDocumentBytes,
            MaxStringLength = MaxStringLength,
            MaxElements = MaxElements,
        };
        if (_inputs.Count > 1 && TryDecode(_inputs[0], limits, out _, out _))
        {
            // One document per string; blank strings (a file's trailing empty line) are skipped, as ConvertFrom-Json does.
            foreach (var doc in _inputs)
                if (!string.IsNullOrWhiteSpace(doc)) DecodeAndWrite(doc, limits);
        }
        else DecodeAndWrite(string.Join("\n", _inputs), limits);
    }

    private bool TryDecode(string text, OcfDecoderLimits limits, out IOcfCodec? codec, out object? result)
    {
        result = null;
        codec = null;
        try
        {
            byte[] utf8 = ToUtf8(text, limits);
            codec = CodecFor(utf8);
            if (codec is null) return false;
            result = codec is XmlRpcCodec x ? x.DecodeMessage(utf8, limits) : codec.Decode(utf8, limits);
            return true;
        }
        catch (OcfFormatException) { return false; }
    }

    /// <summary>
    /// The document's UTF-8 bytes, refused over -MaxDocumentBytes before anything else looks at them. Detection then
    /// reads the whole (bounded) document, so any amount of comments or whitespace may come before the root element.
    /// </summary>
    private byte[] ToUtf8(string text, OcfDecoderLimits limits) => Utf8Input.FromString(_codec?.Name ?? "xml", text, limits);

    private void DecodeAndWrite(string text, OcfDecoderLimits limits)
    {
        try
        {
            byte[] utf8 = ToUtf8(text, limits);
            var codec = CodecFor(utf8);
            if (codec is null)
            {
                WriteError(new ErrorRecord(
                    new FormatException("The input is not a document of a known encoding (expected <L>, <AL>, <V>, <methodCall>, <methodResponse> or <params> at the root); name one with -Encoding."),
                    OcfErrorIds.UnknownFormat, ErrorCategory.InvalidData, Shorten(text)));
                return;
            }
            if (codec is XmlRpcCodec xmlRpc) WriteMessage(xmlRpc.DecodeMessage(utf8, limits));
            else WriteValue(codec.Decode(utf8, limits));
        }
        catch (OcfFormatException e)
        {
            WriteError(FormatError(e, text));
        }
        catch (OcfConversionException e)
        {
            WriteError(new ErrorRecord(e, OcfErrorIds.ObjectNotConvertible, ErrorCategory.InvalidData, e.Path));
        }
    }

    /// <summary>Malformed input is InvalidOcfXml; a document over a limit gets the limit's own ErrorId and the parameter that raises it.</summary>
    private static ErrorRecord FormatError(OcfFormatException e, string text)
    {
        (string id, string? parameter) = e.Limit switch
        {
            OcfDecoderLimits.Names.MaxDocumentBytes => (OcfErrorIds.MaxDocumentBytesExceeded, "-MaxDocumentBytes"),
            OcfDecoderLimits.Names.MaxStringLength => (OcfErrorIds.MaxStringLengthExceeded, "-MaxStringLength"),
            OcfDecoderLimits.Names.MaxElements => (OcfErrorIds.MaxElementsExceeded, "-MaxElements"),
            OcfDecoderLimits.Names.MaxDepth => (OcfErrorIds.MaxDepthExceeded, "-Depth"),
            _ => (OcfErrorIds.InvalidOcfXml, null),
        };
        var record = new ErrorRecord(e, id, ErrorCategory.InvalidData, Shorten(text));
        record.ErrorDetails = new ErrorDetails(e.Message)
        {
            RecommendedAction = parameter is null
                ? $"Fix the input at line {e.Line}, column {e.Column}."
                : $"If the document is trusted, raise {parameter} (the limit guards against hostile input).",
        };
        return record;
    }

    private void WriteMessage(XmlRpcMessage message)
    {
        switch (message)
        {
            case XmlRpcMethodCall call:
                WriteObject(new OcfXmlRpcCall(call.MethodName, call.Params.Select(ToPowerShell).ToArray()));
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
        WriteObject(ToPowerShell(value), enumerateCollection: value is OcfList && !NoEnumerate);

    // Integers are Int64, the data model's integer (and what ConvertFrom-Json returns), whatever their size or XML-RPC type.
    private object? ToPowerShell(OcfValue value) => PSValueConverter.ToPowerShell(value, AsHashtable);

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
