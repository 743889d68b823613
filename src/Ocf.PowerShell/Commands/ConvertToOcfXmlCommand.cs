using System.Collections;
using System.Management.Automation;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.XmlRpc;
using Ocf.PowerShell.Completion;
using Ocf.PowerShell.Data;
using Ocf.PowerShell.Errors;

namespace Ocf.PowerShell.Commands;

/// <summary>
/// Encodes objects as OCF XML or XML-RPC. Like ConvertTo-Json, pipeline input is gathered and written as one
/// document: one object as itself, several as a list (or, with -MethodName, as the call's parameters).
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "OcfXml", DefaultParameterSetName = ValueSet)]
[OutputType(typeof(string))]
public sealed class ConvertToOcfXmlCommand : PSCmdlet, IDisposable
{
    private const string ValueSet = "Value";
    private const string CallSet = "MethodCall";
    private const string ResponseSet = "Response";
    private const string FaultSet = "Fault";

    private readonly List<object?> _inputs = new();

    [Parameter(Position = 0, ValueFromPipeline = true)]
    [AllowNull, AllowEmptyString, AllowEmptyCollection]
    public object? InputObject { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    [ValidateNotNullOrEmpty]
    public string Encoding { get; set; } = "Ocf";

    [Parameter]
    [ValidateRange(0, 100)]
    public int Depth { get; set; } = 2;

    [Parameter]
    public SwitchParameter Compress { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = CallSet)]
    [ValidateNotNullOrEmpty]
    public string MethodName { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = ResponseSet)]
    public SwitchParameter AsResponse { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = FaultSet)]
    public SwitchParameter Fault { get; set; }

    [Parameter]
    public SwitchParameter AsPlainText { get; set; }

    private IOcfCodec _codec = null!;
    // Held for the whole pipeline, so the codec's module cannot be unloaded under this cmdlet.
    private IDisposable? _codecLease;

    public void Dispose() => _codecLease?.Dispose();

    protected override void BeginProcessing()
    {
        (_codec, _codecLease) = EncodingResolver.Resolve(this, Encoding);
        if (ParameterSetName != ValueSet && _codec is not XmlRpcCodec)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"-MethodName, -AsResponse and -Fault write XML-RPC envelopes; use them with -Encoding XmlRpc, not '{Encoding}'."),
                OcfErrorIds.XmlRpcOnly, ErrorCategory.InvalidArgument, Encoding));
        }
        if (ParameterSetName == CallSet)
        {
            // A bad -MethodName is a bad argument, found before any input is read (not a value that cannot be encoded).
            try { XmlRpcCodec.ValidateMethodName(MethodName); }
            catch (OcfEncodeException e)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(e.Message, nameof(MethodName), e),
                    OcfErrorIds.InvalidMethodName, ErrorCategory.InvalidArgument, MethodName));
            }
        }
    }

    protected override void ProcessRecord()
    {
        // A bound -InputObject with no pipeline is one object too; a missing one (e.g. a call without params) adds nothing.
        if (MyInvocation.BoundParameters.ContainsKey(nameof(InputObject)) || MyInvocation.ExpectingInput) _inputs.Add(InputObject);
    }

    protected override void EndProcessing()
    {
        if (_inputs.Count == 0 && ParameterSetName == ValueSet) return;
        var options = new OcfConversionOptions
        {
            MaxDepth = Depth,
            DepthOverflow = OcfDepthOverflow.ConvertToString,
            AllowSecureStringAsPlainText = AsPlainText,
            Adapter = PSObjectAdapter.Instance,
        };
        // -Depth counts container levels below the root (ConvertTo-Json's rule), so a converted object has up to Depth+1
        // levels, and several pipeline objects add the list around them. The encoder must allow that much (and never
        // less than its default, for wrapped values passed in as they are).
        var encoderOptions = (Compress ? OcfEncoderOptions.Default : OcfEncoderOptions.Indented) with
        {
            MaxDepth = Math.Max(OcfEncoderOptions.Default.MaxDepth, Depth + 2),
        };
        bool truncated = false;
        string xml;
        try
        {
            OcfValue Convert(object? o)
            {
                var v = OcfValueConverter.FromObject(o, options, out bool t);
                truncated |= t;
                return v;
            }
            OcfValue Whole() => _inputs.Count == 1 ? Convert(_inputs[0]) : new OcfList(_inputs.Select(Convert));
            switch (ParameterSetName)
            {
                case CallSet:
                    xml = Text(XmlRpcCodec.Instance.EncodeMessage(new XmlRpcMethodCall(MethodName, _inputs.Select(Convert).ToArray()), encoderOptions));
                    break;
                case ResponseSet:
                    xml = Text(XmlRpcCodec.Instance.EncodeMessage(new XmlRpcMethodResponse(_inputs.Count == 0 ? OcfNil.Instance : Whole()), encoderOptions));
                    break;
                case FaultSet:
                    if (_inputs.Count != 1 || ToFault(Convert(_inputs[0])) is not { } fault)
                    {
                        WriteError(new ErrorRecord(
                            new ArgumentException("-Fault takes one input object with an integer FaultCode and a string FaultString."),
                            OcfErrorIds.InvalidFault, ErrorCategory.InvalidArgument, _inputs.Count == 1 ? _inputs[0] : _inputs.ToArray()));
                        return;
                    }
                    xml = Text(XmlRpcCodec.Instance.EncodeMessage(fault, encoderOptions));
                    break;
                default:
                    xml = _codec.EncodeToString(Whole(), encoderOptions);
                    break;
            }
        }
        catch (OcfConversionException e)
        {
            bool secure = e.Reason.Contains("SecureString", StringComparison.Ordinal);
            WriteError(new ErrorRecord(e, secure ? OcfErrorIds.SecureStringNotConverted : OcfErrorIds.ObjectNotConvertible,
                secure ? ErrorCategory.SecurityError : ErrorCategory.InvalidData, e.Path));
            return;
        }
        catch (OcfEncodeException e)
        {
            WriteError(new ErrorRecord(e, OcfErrorIds.ValueNotEncodable, ErrorCategory.InvalidData, e.Path));
            return;
        }
        if (truncated)
            WriteWarning($"Resulting XML is truncated as serialization has exceeded the set depth of {Depth}.");
        WriteObject(xml);
    }

    private static string Text(byte[] utf8) => System.Text.Encoding.UTF8.GetString(utf8);

    private static XmlRpcFault? ToFault(OcfValue v)
    {
        if (v is not OcfMap m) return null;
        OcfValue? code = null, text = null;
        foreach (var (k, val) in m)
        {
            if (k.Equals("faultCode", StringComparison.OrdinalIgnoreCase)) code = val;
            else if (k.Equals("faultString", StringComparison.OrdinalIgnoreCase)) text = val;
        }
        return code is OcfInteger { Value: >= int.MinValue and <= int.MaxValue } c && text is OcfString s ? new XmlRpcFault((int)c.Value, s.Value) : null;
    }
}
