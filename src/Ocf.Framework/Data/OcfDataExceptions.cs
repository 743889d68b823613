namespace Ocf.Data;

/// <summary>A map was given the same key twice.</summary>
public sealed class OcfDuplicateKeyException(string key)
    : ArgumentException($"Duplicate map key '{key}': keys of an associative array must be unique.")
{
    public string Key { get; } = key;
}

/// <summary>
/// A .NET object could not be turned into a wrapped value (or back). <see cref="Path"/> names where, e.g. <c>$.nodes[1].password</c>.
/// </summary>
public sealed class OcfConversionException(string path, string message)
    : InvalidOperationException($"{message} (at {path})")
{
    public string Path { get; } = path;
    public string Reason { get; } = message;
}
