using Ocf.Communication;

namespace Ocf.Membership;

public sealed partial class OcfClusterNode
{
    /// <summary>Wires the engine's output to membership and the event queue (runs under the node's lock).</summary>
    private sealed class Bridge(OcfClusterNode node) : IOcfCommunicationListener, IOcfMembershipOutput
    {
        public void OnEvent(OcfClusterEvent clusterEvent)
        {
            node._pending.Enqueue(clusterEvent);
            switch (clusterEvent)
            {
                case OcfNodeStateChanged:
                    if (node._engine.State is OcfEngineState.Running or OcfEngineState.Leaving)
                        node._membership.SetReachable(node.UpPeers(), node._engine.Now);
                    break;
                case OcfLocalLeft left:
                    node._timer?.Dispose();
                    node._left.TrySetResult(left);
                    break;
            }
        }

        public void OnControl(uint sender, ulong senderIncarnation, ReadOnlySpan<byte> body) =>
            node._membership.OnMessage(new OcfMember(sender, senderIncarnation), body, node._engine.Now);

        public void OnHeartbeatExtension(uint sender, ulong senderIncarnation, ReadOnlySpan<byte> extension) =>
            node._membership.OnPeerView(new OcfMember(sender, senderIncarnation), extension, node._engine.Now);

        public void Send(uint nodeId, ReadOnlySpan<byte> message) => node._engine.SendControl(nodeId, message);

        public void Installed(OcfView? previous, OcfView current) => node.OnInstalled(previous, current);
    }

    private IEnumerable<OcfMember> UpPeers() =>
        _engine.GetNodes().Where(n => !n.IsLocal && n.State == OcfNodeState.Up).Select(n => new OcfMember(n.NodeId, n.Incarnation));

    private void OnInstalled(OcfView? previous, OcfView current)
    {
        _engine.HeartbeatExtension = _membership.HeartbeatExtension;
        if (_options.Nodes.Where(n => n.Votes > 0).All(n => current.Contains(n.NodeId))) _allSeenTogether = true;
        var before = previous?.Members ?? [];
        var joined = current.Members.Except(before).ToArray();
        var removed = before.Except(current.Members).ToArray();
        var left = removed.Where(m => _engine.StateOf(m.NodeId) == OcfNodeState.Left && _engine.GetNodes().Any(n => n.NodeId == m.NodeId && n.Incarnation == m.Incarnation)).ToArray();
        var failed = removed.Except(left).ToArray();
        var quorum = EvaluateQuorum(current.NodeIds);
        _pending.Enqueue(new OcfViewChanged(previous, current, joined, left, failed, quorum) { LocalNodeId = NodeId, Timestamp = _engine.Now });
        if (quorum != _quorum)
        {
            var was = _quorum;
            _quorum = quorum;
            _pending.Enqueue(new OcfQuorumChanged(was, quorum) { LocalNodeId = NodeId, Timestamp = _engine.Now });
        }
    }
}
