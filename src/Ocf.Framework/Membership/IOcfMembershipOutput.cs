namespace Ocf.Membership;

/// <summary>Where the membership protocol's effects go (the cluster node: communication and its event stream).</summary>
public interface IOcfMembershipOutput
{
    /// <summary>Sends a control message to one node (unreliably; the protocol repeats what matters).</summary>
    void Send(uint nodeId, ReadOnlySpan<byte> message);

    /// <summary>A view was installed locally.</summary>
    void Installed(OcfView? previous, OcfView current);
}
