namespace Ocf.Communication;

/// <summary>The engine's state about one other configured node.</summary>
internal sealed class OcfPeer(OcfNodeDefinition definition, int replayWindow)
{
    public OcfNodeDefinition Definition { get; } = definition;
    public uint NodeId => Definition.NodeId;
    public string Name => Definition.Name;
    public OcfNodeState State { get; set; } = OcfNodeState.Init;
    /// <summary>Its current incarnation; 0 until first heard.</summary>
    public ulong Incarnation { get; set; }
    public TimeSpan LastHeard { get; set; }
    public bool EverHeard { get; set; }
    public bool Warned { get; set; }
    public bool LeaveAcked { get; set; }
    public OcfReplayWindow Replay { get; } = new(replayWindow);
    /// <summary>Its stream towards this node (for its current incarnation), created on first data or base announcement.</summary>
    public OcfReliableReceiver? Stream { get; set; }
    /// <summary>Packet sequence of the next datagram this node sends to it (replay protection on its side).</summary>
    public ulong NextPacketSequence { get; set; } = 1;
}
