using System.Buffers.Binary;
using System.Security.Cryptography;
using Ocf.Plugins.Stonith.Ipmi.Commands;
using Ocf.Plugins.Stonith.Ipmi.Messages;
using Ocf.Plugins.Stonith.Ipmi.Transport;
using Ocf.Stonith;

namespace Ocf.Plugins.Stonith.Ipmi.Session;

/// <summary>
/// An IPMI 1.5 session (IPMI v2.0 §6.12, §22.13-§22.16): Get Channel Authentication Capabilities, Get Session
/// Challenge and Activate Session, then Set Session Privilege Level. Every in-session message carries the session's
/// auth code (MD5 or the straight password, or none) and a fresh session sequence number; answers are accepted only
/// with the right session ID, auth type and auth code.
/// </summary>
internal sealed class Ipmi15Session : IpmiSession
{
    private readonly byte[] _password16;
    private IpmiAuthType _headerAuthType = IpmiAuthType.None;
    private uint _headerSessionId;
    private uint _nextSequence;          // 0 outside a session (and for Activate Session itself)
    private bool _active;

    private Ipmi15Session(IpmiUdpTransport transport, byte[] password16) : base(transport) => _password16 = password16;

    protected override uint BmcSessionId => _headerSessionId;

    public static Task<Ipmi15Session> OpenAsync(IpmiUdpTransport transport, IpmiLanSettings settings, CancellationToken cancellationToken)
        => EstablishAsync(new Ipmi15Session(transport, Ipmi15AuthCode.PadKey(settings.Password, Ipmi15AuthCode.Length)), (s, ct) => s.ActivateAsync(settings, ct), settings.Privilege, cancellationToken);

    private async Task ActivateAsync(IpmiLanSettings settings, CancellationToken cancellationToken)
    {
        var authType = settings.AuthType;
        var caps = SessionCommands.ParseChannelAuthCapabilities(
            await ExecuteAsync(SessionCommands.GetChannelAuthCapabilities(settings.Privilege), cancellationToken).ConfigureAwait(false));
        if (!caps.Supports(authType))
            throw new OcfStonithException(OcfStonithFailureKind.Authentication,
                $"The BMC {Transport.Target} does not offer IPMI 1.5 authentication type {authType.Name()} at privilege {settings.Privilege.Name()} " +
                $"(it offers: {DescribeMask(caps.AuthTypeMask)}).");

        var userName16 = Ipmi15AuthCode.PadKey(settings.UserName, 16);
        SessionChallenge challenge;
        try
        {
            challenge = SessionCommands.ParseSessionChallenge(
                await ExecuteAsync(SessionCommands.GetSessionChallenge(authType, userName16), cancellationToken).ConfigureAwait(false));
        }
        catch (OcfStonithException e) when (e.Kind == OcfStonithFailureKind.Authentication && e.DeviceCode is "0x81" or "0x82")
        {
            throw new OcfStonithException(OcfStonithFailureKind.Authentication,
                $"The BMC {Transport.Target} does not accept user '{settings.UserName}': {e.Message}", deviceCode: e.DeviceCode, inner: e);
        }

        // Activate Session is the first authenticated message: temporary session ID, sequence number 0.
        _headerAuthType = authType;
        _headerSessionId = challenge.TemporarySessionId;
        uint outbound = RandomNonZero();
        ActivatedSession activated;
        try
        {
            activated = SessionCommands.ParseActivateSession(await ExecuteAsync(
                SessionCommands.ActivateSession(authType, settings.Privilege, challenge.Challenge, outbound), cancellationToken).ConfigureAwait(false));
        }
        catch (OcfStonithException e) when (e.Kind == OcfStonithFailureKind.Unreachable && authType != IpmiAuthType.None)
        {
            // IPMI 1.5 BMCs silently drop a request whose auth code does not verify: the BMC answered the challenge,
            // so silence now means the password is wrong.
            throw new OcfStonithException(OcfStonithFailureKind.Authentication,
                $"The BMC {Transport.Target} did not answer Activate Session although it answered Get Session Challenge: " +
                $"the password of user '{settings.UserName}' is most likely wrong ({authType.Name()} authentication).", inner: e);
        }
        if (activated.SessionId == 0) throw new OcfStonithException(OcfStonithFailureKind.DeviceRefused, $"The BMC {Transport.Target} activated session ID 0.");
        _headerSessionId = activated.SessionId;
        _headerAuthType = activated.AuthType;
        _nextSequence = activated.InitialInboundSequence == 0 ? 1 : activated.InitialInboundSequence;
        _active = true;
        IsOpen = true;
    }

    protected override byte[] BuildPacket(IpmiRequest request, byte rqSeq)
    {
        uint sequence = 0;
        if (_active)
        {
            sequence = _nextSequence;
            _nextSequence = _nextSequence == uint.MaxValue ? 1 : _nextSequence + 1;
        }
        return Ipmi15Packet.Encode(_headerAuthType, sequence, _headerSessionId, _password16, IpmiMessageCodec.EncodeRequest(request, rqSeq));
    }

    protected override IpmiResponse? AcceptResponse(ReadOnlySpan<byte> datagram, IpmiRequest request, byte rqSeq)
    {
        var frame = Ipmi15Packet.Decode(datagram);
        if (frame.SessionId != _headerSessionId) return null;
        if (frame.AuthType != _headerAuthType)
            throw new IpmiFormatException($"answer with authentication type {frame.AuthType.Name()}, expected {_headerAuthType.Name()}");
        if (!Ipmi15Packet.Verify(frame, _password16)) throw new IpmiFormatException("answer with a wrong auth code");
        var response = IpmiMessageCodec.DecodeResponse(frame.Message);
        return response.Answers(request, rqSeq) ? response : null;
    }

    private static uint RandomNonZero()
    {
        Span<byte> b = stackalloc byte[4];
        uint v;
        do { RandomNumberGenerator.Fill(b); v = BinaryPrimitives.ReadUInt32LittleEndian(b); } while (v == 0);
        return v;
    }

    private static string DescribeMask(byte mask)
    {
        var names = new List<string>();
        foreach (var t in new[] { IpmiAuthType.None, IpmiAuthType.Md2, IpmiAuthType.Md5, IpmiAuthType.Password, IpmiAuthType.Oem })
            if ((mask & (1 << (int)t)) != 0) names.Add(t.Name());
        return names.Count == 0 ? "none at all" : string.Join(", ", names);
    }
}
