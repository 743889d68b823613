namespace Ocf.Membership;

internal enum OcfMembershipMessageKind : byte
{
    Propose = 1,
    Ack = 2,
    Commit = 3,
    Reject = 4,
}
