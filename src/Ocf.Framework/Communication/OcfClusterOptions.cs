using Ocf.Membership;

namespace Ocf.Communication;

/// <summary>
/// Everything the communication and membership cores need: the cluster (name, nodes, timing, windows, quorum) and
/// the local node (id, incarnation). Immutable; durations left null derive from <see cref="Keepalive"/> as documented.
/// Heartbeat's rules apply: deadtime &gt; 2 × keepalive, warntime &lt; deadtime, initdead ≥ deadtime.
/// </summary>
public sealed record OcfClusterOptions
{
    public const int DefaultMtu = 1400;
    public const int DefaultMaxMessageSize = 256 * 1024;
    /// <summary>Per-datagram overhead of the default pipeline: header 48 + AES-GCM 28 + HMAC-SHA256 32.</summary>
    public const int DefaultDatagramOverhead = OcfPacketHeader.Size + 28 + 32;

    public required string ClusterName { get; init; }
    public required IReadOnlyList<OcfNodeDefinition> Nodes { get; init; }
    public required uint LocalNodeId { get; init; }
    /// <summary>
    /// This run's generation (heartbeat's "hg"): must grow on every restart of the node (e.g. a persisted counter or
    /// start time in milliseconds) so that peers discard the old incarnation's state and replays of its packets.
    /// </summary>
    public required ulong Incarnation { get; init; }

    /// <summary>Heartbeat interval. Default 1 s.</summary>
    public TimeSpan Keepalive { get; init; } = TimeSpan.FromSeconds(1);
    private readonly TimeSpan? _deadtime, _warntime, _initdead, _tick, _nackMin, _nackMax, _retransmit, _reassembly, _stall, _leave;
    /// <summary>Silence after which a node is declared dead. Default 10 × keepalive.</summary>
    public TimeSpan Deadtime { get => _deadtime ?? Keepalive * 10; init => _deadtime = value; }
    /// <summary>Silence after which a late-heartbeat warning is raised. Default deadtime / 2.</summary>
    public TimeSpan Warntime { get => _warntime ?? Deadtime / 2; init => _warntime = value; }
    /// <summary>Time after start within which a never-heard node is not yet declared dead. Default 2 × deadtime.</summary>
    public TimeSpan Initdead { get => _initdead ?? Deadtime * 2; init => _initdead = value; }
    /// <summary>How often the driver calls Tick (timer resolution). Default keepalive / 10.</summary>
    public TimeSpan TickInterval { get => _tick ?? Keepalive / 10; init => _tick = value; }
    /// <summary>A gap is first NACKed after a random delay in [NackDelayMin, NackDelayMax] (reordering may still fill it). Default keepalive / 20 … keepalive / 4.</summary>
    public TimeSpan NackDelayMin { get => _nackMin ?? Keepalive / 20; init => _nackMin = value; }
    public TimeSpan NackDelayMax { get => _nackMax ?? Keepalive / 4; init => _nackMax = value; }
    /// <summary>A NACK still unanswered is repeated after this (jittered ±25 %). Default keepalive / 4.</summary>
    public TimeSpan RetransmitInterval { get => _retransmit ?? Keepalive / 4; init => _retransmit = value; }
    /// <summary>A partially reassembled message without progress for this long is discarded and fetched again. Default deadtime.</summary>
    public TimeSpan ReassemblyTimeout { get => _reassembly ?? Deadtime; init => _reassembly = value; }
    /// <summary>A tick later than this beyond its period is a local stall: peers' silence during it is not held against them. Default keepalive.</summary>
    public TimeSpan StallThreshold { get => _stall ?? Keepalive; init => _stall = value; }
    /// <summary>Longest graceful leave (flush outstanding messages, then announce). Default deadtime.</summary>
    public TimeSpan LeaveTimeout { get => _leave ?? Deadtime; init => _leave = value; }
    /// <summary>Measure own stalls from timer overshoot and tolerate them (on by default).</summary>
    public bool StallDetection { get; init; } = true;

    /// <summary>Largest datagram sent or accepted, all headers included. Default 1400.</summary>
    public int Mtu { get; init; } = DefaultMtu;
    /// <summary>Largest message (before compression). Default 256 KiB.</summary>
    public int MaxMessageSize { get; init; } = DefaultMaxMessageSize;
    /// <summary>Flow-control window in datagrams: sent but not yet acknowledged by every live member. Default 1024.</summary>
    public int SendWindow { get; init; } = 1024;
    /// <summary>Replay window in packets per sender (a multiple of 64). Default 1024.</summary>
    public int ReplayWindow { get; init; } = 1024;
    /// <summary>A receiver sends an explicit ack after this many newly delivered datagrams (heartbeats ack too). Default 32.</summary>
    public int AckEvery { get; init; } = 32;
    /// <summary>At most this many datagrams are retransmitted for one NACK. Default 64.</summary>
    public int MaxRetransmitBatch { get; init; } = 64;
    /// <summary>Dropped packets are reported at most once per reason per this interval (the rest are counted as suppressed). Default 1 s.</summary>
    public TimeSpan DropReportInterval { get; init; } = TimeSpan.FromSeconds(1);

    public OcfQuorumPolicy Quorum { get; init; } = new();

    public OcfNodeDefinition LocalNode => Nodes.FirstOrDefault(n => n.NodeId == LocalNodeId)
        ?? throw new InvalidOperationException($"node {LocalNodeId} is not configured");

    /// <summary>Every problem, each prefixed with the property it concerns; empty when valid.</summary>
    public IReadOnlyList<string> Validate(int datagramOverhead = DefaultDatagramOverhead)
    {
        var problems = new List<string>();
        void Check(bool ok, string path, string text) { if (!ok) problems.Add($"{path}: {text}"); }
        Check(!string.IsNullOrWhiteSpace(ClusterName), nameof(ClusterName), "required");
        Check(Nodes is { Count: > 0 }, nameof(Nodes), "at least one node is required");
        if (Nodes is not null)
        {
            for (int i = 0; i < Nodes.Count; i++)
            {
                Check(Nodes[i].NodeId != 0, $"Nodes[{i}].NodeId", "must not be 0");
                Check(!string.IsNullOrWhiteSpace(Nodes[i].Name), $"Nodes[{i}].Name", "required");
                Check(Nodes[i].Votes >= 0, $"Nodes[{i}].Votes", "must not be negative");
            }
            foreach (var dup in Nodes.GroupBy(n => n.NodeId).Where(g => g.Count() > 1)) problems.Add($"Nodes: node id {dup.Key} appears {dup.Count()} times");
            foreach (var dup in Nodes.GroupBy(n => n.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)) problems.Add($"Nodes: node name '{dup.Key}' appears {dup.Count()} times");
            Check(Nodes.Any(n => n.NodeId == LocalNodeId), nameof(LocalNodeId), $"node {LocalNodeId} is not in Nodes");
        }
        Check(Incarnation != 0, nameof(Incarnation), "must not be 0");
        Check(Keepalive > TimeSpan.Zero, nameof(Keepalive), "must be positive");
        Check(Deadtime > Keepalive * 2, nameof(Deadtime), $"must exceed 2 × keepalive ({Keepalive * 2})");
        Check(Warntime > TimeSpan.Zero && Warntime < Deadtime, nameof(Warntime), $"must be positive and below deadtime ({Deadtime})");
        Check(Initdead >= Deadtime, nameof(Initdead), $"must be at least deadtime ({Deadtime})");
        Check(TickInterval > TimeSpan.Zero && TickInterval <= Keepalive, nameof(TickInterval), "must be positive and at most keepalive");
        Check(NackDelayMin >= TimeSpan.Zero && NackDelayMax >= NackDelayMin, nameof(NackDelayMax), "must be at least NackDelayMin (both non-negative)");
        Check(RetransmitInterval > TimeSpan.Zero, nameof(RetransmitInterval), "must be positive");
        Check(ReassemblyTimeout > TimeSpan.Zero, nameof(ReassemblyTimeout), "must be positive");
        Check(StallThreshold > TimeSpan.Zero, nameof(StallThreshold), "must be positive");
        Check(LeaveTimeout >= TimeSpan.Zero, nameof(LeaveTimeout), "must not be negative");
        Check(Mtu >= 256 && Mtu <= 65507, nameof(Mtu), "must be in 256–65507");
        Check(MaxMessageSize >= 1, nameof(MaxMessageSize), "must be positive");
        Check(ReplayWindow >= 64 && ReplayWindow % 64 == 0, nameof(ReplayWindow), "must be a positive multiple of 64");
        Check(AckEvery >= 1, nameof(AckEvery), "must be positive");
        Check(MaxRetransmitBatch >= 1, nameof(MaxRetransmitBatch), "must be positive");
        int fragment = Mtu - datagramOverhead - OcfCommunicationEngine.DataSubheaderSize;
        if (fragment > 0 && MaxMessageSize >= 1)
        {
            long fragments = (MaxMessageSize + (long)fragment - 1) / fragment;
            Check(fragments <= ushort.MaxValue, nameof(MaxMessageSize), $"needs {fragments} fragments of {fragment} bytes; at most {ushort.MaxValue}");
            Check(SendWindow >= fragments * 2, nameof(SendWindow), $"must hold two largest messages ({fragments} fragments of {fragment} bytes each at MTU {Mtu})");
        }
        else problems.Add($"{nameof(Mtu)}: leaves no room for data after {datagramOverhead + OcfCommunicationEngine.DataSubheaderSize} bytes of headers");
        problems.AddRange(Quorum.Validate(Nodes ?? []).Select(p => $"{nameof(Quorum)}.{p}"));
        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem.</summary>
    public void EnsureValid(int datagramOverhead = DefaultDatagramOverhead)
    {
        var problems = Validate(datagramOverhead);
        if (problems.Count > 0) throw new ArgumentException("Invalid cluster options:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)));
    }
}
