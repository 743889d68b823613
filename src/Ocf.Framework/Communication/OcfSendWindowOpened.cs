namespace Ocf.Communication;

/// <summary>After a broadcast was refused with <see cref="OcfSendStatus.WindowFull"/>, acknowledgements freed room again.</summary>
public sealed record OcfSendWindowOpened(int FreeDatagrams) : OcfClusterEvent;
