namespace Ocf.Communication;

internal enum OcfReceiveOutcome
{
    Accepted,
    Duplicate,
    BeyondWindow,
    Inconsistent,
}
