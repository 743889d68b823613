using Ocf.Data;

namespace Ocf.Rpc.Cluster;

/// <summary>One member's answer to a cluster-wide call: its result, or the fault its method raised.</summary>
public sealed record OcfClusterCallAnswer(uint NodeId, string NodeName, OcfValue? Result, int? FaultCode, string? FaultString)
{
    public bool IsFault => FaultCode is not null;
}

/// <summary>A member that did not answer a cluster-wide call, and why (died, left, restarted, timed out), as a cluster fault code.</summary>
public sealed record OcfClusterCallMissing(uint NodeId, string NodeName, int FaultCode, string Reason);

/// <summary>The outcome of <see cref="OcfClusterRpc.CallAllAsync"/>: every member of the view the call went to is in exactly one of the two.</summary>
public sealed record OcfClusterCallResults(IReadOnlyDictionary<uint, OcfClusterCallAnswer> Answers, IReadOnlyList<OcfClusterCallMissing> NotAnswered);
