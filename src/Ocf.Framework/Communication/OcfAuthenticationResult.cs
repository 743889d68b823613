namespace Ocf.Communication;

public enum OcfAuthenticationResult
{
    Valid,
    UnknownKey,
    BadSignature,
}
