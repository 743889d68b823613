using System.Buffers.Binary;
using System.Security.Cryptography;
using Ocf.Plugins.Stonith.Ipmi.Messages;
using Ocf.Plugins.Stonith.Ipmi.Session;
using Ocf.Plugins.Stonith.Ipmi.Transport;
using Ocf.Stonith;

namespace Ocf.Plugins.Stonith.Ipmi.RmcpPlus;

/// <summary>
/// An RMCP+ (IPMI v2.0) session with cipher suite 3 (IPMI v2.0 §13.14-§13.23): Open Session Request/Response, the
/// RAKP 1-4 key exchange with RAKP-HMAC-SHA1 (both sides prove they know the user's key), then every message
/// authenticated with HMAC-SHA1-96 (K1) and encrypted with AES-CBC-128 (K2, a random IV per packet).
/// </summary>
internal sealed class RmcpPlusSession : IpmiSession
{
    private RmcpPlusKeys? _keys;
    private uint _consoleSessionId;
    private uint _bmcSessionId;
    private uint _nextSequence = 1;
    private byte _tag;

    private RmcpPlusSession(IpmiUdpTransport transport) : base(transport) { }

    protected override uint BmcSessionId => _bmcSessionId;

    public static Task<RmcpPlusSession> OpenAsync(IpmiUdpTransport transport, IpmiLanSettings settings, CancellationToken cancellationToken)
        => EstablishAsync(new RmcpPlusSession(transport), (s, ct) => s.HandshakeAsync(settings, ct), settings.Privilege, cancellationToken);

    private async Task HandshakeAsync(IpmiLanSettings settings, CancellationToken ct)
    {
        string bmc = Transport.Target;
        _consoleSessionId = RandomNonZero();
        byte[] userName = System.Text.Encoding.UTF8.GetBytes(settings.UserName);
        byte[] userKey = Ipmi15AuthCode.PadKey(settings.Password, RakpHmacSha1.KeyLength);
        byte role = (byte)(RakpMessages.NameOnlyLookup | (byte)settings.Privilege);

        // Open Session: propose cipher suite 3's algorithms.
        byte tag = ++_tag;
        var opened = await Transport.ExchangeAsync("Open Session Request",
            () => RmcpPlusPacket.EncodeClear(RmcpPlusPayloadType.OpenSessionRequest, OpenSessionMessages.EncodeRequest(tag, settings.Privilege, _consoleSessionId)),
            m => Clear(m.Span, RmcpPlusPayloadType.OpenSessionResponse) is { } p && OpenSessionMessages.DecodeResponse(p) is var r && r.Tag == tag
                && (r.Status != 0 || r.ConsoleSessionId == _consoleSessionId) ? r : null,
            ct).ConfigureAwait(false);
        if (opened.Status != 0) throw StatusFailure("Open Session Request", opened.Status, inRakp: false);
        if (opened.Authentication != CipherSuite3.RakpHmacSha1 || opened.Integrity != CipherSuite3.HmacSha196 || opened.Confidentiality != CipherSuite3.AesCbc128)
            throw new OcfStonithException(OcfStonithFailureKind.DeviceRefused,
                $"The BMC {bmc} answered the cipher suite 3 proposal with other algorithms (authentication {opened.Authentication}, integrity {opened.Integrity}, confidentiality {opened.Confidentiality}).");
        _bmcSessionId = opened.BmcSessionId;

        // RAKP 1 / 2: our random number, the user; the BMC's random number, GUID and proof it knows the user's key.
        byte[] consoleRandom = RandomNumberGenerator.GetBytes(RakpHmacSha1.RandomLength);
        tag = ++_tag;
        var rakp2 = await Transport.ExchangeAsync("RAKP Message 1",
            () => RmcpPlusPacket.EncodeClear(RmcpPlusPayloadType.Rakp1, RakpMessages.EncodeRakp1(tag, _bmcSessionId, consoleRandom, role, userName)),
            m => Clear(m.Span, RmcpPlusPayloadType.Rakp2) is { } p && RakpMessages.DecodeRakp2(p) is var r && r.Tag == tag
                && (r.Status != 0 || r.ConsoleSessionId == _consoleSessionId) ? r : null,
            ct).ConfigureAwait(false);
        if (rakp2.Status != 0) throw StatusFailure("RAKP Message 1", rakp2.Status, inRakp: true, settings.UserName);
        var expected = RakpHmacSha1.Rakp2AuthCode(userKey, _consoleSessionId, _bmcSessionId, consoleRandom, rakp2.BmcRandom, rakp2.BmcGuid, role, userName);
        if (!CryptographicOperations.FixedTimeEquals(expected, rakp2.AuthCode))
        {
            // Tell the BMC to drop the half-open session (RAKP 3 with an error status), then report.
            Transport.SendAndForget(RmcpPlusPacket.EncodeClear(RmcpPlusPayloadType.Rakp3,
                RakpMessages.EncodeRakp3(++_tag, RmcpPlusStatusCodes.InvalidIntegrityCheckValue, _bmcSessionId, [])));
            throw new OcfStonithException(OcfStonithFailureKind.Authentication,
                $"The BMC {bmc} does not share the key of user '{settings.UserName}': its RAKP 2 authentication code does not match (wrong password).");
        }

        // RAKP 3 / 4: our proof; the BMC's check value over the session integrity key.
        byte[] sik = RakpHmacSha1.SessionIntegrityKey(userKey, consoleRandom, rakp2.BmcRandom, role, userName);
        byte[] rakp3Code = RakpHmacSha1.Rakp3AuthCode(userKey, rakp2.BmcRandom, _consoleSessionId, role, userName);
        tag = ++_tag;
        var rakp4 = await Transport.ExchangeAsync("RAKP Message 3",
            () => RmcpPlusPacket.EncodeClear(RmcpPlusPayloadType.Rakp3, RakpMessages.EncodeRakp3(tag, 0, _bmcSessionId, rakp3Code)),
            m => Clear(m.Span, RmcpPlusPayloadType.Rakp4) is { } p && RakpMessages.DecodeRakp4(p) is var r && r.Tag == tag
                && (r.Status != 0 || r.ConsoleSessionId == _consoleSessionId) ? r : null,
            ct).ConfigureAwait(false);
        if (rakp4.Status != 0) throw StatusFailure("RAKP Message 3", rakp4.Status, inRakp: true, settings.UserName);
        if (!CryptographicOperations.FixedTimeEquals(RakpHmacSha1.Rakp4IntegrityCheck(sik, consoleRandom, _bmcSessionId, rakp2.BmcGuid), rakp4.IntegrityCheck))
            throw new OcfStonithException(OcfStonithFailureKind.Authentication,
                $"The BMC {bmc} sent a RAKP 4 integrity check value that does not match the session key (wrong password or a forged answer).");

        _keys = new RmcpPlusKeys(RakpHmacSha1.AdditionalKey(sik, 1), RakpHmacSha1.AdditionalKey(sik, 2));
        IsOpen = true;
    }

    /// <summary>The payload of a clear (session-setup) packet of the expected type, or null for other packets.</summary>
    private static byte[]? Clear(ReadOnlySpan<byte> datagram, RmcpPlusPayloadType expected)
    {
        if (!RmcpPlusPacket.IsRmcpPlus(datagram)) return null;
        var frame = RmcpPlusPacket.Decode(datagram, keys: null);
        return frame.PayloadType == expected && frame.SessionId == 0 ? frame.Payload : null;
    }

    private OcfStonithException StatusFailure(string step, byte status, bool inRakp, string? userName = null)
    {
        string hint = inRakp && status is 0x0D or 0x12 && userName is not null ? $" (is user '{userName}' known to the BMC?)" : "";
        return new OcfStonithException(RmcpPlusStatusCodes.Kind(status, inRakp),
            $"The BMC {Transport.Target} refused {step}: status 0x{status:X2} ({RmcpPlusStatusCodes.Describe(status)}){hint}.",
            deviceCode: RmcpPlusStatusCodes.Code(status));
    }

    protected override byte[] BuildPacket(IpmiRequest request, byte rqSeq)
    {
        var keys = _keys ?? throw new InvalidOperationException("the RMCP+ session is not active");
        uint sequence = _nextSequence;
        _nextSequence = _nextSequence == uint.MaxValue ? 1 : _nextSequence + 1;
        return RmcpPlusPacket.EncodeSecured(RmcpPlusPayloadType.Ipmi, _bmcSessionId, sequence, IpmiMessageCodec.EncodeRequest(request, rqSeq),
            keys, RandomNumberGenerator.GetBytes(AesCbc128.BlockLength));
    }

    protected override IpmiResponse? AcceptResponse(ReadOnlySpan<byte> datagram, IpmiRequest request, byte rqSeq)
    {
        if (!RmcpPlusPacket.IsRmcpPlus(datagram)) return null;
        if (datagram.Length >= 10 && BinaryPrimitives.ReadUInt32LittleEndian(datagram[6..]) != _consoleSessionId) return null;
        var frame = RmcpPlusPacket.Decode(datagram, _keys);
        if (!frame.Authenticated || !frame.Encrypted) throw new IpmiFormatException("an unprotected packet in an authenticated, encrypted session");
        if (frame.PayloadType != RmcpPlusPayloadType.Ipmi) return null;
        var response = IpmiMessageCodec.DecodeResponse(frame.Payload);
        return response.Answers(request, rqSeq) ? response : null;
    }

    private static uint RandomNonZero()
    {
        Span<byte> b = stackalloc byte[4];
        uint v;
        do { RandomNumberGenerator.Fill(b); v = BinaryPrimitives.ReadUInt32LittleEndian(b); } while (v == 0);
        return v;
    }
}
