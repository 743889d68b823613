namespace Ocf.Data;

/// <summary>What to do with objects nested deeper than <see cref="OcfConversionOptions.MaxDepth"/>.</summary>
public enum OcfDepthOverflow
{
    /// <summary>Raise an <see cref="OcfConversionException"/> (the library default: nothing is lost silently).</summary>
    Throw,
    /// <summary>Write the object's ToString() instead, as ConvertTo-Json does, and report truncation to the caller.</summary>
    ConvertToString,
}

/// <summary>Lets a host (PowerShell) explain its own wrapper objects to the converter without the framework referencing it.</summary>
public interface IOcfObjectAdapter
{
    /// <summary>
    /// Returns true when the adapter understood <paramref name="obj"/>: either <paramref name="properties"/> is set
    /// (the object becomes a map of them, in order) or <paramref name="replacement"/> is the object to convert instead.
    /// </summary>
    bool TryAdapt(object obj, out object? replacement, out IEnumerable<KeyValuePair<string, object?>>? properties);
}

public sealed class OcfConversionOptions
{
    public static readonly OcfConversionOptions Default = new();

    /// <summary>
    /// Container nesting allowed below the root (the root container is depth 0, as ConvertTo-Json counts). The default,
    /// 63, gives 64 levels in all: exactly what the codecs' default limits accept.
    /// </summary>
    public int MaxDepth { get; init; } = 63;
    public OcfDepthOverflow DepthOverflow { get; init; } = OcfDepthOverflow.Throw;
    /// <summary>A SecureString is an error unless the caller asks for its clear text explicitly with this flag.</summary>
    public bool AllowSecureStringAsPlainText { get; init; }
    public IOcfObjectAdapter? Adapter { get; init; }
}
