namespace Ocf.Membership;

public sealed partial class OcfMembershipProtocol
{
    private void Evaluate(TimeSpan now)
    {
        if (!IsCoordinator || (Installed is { } installed && installed.Members.SequenceEqual(_reachable) && !PeersAhead(installed.Id)))
        {
            _proposal = null;
            return;
        }
        if (_proposal is null || !_proposal.View.Members.SequenceEqual(_reachable) || now - _proposal.CreatedAt >= _proposalTimeout)
        {
            long epoch = Math.Max(_highestEpoch, Installed?.Id.Epoch ?? 0) + 1;
            _highestEpoch = epoch;
            _proposal = new OcfProposal(new OcfView(new OcfViewId(epoch, Self.NodeId, Self.Incarnation), _reachable), now);
            _proposal.Acks.Add(Self.NodeId);
            if (TryCommit()) return;
            SendProposal(now);
        }
        else if (now - _proposal.LastSentAt >= _retryInterval) SendProposal(now);
    }

    /// <summary>Some reachable peer reports a newer view than <paramref name="installed"/>: this node's view is stale.</summary>
    private bool PeersAhead(OcfViewId installed)
    {
        foreach (var member in _reachable)
            if (member.NodeId != Self.NodeId && _peerViews.TryGetValue(member.NodeId, out var theirs) && theirs > installed) return true;
        return false;
    }

    private void SendProposal(TimeSpan now)
    {
        var proposal = _proposal!;
        proposal.LastSentAt = now;
        byte[] message = new OcfMembershipMessage(OcfMembershipMessageKind.Propose, proposal.View.Id, proposal.View, default).Encode();
        foreach (var member in proposal.View.Members)
            if (!proposal.Acks.Contains(member.NodeId)) _output.Send(member.NodeId, message);
    }

    private void OnAck(OcfMember from, OcfViewId id, TimeSpan now)
    {
        if (_proposal is not { } proposal || proposal.View.Id != id || !proposal.View.Contains(from)) return;
        proposal.Acks.Add(from.NodeId);
        TryCommit();
    }

    private void OnReject(OcfViewId id, OcfViewId theirs, TimeSpan now)
    {
        _highestEpoch = Math.Max(_highestEpoch, theirs.Epoch);
        if (_proposal?.View.Id != id) return;
        _proposal = null;
        Evaluate(now);
    }

    private bool TryCommit()
    {
        var proposal = _proposal!;
        if (proposal.Acks.Count < proposal.View.Members.Length) return false;
        _proposal = null;
        byte[] message = new OcfMembershipMessage(OcfMembershipMessageKind.Commit, proposal.View.Id, proposal.View, default).Encode();
        Install(proposal.View);
        foreach (var member in proposal.View.Members)
            if (member.NodeId != Self.NodeId) _output.Send(member.NodeId, message);
        return true;
    }
}
