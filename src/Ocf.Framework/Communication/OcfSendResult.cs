namespace Ocf.Communication;

/// <summary>The outcome of a broadcast; <see cref="MessageId"/> (the stream sequence of its first fragment) names it in later events.</summary>
public readonly record struct OcfSendResult(OcfSendStatus Status, long MessageId = 0)
{
    public bool IsAccepted => Status == OcfSendStatus.Accepted;
}
