namespace Ocf.Communication;

/// <summary>A configured cluster node: id (any non-zero 32-bit number), name, quorum votes, transport addresses.</summary>
public sealed record OcfNodeDefinition(uint NodeId, string Name)
{
    /// <summary>Quorum votes (corosync's quorum_votes); 0 for a node that never counts.</summary>
    public int Votes { get; init; } = 1;
    /// <summary>Transport addresses (the UDP transport's business; unused by the protocol core).</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];
}
