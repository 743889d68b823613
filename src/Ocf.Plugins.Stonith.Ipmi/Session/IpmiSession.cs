using Ocf.Plugins.Stonith.Ipmi.Commands;
using Ocf.Plugins.Stonith.Ipmi.Messages;
using Ocf.Plugins.Stonith.Ipmi.Transport;
using Ocf.Stonith;

namespace Ocf.Plugins.Stonith.Ipmi.Session;

/// <summary>
/// An activated session with a BMC (IPMI 1.5 or RMCP+): sends requests with their own requester sequence numbers,
/// matches the answers, and closes the session. The wire format is the subclass's.
/// </summary>
internal abstract class IpmiSession(IpmiUdpTransport transport)
{
    private byte _rqSeq;

    protected IpmiUdpTransport Transport { get; } = transport;

    /// <summary>True from activation until Close Session was sent.</summary>
    public bool IsOpen { get; protected set; }

    /// <summary>The session ID the BMC assigned (what Close Session names).</summary>
    protected abstract uint BmcSessionId { get; }

    /// <summary>The datagram carrying <paramref name="request"/> with <paramref name="rqSeq"/>; consumes a session sequence number.</summary>
    protected abstract byte[] BuildPacket(IpmiRequest request, byte rqSeq);

    /// <summary>The response to <paramref name="request"/> if the datagram is it; null when it is not ours; throws when malformed or inauthentic.</summary>
    protected abstract IpmiResponse? AcceptResponse(ReadOnlySpan<byte> datagram, IpmiRequest request, byte rqSeq);

    protected byte NextRqSeq() => _rqSeq = (byte)((_rqSeq + 1) & 0x3F);

    /// <summary>Sends a request (resending on silence) and returns the response, whatever its completion code.</summary>
    public Task<IpmiResponse> SendAsync(IpmiRequest request, CancellationToken cancellationToken, int? retries = null)
    {
        byte rqSeq = NextRqSeq();
        return Transport.ExchangeAsync(request.Name, () => BuildPacket(request, rqSeq), m => AcceptResponse(m.Span, request, rqSeq), cancellationToken, retries);
    }

    /// <summary>Sends a request and returns its response data; a non-zero completion code becomes an <see cref="OcfStonithException"/>.</summary>
    public async Task<byte[]> ExecuteAsync(IpmiRequest request, CancellationToken cancellationToken)
    {
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.CompletionCode != IpmiCompletionCodes.Ok) throw IpmiCompletionCodes.ToException(response, request, Transport.Target);
        return response.Data;
    }

    /// <summary>
    /// Establishes <paramref name="session"/> (the subclass's activation or RAKP handshake), raises its privilege, and
    /// closes it again if either step fails — or, on cancellation, abandons it without waiting.
    /// </summary>
    protected static async Task<T> EstablishAsync<T>(T session, Func<T, CancellationToken, Task> activate, IpmiPrivilege privilege, CancellationToken cancellationToken)
        where T : IpmiSession
    {
        try
        {
            await activate(session, cancellationToken).ConfigureAwait(false);
            await session.RaisePrivilegeAsync(privilege, cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch (OperationCanceledException)
        {
            session.Abandon();
            throw;
        }
        catch
        {
            await session.CloseAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sessions start at User level (IPMI v2.0 §22.18): raise it to what the configuration asks for.</summary>
    protected async Task RaisePrivilegeAsync(IpmiPrivilege privilege, CancellationToken cancellationToken)
    {
        if (privilege <= IpmiPrivilege.User) return;
        var granted = SessionCommands.ParseSetSessionPrivilegeLevel(
            await ExecuteAsync(SessionCommands.SetSessionPrivilegeLevel(privilege), cancellationToken).ConfigureAwait(false));
        if (granted != privilege)
            throw new OcfStonithException(OcfStonithFailureKind.Authentication,
                $"The BMC {Transport.Target} granted privilege {granted.Name()} instead of {privilege.Name()}.");
    }

    /// <summary>Sends Close Session and waits for its answer (one attempt; a lost answer is not an error).</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (!IsOpen) return;
        var request = SessionCommands.CloseSession(BmcSessionId);
        try
        {
            await SendAsync(request, cancellationToken, retries: 0).ConfigureAwait(false);
        }
        catch (OcfStonithException) { }
        catch (OperationCanceledException) { }
        finally
        {
            IsOpen = false;
        }
    }

    /// <summary>Sends Close Session without waiting (on cancellation: the BMC would otherwise keep the slot until its timeout).</summary>
    public void Abandon()
    {
        if (!IsOpen) return;
        IsOpen = false;
        try { Transport.SendAndForget(BuildPacket(SessionCommands.CloseSession(BmcSessionId), NextRqSeq())); }
        catch (Exception e) when (e is IpmiFormatException or ArgumentException) { }
    }
}
