namespace Ocf.Communication;

/// <summary>Why a node's state changed.</summary>
public enum OcfNodeStateReason
{
    /// <summary>First packet from this incarnation.</summary>
    FirstContact,
    /// <summary>Heard again from the same incarnation after being declared dead (a healed partition or a thawed process).</summary>
    Returned,
    /// <summary>A newer incarnation appeared: the old one is gone.</summary>
    Restarted,
    /// <summary>Nothing heard for the dead time.</summary>
    Silent,
    /// <summary>Never heard from within initdead of this node's start.</summary>
    NeverSeen,
    /// <summary>It announced a graceful leave.</summary>
    Leave,
}
