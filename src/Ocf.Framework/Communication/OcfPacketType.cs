namespace Ocf.Communication;

/// <summary>What a datagram carries. Only <see cref="Data"/> is sequenced by reliable delivery; the rest are control packets.</summary>
public enum OcfPacketType : byte
{
    /// <summary>One fragment of a reliably delivered message (body: stream sequence, stream base, fragment bytes).</summary>
    Data = 1,
    /// <summary>Liveness, the sender's highest stream sequence, the receiver's stream base, a cumulative ack and an upper-layer extension.</summary>
    Heartbeat = 2,
    /// <summary>A cumulative acknowledgement of the destination's stream.</summary>
    Ack = 3,
    /// <summary>A retransmission request: ranges of the destination's stream sequences the sender misses.</summary>
    Nack = 4,
    /// <summary>Graceful leave: the sender is going away; not a failure.</summary>
    Leave = 5,
    /// <summary>Confirms a <see cref="Leave"/>.</summary>
    LeaveAck = 6,
    /// <summary>A membership protocol message (opaque to communication).</summary>
    Membership = 7,
}
