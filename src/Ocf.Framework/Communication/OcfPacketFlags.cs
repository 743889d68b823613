namespace Ocf.Communication;

/// <summary>Header flags: which transforms were applied to the packet.</summary>
[Flags]
public enum OcfPacketFlags : byte
{
    None = 0,
    /// <summary>The message this fragment belongs to was compressed before fragmentation.</summary>
    Compressed = 1,
    /// <summary>The body is encrypted (the header is authenticated as associated data).</summary>
    Encrypted = 2,
    /// <summary>Every flag a version-1 packet may carry.</summary>
    All = Compressed | Encrypted,
}
