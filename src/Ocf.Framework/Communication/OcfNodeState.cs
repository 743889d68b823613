namespace Ocf.Communication;

/// <summary>A node's status as this node sees it (heartbeat's init/up/dead, plus left for a graceful leave).</summary>
public enum OcfNodeState
{
    /// <summary>Never heard from since this node started.</summary>
    Init,
    /// <summary>Heard from within the dead time.</summary>
    Up,
    /// <summary>Silent for the dead time (or never heard within initdead), or restarted with a new incarnation.</summary>
    Dead,
    /// <summary>Left the cluster gracefully (it said so).</summary>
    Left,
}
