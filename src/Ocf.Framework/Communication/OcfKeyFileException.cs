namespace Ocf.Communication;

/// <summary>A cluster key file is missing, unsafe (readable by others) or unparseable. The message says how to fix it.</summary>
public sealed class OcfKeyFileException(string path, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Path { get; } = path;
}
