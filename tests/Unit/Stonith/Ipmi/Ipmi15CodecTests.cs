using System.Buffers.Binary;
using System.Security.Cryptography;
using Ocf.Plugins.Stonith.Ipmi.Messages;
using Ocf.Plugins.Stonith.Ipmi.Session;
using Xunit;
using static Ocf.Tests.Stonith.Ipmi.IpmiVectors;

namespace Ocf.Tests.Stonith.Ipmi;

/// <summary>IPMI 1.5 session packets and MD5 / straight-password auth codes against ipmitool's captured session.</summary>
public sealed class Ipmi15CodecTests
{
    private static readonly byte[] Password16 = Ipmi15AuthCode.PadKey(Password, 16);

    [Fact]
    public void Md5AuthCode_IsMd5OfPasswordSessionIdMessageSequencePassword()
    {
        // IPMI v2.0 §22.17.1, written out independently of the plugin's code.
        byte[] message = ActivateSessionPacket[30..];
        var input = new List<byte>();
        input.AddRange(Password16);
        input.AddRange(BitConverter.GetBytes(TemporarySessionId));      // little-endian on every .NET platform we run on
        input.AddRange(message);
        input.AddRange(BitConverter.GetBytes(0u));
        input.AddRange(Password16);
        Assert.True(BitConverter.IsLittleEndian);
        var expected = MD5.HashData(input.ToArray());
        Assert.Equal(expected, Ipmi15AuthCode.Compute(IpmiAuthType.Md5, Password16, TemporarySessionId, message, 0));
        Assert.Equal(ActivateSessionPacket[13..29], expected);          // and ipmitool computed the same
    }

    [Fact]
    public void StraightPasswordAuthCode_IsThePaddedPassword()
    {
        Assert.Equal(Hex("66 65 6e 63 65 70 77 00 00 00 00 00 00 00 00 00"), Ipmi15AuthCode.Compute(IpmiAuthType.Password, Password16, 1, [1, 2], 2));
        Assert.Throws<ArgumentException>(() => Ipmi15AuthCode.PadKey(new string('x', 17), 16));
        Assert.Equal(new byte[16], Ipmi15AuthCode.PadKey(null, 16));
    }

    [Fact]
    public void SessionlessPackets_AreWhatIpmitoolSends()
    {
        Assert.Equal(ChannelAuthCapabilitiesPacket, Ipmi15Packet.Encode(IpmiAuthType.None, 0, 0, Password16,
            IpmiMessageCodec.EncodeRequest(SessionCommands.GetChannelAuthCapabilities(IpmiPrivilege.Administrator), 1)));
        Assert.Equal(SessionChallengePacket, Ipmi15Packet.Encode(IpmiAuthType.None, 0, 0, Password16,
            IpmiMessageCodec.EncodeRequest(SessionCommands.GetSessionChallenge(IpmiAuthType.Md5, Ipmi15AuthCode.PadKey(UserName, 16)), 2)));
    }

    [Fact]
    public void SessionlessAnswers_Decode()
    {
        var caps = SessionCommands.ParseChannelAuthCapabilities(Answer(ChannelAuthCapabilitiesResponsePacket).Data);
        Assert.Equal(1, caps.Channel);
        Assert.True(caps.Supports(IpmiAuthType.None) && caps.Supports(IpmiAuthType.Md5) && caps.Supports(IpmiAuthType.Password));
        Assert.False(caps.Supports(IpmiAuthType.Md2));

        var challenge = SessionCommands.ParseSessionChallenge(Answer(SessionChallengeResponsePacket).Data);
        Assert.Equal(TemporarySessionId, challenge.TemporarySessionId);
        Assert.Equal(Challenge, challenge.Challenge);
    }

    [Fact]
    public void ActivateSession_IsWhatIpmitoolSends_AndItsAnswerVerifies()
    {
        var request = SessionCommands.ActivateSession(IpmiAuthType.Md5, IpmiPrivilege.Administrator, Challenge, ConsoleOutboundSequence);
        Assert.Equal(ActivateSessionPacket, Ipmi15Packet.Encode(IpmiAuthType.Md5, 0, TemporarySessionId, Password16, IpmiMessageCodec.EncodeRequest(request, 3)));

        var frame = Ipmi15Packet.Decode(ActivateSessionResponsePacket);
        Assert.Equal(IpmiAuthType.Md5, frame.AuthType);
        Assert.Equal(TemporarySessionId, frame.SessionId);
        Assert.Equal(ConsoleOutboundSequence, frame.SessionSequence);
        Assert.True(Ipmi15Packet.Verify(frame, Password16));
        Assert.False(Ipmi15Packet.Verify(frame, Ipmi15AuthCode.PadKey("wrongpw", 16)));

        var response = IpmiMessageCodec.DecodeResponse(frame.Message);
        Assert.True(response.Answers(request, 3));
        var activated = SessionCommands.ParseActivateSession(response.Data);
        Assert.Equal(SessionId15, activated.SessionId);
        Assert.Equal(InboundSequence15, activated.InitialInboundSequence);
        Assert.Equal(IpmiPrivilege.Administrator, activated.MaxPrivilege);
        Assert.Equal(IpmiAuthType.Md5, activated.AuthType);
    }

    [Fact]
    public void InSessionPackets_CarrySequenceAndAuthCode()
    {
        var message = IpmiMessageCodec.EncodeRequest(SessionCommands.SetSessionPrivilegeLevel(IpmiPrivilege.Administrator), 4);
        Assert.Equal(SetPrivilege15Packet, Ipmi15Packet.Encode(IpmiAuthType.Md5, InboundSequence15, SessionId15, Password16, message));

        var frame = Ipmi15Packet.Decode(SetPrivilege15ResponsePacket);
        Assert.True(Ipmi15Packet.Verify(frame, Password16));
        Assert.Equal([0x04], IpmiMessageCodec.DecodeResponse(frame.Message).Data);

        var refused = Ipmi15Packet.Decode(InvalidCommand15ResponsePacket);
        Assert.True(Ipmi15Packet.Verify(refused, Password16));
        Assert.Equal(0xC1, IpmiMessageCodec.DecodeResponse(refused.Message).CompletionCode);
    }

    [Fact]
    public void TamperedPackets_FailVerification()
    {
        for (int i = 4; i < SetPrivilege15ResponsePacket.Length; i++)
        {
            if (i is >= 13 and < 29) continue;                         // the auth code itself: changes it, still fails below
            var bad = SetPrivilege15ResponsePacket.ToArray();
            bad[i] ^= 0x01;
            bool rejected;
            try { rejected = !Ipmi15Packet.Verify(Ipmi15Packet.Decode(bad), Password16); }
            catch (IpmiFormatException) { rejected = true; }
            Assert.True(rejected, $"a flipped bit at byte {i} went unnoticed");
        }
    }

    [Fact]
    public void StraightPasswordAndNonePackets_RoundTrip()
    {
        var message = IpmiMessageCodec.EncodeRequest(SessionCommands.CloseSession(SessionId15), 9);
        var straight = Ipmi15Packet.Encode(IpmiAuthType.Password, 7, SessionId15, Password16, message);
        Assert.Equal(Password16, straight[13..29]);
        var frame = Ipmi15Packet.Decode(straight);
        Assert.True(Ipmi15Packet.Verify(frame, Password16));
        Assert.Equal(message, frame.Message);
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(straight.AsSpan(5)));

        var none = Ipmi15Packet.Encode(IpmiAuthType.None, 7, SessionId15, Password16, message);
        Assert.Equal(14 + message.Length, none.Length);                 // no auth code field
        Assert.Equal(message, Ipmi15Packet.Decode(none).Message);
    }

    private static IpmiResponse Answer(byte[] packet) => IpmiMessageCodec.DecodeResponse(Ipmi15Packet.Decode(packet).Message);
}
