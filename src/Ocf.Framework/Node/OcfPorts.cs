namespace Ocf.Node;

/// <summary>
/// Ports multiplex a node's one reliable, per-sender-ordered broadcast stream among its components: the first byte
/// of every message names the port. Port 0 is the application's (<see cref="OcfNodeRuntime.Broadcast"/>); the
/// framework's own services use the ports below; 128–255 are free for third-party components.
/// </summary>
public static class OcfPorts
{
    public const byte Application = 0;
    public const byte Rpc = 1;
    public const byte Election = 2;
    public const byte Groups = 3;
    public const byte FirstUserPort = 128;
}

/// <summary>A message delivered on a port: exactly once, in the sender's order, the local node's own included.</summary>
public readonly record struct OcfPortMessage(uint Sender, ulong SenderIncarnation, long MessageId, ReadOnlyMemory<byte> Payload);
