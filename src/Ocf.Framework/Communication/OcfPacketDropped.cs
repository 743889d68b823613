namespace Ocf.Communication;

/// <summary>
/// A received datagram was dropped (never delivered). Reported at most once per reason per report interval;
/// <see cref="Suppressed"/> counts the drops of that reason not reported since the previous report. Every drop is
/// counted in <see cref="OcfCommunicationCounters"/> regardless.
/// </summary>
/// <param name="Sender">The claimed sender, if the header could be read (not authenticated for signature failures).</param>
public sealed record OcfPacketDropped(OcfDropReason Reason, uint? Sender, string Detail, long Suppressed) : OcfClusterEvent;
