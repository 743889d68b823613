using System.Globalization;
using Ocf.Communication;
using Ocf.Membership;

namespace Ocf.Daemon;

/// <summary>One stable, greppable stdout line per event ("EVENT kind key=value ...").</summary>
internal static class EventLine
{
    public static string? Format(OcfClusterEvent e) => e switch
    {
        OcfNodeStateChanged s => $"EVENT node name={s.Name} id={s.NodeId} from={s.Previous} to={s.Current} reason={s.Reason}",
        OcfViewChanged v => $"EVENT view id={v.Current.Id} members={string.Join(",", v.Current.NodeIds)} joined={string.Join(",", v.Joined.Select(m => m.NodeId))} left={string.Join(",", v.Left.Select(m => m.NodeId))}",
        OcfQuorumChanged q => $"EVENT quorum quorate={q.Current.Quorate} votes={q.Current.Votes} expected={q.Current.ExpectedVotes}",
        OcfNodeLate l => $"EVENT late name={l.Name} silence={l.Silence.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)}",
        OcfPacketDropped d => $"EVENT dropped reason={d.Reason} sender={d.Sender}",
        OcfLocalStall s => $"EVENT stall duration={s.Duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)}",
        OcfLocalLeft l => $"EVENT left acknowledged={l.Acknowledged}",
        _ => null,
    };
}
