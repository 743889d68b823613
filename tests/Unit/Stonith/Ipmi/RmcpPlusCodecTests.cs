using System.Security.Cryptography;
using Ocf.Plugins.Stonith.Ipmi.Messages;
using Ocf.Plugins.Stonith.Ipmi.RmcpPlus;
using Ocf.Plugins.Stonith.Ipmi.Session;
using Ocf.Stonith;
using Xunit;
using static Ocf.Tests.Stonith.Ipmi.IpmiVectors;

namespace Ocf.Tests.Stonith.Ipmi;

/// <summary>RMCP+ session setup, RAKP-HMAC-SHA1 and the cipher suite 3 packet protection against ipmitool's captured session.</summary>
public sealed class RmcpPlusCodecTests
{
    private static readonly byte[] UserKey = Ipmi15AuthCode.PadKey(Password, RakpHmacSha1.KeyLength);
    private static readonly byte[] Name = System.Text.Encoding.ASCII.GetBytes(UserName);
    private static readonly RmcpPlusKeys Keys = new(K1, K2);

    [Fact]
    public void OpenSessionRequest_IsWhatIpmitoolSends_AndTheResponseDecodes()
    {
        Assert.Equal(OpenSessionRequestPacket, RmcpPlusPacket.EncodeClear(RmcpPlusPayloadType.OpenSessionRequest,
            OpenSessionMessages.EncodeRequest(0, requestedMaximum: null, ConsoleSessionId)));
        var frame = RmcpPlusPacket.Decode(OpenSessionResponsePacket, keys: null);
        Assert.Equal(RmcpPlusPayloadType.OpenSessionResponse, frame.PayloadType);
        var r = OpenSessionMessages.DecodeResponse(frame.Payload);
        Assert.Equal(0, r.Status);
        Assert.Equal(ConsoleSessionId, r.ConsoleSessionId);
        Assert.Equal(BmcSessionId, r.BmcSessionId);
        Assert.Equal((1, 1, 1), (r.Authentication, r.Integrity, r.Confidentiality));
        // An error answer may stop after the status (ipmi_sim sends 2 bytes).
        Assert.Equal(0x11, OpenSessionMessages.DecodeResponse([0, 0x11]).Status);
    }

    [Fact]
    public void Rakp1_IsWhatIpmitoolSends()
    {
        Assert.Equal(Rakp1Packet, RmcpPlusPacket.EncodeClear(RmcpPlusPayloadType.Rakp1,
            RakpMessages.EncodeRakp1(0, BmcSessionId, ConsoleRandom, Role, Name)));
    }

    [Fact]
    public void Rakp2_Decodes_AndItsAuthCodeIsHmacSha1OfTheSpecifiedFields()
    {
        var rakp2 = RakpMessages.DecodeRakp2(RmcpPlusPacket.Decode(Rakp2Packet, null).Payload);
        Assert.Equal(0, rakp2.Status);
        Assert.Equal(ConsoleSessionId, rakp2.ConsoleSessionId);
        Assert.Equal(BmcRandom, rakp2.BmcRandom);
        Assert.Equal(BmcGuid, rakp2.BmcGuid);
        Assert.Equal(Rakp2AuthCode, rakp2.AuthCode);

        var code = RakpHmacSha1.Rakp2AuthCode(UserKey, ConsoleSessionId, BmcSessionId, ConsoleRandom, BmcRandom, BmcGuid, Role, Name);
        Assert.Equal(Rakp2AuthCode, code);
        // IPMI v2.0 §13.31 written out: SIDm | SIDc | Rm | Rc | GUIDc | ROLEm | ULENm | UNAMEm, keyed with Kuid.
        var input = BitConverter.GetBytes(ConsoleSessionId).Concat(BitConverter.GetBytes(BmcSessionId)).Concat(ConsoleRandom).Concat(BmcRandom)
            .Concat(BmcGuid).Concat(new[] { Role, (byte)Name.Length }).Concat(Name).ToArray();
        Assert.Equal(Rakp2AuthCode, HMACSHA1.HashData(System.Text.Encoding.ASCII.GetBytes(Password), input));   // HMAC pads the key with zeros anyway
        Assert.NotEqual(Rakp2AuthCode, RakpHmacSha1.Rakp2AuthCode(Ipmi15AuthCode.PadKey("wrongpw", 20), ConsoleSessionId, BmcSessionId,
            ConsoleRandom, BmcRandom, BmcGuid, Role, Name));
    }

    [Fact]
    public void Rakp3_IsWhatIpmitoolSends()
    {
        var code = RakpHmacSha1.Rakp3AuthCode(UserKey, BmcRandom, ConsoleSessionId, Role, Name);
        Assert.Equal(Rakp3AuthCode, code);
        Assert.Equal(Rakp3Packet, RmcpPlusPacket.EncodeClear(RmcpPlusPayloadType.Rakp3, RakpMessages.EncodeRakp3(0, 0, BmcSessionId, code)));
    }

    [Fact]
    public void SessionKeys_SikK1K2_AreDerivedAsSpecified()
    {
        var sik = RakpHmacSha1.SessionIntegrityKey(UserKey, ConsoleRandom, BmcRandom, Role, Name);
        Assert.Equal(SessionIntegrityKey, sik);
        Assert.Equal(K1, RakpHmacSha1.AdditionalKey(sik, 1));
        Assert.Equal(K2, RakpHmacSha1.AdditionalKey(sik, 2));
        Assert.Equal(HMACSHA1.HashData(sik, Enumerable.Repeat((byte)0x01, 20).ToArray()), K1);
    }

    [Fact]
    public void Rakp4_IntegrityCheck_IsHmacSha1_96_OverRmSidcGuid()
    {
        var rakp4 = RakpMessages.DecodeRakp4(RmcpPlusPacket.Decode(Rakp4Packet, null).Payload);
        Assert.Equal(0, rakp4.Status);
        Assert.Equal(ConsoleSessionId, rakp4.ConsoleSessionId);
        Assert.Equal(Rakp4IntegrityCheck, rakp4.IntegrityCheck);
        Assert.Equal(Rakp4IntegrityCheck, RakpHmacSha1.Rakp4IntegrityCheck(SessionIntegrityKey, ConsoleRandom, BmcSessionId, BmcGuid));
    }

    [Fact]
    public void SecuredPacket_IsWhatIpmitoolSends_ForTheSameIv()
    {
        var packet = RmcpPlusPacket.EncodeSecured(RmcpPlusPayloadType.Ipmi, BmcSessionId, 3, SetPrivilegeMessage, Keys, SetPrivilegeIv);
        Assert.Equal(SetPrivilegePacket, packet);
        var back = RmcpPlusPacket.Decode(packet, Keys);
        Assert.True(back.Encrypted && back.Authenticated);
        Assert.Equal(SetPrivilegeMessage, back.Payload);
    }

    [Fact]
    public void SecuredAnswer_VerifiesAndDecrypts()
    {
        var frame = RmcpPlusPacket.Decode(SetPrivilegeResponsePacket, Keys);
        Assert.Equal(ConsoleSessionId, frame.SessionId);
        Assert.Equal(1u, frame.Sequence);
        Assert.Equal(SetPrivilegeResponseMessage, frame.Payload);
        Assert.Equal([0x04], IpmiMessageCodec.DecodeResponse(frame.Payload).Data);
    }

    [Fact]
    public void SecuredAnswer_WithAnyBitChangedOrTheWrongKeys_IsRejected()
    {
        for (int i = 4; i < SetPrivilegeResponsePacket.Length; i++)
        {
            var bad = SetPrivilegeResponsePacket.ToArray();
            bad[i] ^= 0x80;
            Assert.Throws<IpmiFormatException>(() => RmcpPlusPacket.Decode(bad, Keys));
        }
        Assert.Throws<IpmiFormatException>(() => RmcpPlusPacket.Decode(SetPrivilegeResponsePacket, new RmcpPlusKeys(K2, K2)));
        Assert.Throws<IpmiFormatException>(() => RmcpPlusPacket.Decode(SetPrivilegeResponsePacket, keys: null));
    }

    [Fact]
    public void AesCbc128_PadsWith1ToN_AndRoundTrips()
    {
        var iv = new byte[16];
        for (int length = 0; length <= 40; length++)
        {
            var data = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();
            var encrypted = AesCbc128.Encrypt(K2, iv, data);
            Assert.Equal(0, encrypted.Length % 16);
            Assert.Equal(data, AesCbc128.Decrypt(K2, encrypted));
            using var aes = Aes.Create();
            aes.Key = K2[..16];
            var plain = aes.DecryptCbc(encrypted[16..], iv, PaddingMode.None);
            int pad = plain[^1];
            Assert.Equal(Enumerable.Range(1, pad).Select(i => (byte)i), plain[length..^1]);
        }
    }

    [Fact]
    public void AesCbc128_RejectsBadPadding()
    {
        using var aes = Aes.Create();
        aes.Key = K2[..16];
        var iv = new byte[16];
        var plain = Hex("20 18 c8 81 04 3b 04 3c 01 02 03 04 05 06 08 07");      // pad byte 7 is 0x08, not 0x07
        var payload = iv.Concat(aes.EncryptCbc(plain, iv, PaddingMode.None)).ToArray();
        Assert.Throws<IpmiFormatException>(() => AesCbc128.Decrypt(K2, payload));
        Assert.Throws<IpmiFormatException>(() => AesCbc128.Decrypt(K2, new byte[20]));
    }

    [Theory]
    [InlineData(0x0D, OcfStonithFailureKind.Authentication)]
    [InlineData(0x0F, OcfStonithFailureKind.Authentication)]
    [InlineData(0x09, OcfStonithFailureKind.Authentication)]
    [InlineData(0x01, OcfStonithFailureKind.Busy)]
    [InlineData(0x11, OcfStonithFailureKind.DeviceRefused)]
    public void RakpStatusCodes_HaveKinds(byte status, OcfStonithFailureKind kind)
    {
        Assert.Equal(kind, RmcpPlusStatusCodes.Kind(status, inRakp: true));
        Assert.DoesNotContain("reserved", RmcpPlusStatusCodes.Describe(status));
        Assert.Equal($"RMCP+ 0x{status:X2}", RmcpPlusStatusCodes.Code(status));
    }
}
