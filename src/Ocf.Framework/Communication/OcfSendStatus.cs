namespace Ocf.Communication;

public enum OcfSendStatus
{
    /// <summary>Queued for every live member (and delivered locally already).</summary>
    Accepted,
    /// <summary>
    /// The send window is full: members have not acknowledged enough earlier datagrams. Nothing was queued; retry after
    /// <see cref="OcfSendWindowOpened"/> (flow control: a slow receiver cannot make the sender's memory grow).
    /// </summary>
    WindowFull,
    /// <summary>The message exceeds the maximum message size.</summary>
    TooLarge,
    /// <summary>The node is not started, is leaving, or has left.</summary>
    NotRunning,
}
