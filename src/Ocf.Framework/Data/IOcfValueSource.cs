namespace Ocf.Data;

/// <summary>
/// An object that has a canonical wrapped form of its own (field metadata, plugin actions): the converter uses it
/// instead of walking the object's properties, so `$plugin.Fields | ConvertTo-OcfXml` writes the paper's field
/// attributes (fieldname, basictype, …) that <c>OcfFieldCodec.FieldsFromValue</c> reads back, with secrets' defaults
/// withheld as the field codec does.
/// </summary>
public interface IOcfValueSource
{
    OcfValue ToOcfValue();
}
