namespace Ocf.Groups;

/// <summary>A group operation that cannot be done: a duplicate join, a left handle, a stopped service, a bad name.</summary>
public sealed class OcfGroupException : InvalidOperationException
{
    public OcfGroupException(string message, string? group = null, string? member = null) : base(message)
    {
        Group = group;
        Member = member;
    }

    public string? Group { get; }
    public string? Member { get; }
}
