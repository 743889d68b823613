namespace Ocf.PowerShell.Errors;

/// <summary>Stable ErrorIds (PowerShell appends ",&lt;cmdlet class&gt;" itself).</summary>
internal static class OcfErrorIds
{
    public const string InvalidOcfXml = "InvalidOcfXml";
    public const string InvalidMethodName = "InvalidMethodName";
    // A well-formed document over one of the decoder limits: the ErrorId names the limit (the cmdlet parameter raising it).
    public const string MaxDocumentBytesExceeded = "MaxDocumentBytesExceeded";
    public const string MaxStringLengthExceeded = "MaxStringLengthExceeded";
    public const string MaxElementsExceeded = "MaxElementsExceeded";
    public const string MaxDepthExceeded = "MaxDepthExceeded";
    public const string UnknownEncoding = "UnknownEncoding";
    public const string UnknownFormat = "UnknownFormat";
    public const string XmlRpcFault = "XmlRpcFault";
    public const string ValueNotEncodable = "ValueNotEncodable";
    public const string ObjectNotConvertible = "ObjectNotConvertible";
    public const string SecureStringNotConverted = "SecureStringNotConverted";
    public const string XmlRpcOnly = "XmlRpcParameterWithOtherEncoding";
    public const string InvalidFault = "InvalidFault";
    public const string PluginLoadFailed = "PluginLoadFailed";
    public const string PluginNotFound = "PluginNotFound";
    public const string ModuleNotFound = "ModuleNotFound";
    public const string ModuleUnloadRefused = "ModuleUnloadRefused";
    public const string PluginPathNotFound = "PluginPathNotFound";
    public const string InvalidConfiguration = "InvalidConfiguration";
}
