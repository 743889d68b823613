namespace Ocf.Communication;

/// <summary>Why a received datagram was dropped instead of delivered. Each reason has its own counter.</summary>
public enum OcfDropReason
{
    /// <summary>Shorter than its header says (or than a header).</summary>
    Truncated,
    /// <summary>Longer than the configured maximum datagram size.</summary>
    Oversized,
    /// <summary>Bad magic, unknown type or flags, inconsistent fragment fields, trailing bytes or an unparseable body.</summary>
    Malformed,
    /// <summary>A protocol version this node does not speak.</summary>
    UnsupportedVersion,
    /// <summary>From another cluster (cluster-name hash differs).</summary>
    WrongCluster,
    /// <summary>The key id is not in the key ring (e.g. the peer already rolled to a key this node lacks).</summary>
    UnknownKey,
    /// <summary>The HMAC does not match: forged or corrupted in transit.</summary>
    BadSignature,
    /// <summary>The ciphertext did not decrypt (AES-GCM tag mismatch).</summary>
    DecryptFailed,
    /// <summary>Encryption is configured but the packet is plaintext.</summary>
    PlaintextRefused,
    /// <summary>The compressed message did not inflate, or inflated beyond the maximum message size.</summary>
    DecompressFailed,
    /// <summary>The sender id is not a configured node.</summary>
    UnknownSender,
    /// <summary>The packet claims to come from this node.</summary>
    Reflected,
    /// <summary>Addressed to another node.</summary>
    Misdirected,
    /// <summary>Addressed to an earlier incarnation of this node.</summary>
    StaleDestination,
    /// <summary>From an older incarnation of the sender than one already seen.</summary>
    StaleIncarnation,
    /// <summary>Its sequence number was already accepted (a replay, or a duplicate made by the network).</summary>
    Replayed,
    /// <summary>Its sequence number is below the replay window.</summary>
    TooOld,
}
