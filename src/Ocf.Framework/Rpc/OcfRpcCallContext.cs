namespace Ocf.Rpc;

/// <summary>
/// Who made the call being handled, for handlers that care (client registration, auditing). Flows with the call
/// (an async-local); null outside a call and for in-process calls that set none.
/// </summary>
/// <param name="Transport">"unix", "pipe", or another transport's name.</param>
/// <param name="ConnectionId">The server's id for the connection, unique while it runs.</param>
/// <param name="ProcessId">The caller's process id, when the transport reports it.</param>
/// <param name="UserId">The caller's user id, when the transport reports it.</param>
/// <param name="GroupId">The caller's primary group id, when the transport reports it.</param>
public sealed record OcfRpcCallContext(string Transport, long ConnectionId, int? ProcessId, uint? UserId, uint? GroupId)
{
    private static readonly AsyncLocal<OcfRpcCallContext?> CurrentContext = new();

    /// <summary>The context of the call this code runs for.</summary>
    public static OcfRpcCallContext? Current
    {
        get => CurrentContext.Value;
        set => CurrentContext.Value = value;
    }
}
