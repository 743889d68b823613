namespace Ocf.Communication;

/// <summary>
/// What the communication engine tells the layer above (membership, the runtime): events, membership control packets
/// and the extension bytes peers piggyback on heartbeats. Called synchronously on the engine's thread; implementations
/// must not call back into the engine's receive or tick methods (queue instead).
/// </summary>
public interface IOcfCommunicationListener
{
    void OnEvent(OcfClusterEvent clusterEvent);
    void OnControl(uint sender, ulong senderIncarnation, ReadOnlySpan<byte> body);
    void OnHeartbeatExtension(uint sender, ulong senderIncarnation, ReadOnlySpan<byte> extension);
}
