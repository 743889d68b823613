using System.Collections.Concurrent;
using System.Management.Automation;

namespace Ocf.PowerShell.Node;

/// <summary>
/// Makes node jobs first-class for Get-Job, Receive-Job, Wait-Job, Stop-Job and Remove-Job. PowerShell registers it
/// when Import-Module scans the module's public types, so it must stay public with a parameterless constructor.
/// </summary>
public sealed class OcfNodeJobSourceAdapter : JobSourceAdapter
{
    private static readonly ConcurrentDictionary<Guid, OcfNodeJob> Jobs = new();

    public OcfNodeJobSourceAdapter() => Name = nameof(OcfNodeJobSourceAdapter);

    internal static IEnumerable<OcfNodeJob> Running => Jobs.Values.Where(j => j.Runtime.IsRunning);

    internal static void Forget(OcfNodeJob job) => Jobs.TryRemove(job.InstanceId, out _);

    public override Job2 NewJob(JobInvocationInfo specification)
    {
        var job = (OcfNodeJob)specification.Parameters[0][0].Value;
        Jobs[job.InstanceId] = job;
        return job;
    }

    public override IList<Job2> GetJobs() => Jobs.Values.Cast<Job2>().ToList();
    public override IList<Job2> GetJobsByName(string name, bool recurse) =>
        Jobs.Values.Where(j => new WildcardPattern(name, WildcardOptions.IgnoreCase).IsMatch(j.Name)).Cast<Job2>().ToList();
    public override IList<Job2> GetJobsByCommand(string command, bool recurse) =>
        Jobs.Values.Where(j => new WildcardPattern(command, WildcardOptions.IgnoreCase).IsMatch(j.Command)).Cast<Job2>().ToList();
    public override IList<Job2> GetJobsByState(JobState state, bool recurse) => Jobs.Values.Where(j => j.JobStateInfo.State == state).Cast<Job2>().ToList();
    public override IList<Job2> GetJobsByFilter(Dictionary<string, object> filter, bool recurse) => [];
    public override Job2? GetJobByInstanceId(Guid instanceId, bool recurse) => Jobs.TryGetValue(instanceId, out var j) ? j : null;
    public override Job2? GetJobBySessionId(int id, bool recurse) => Jobs.Values.FirstOrDefault(j => j.Id == id);

    /// <summary>Forgets the job after stopping it (leaving gracefully); Remove-Job/-AutoRemoveJob dispose it afterwards.</summary>
    public override void RemoveJob(Job2 job)
    {
        if (job is OcfNodeJob node)
        {
            if (node.Runtime.IsRunning) node.StopJob();
            Jobs.TryRemove(node.InstanceId, out _);
        }
    }
}
