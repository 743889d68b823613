using Ocf.Plugins.Stonith.Ipmi.Commands;
using Ocf.Plugins.Stonith.Ipmi.Messages;
using Ocf.Plugins.Stonith.Ipmi.Rmcp;
using Ocf.Plugins.Stonith.Ipmi.Session;
using Ocf.Stonith;
using Xunit;
using static Ocf.Tests.Stonith.Ipmi.IpmiVectors;

namespace Ocf.Tests.Stonith.Ipmi;

/// <summary>RMCP framing, ASF ping, the IPMI LAN message and the chassis commands: pure byte-level checks.</summary>
public sealed class MessageCodecTests
{
    [Fact]
    public void AsfPing_IsWhatIpmitoolSends_AndThePongDecodes()
    {
        Assert.Equal(AsfPingPacket, AsfPing.EncodePing(messageTag: 0, rmcpSequence: 0xFF));
        var pong = AsfPing.DecodePong(AsfPongPacket);
        Assert.True(pong.IpmiSupported);
        Assert.Equal(AsfPing.AsfIana, pong.Iana);
        Assert.Equal(1, pong.AsfVersion);
        Assert.Throws<IpmiFormatException>(() => AsfPing.DecodePong(AsfPingPacket));
    }

    [Fact]
    public void RmcpHeader_IsVersion6_NoAck_WithTheClass()
    {
        var h = new byte[4];
        RmcpHeader.Write(h, RmcpHeader.ClassIpmi);
        Assert.Equal(Hex("06 00 ff 07"), h);
        Assert.Equal(RmcpHeader.ClassIpmi, RmcpHeader.Read(h));
        Assert.Throws<IpmiFormatException>(() => RmcpHeader.Read(Hex("05 00 ff 07")));
        Assert.Throws<IpmiFormatException>(() => RmcpHeader.Read(Hex("06 00")));
    }

    [Fact]
    public void Checksum_MakesTheBytesSumToZero()
    {
        var random = new Random(623);
        for (int n = 0; n < 50; n++)
        {
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            int sum = bytes.Sum(b => b) + IpmiMessageCodec.Checksum(bytes);
            Assert.Equal(0, sum & 0xFF);
        }
        Assert.Equal(0xC8, IpmiMessageCodec.Checksum(Hex("20 18")));      // rsAddr 0x20, netFn App
    }

    [Fact]
    public void Request_IsWhatIpmitoolSends()
    {
        // Get Channel Authentication Capabilities, channel "this one", administrator, rqSeq 1 (from the IPMI 1.5 capture).
        var message = IpmiMessageCodec.EncodeRequest(SessionCommands.GetChannelAuthCapabilities(IpmiPrivilege.Administrator), 1);
        Assert.Equal(ChannelAuthCapabilitiesPacket[14..], message);
        Assert.Equal(SetPrivilegeMessage, IpmiMessageCodec.EncodeRequest(SessionCommands.SetSessionPrivilegeLevel(IpmiPrivilege.Administrator), 1));
    }

    [Fact]
    public void Response_Decodes_AndIsMatchedByNetFnCommandAndSequence()
    {
        var response = IpmiMessageCodec.DecodeResponse(SetPrivilegeResponseMessage);
        Assert.Equal(0x07, response.NetFn);
        Assert.Equal(SessionCommands.SetSessionPrivilegeLevelCmd, response.Command);
        Assert.Equal(1, response.RqSeq);
        Assert.Equal(0, response.CompletionCode);
        Assert.Equal([0x04], response.Data);
        var request = SessionCommands.SetSessionPrivilegeLevel(IpmiPrivilege.Administrator);
        Assert.True(response.Answers(request, 1));
        Assert.False(response.Answers(request, 2));
        Assert.False(response.Answers(SessionCommands.CloseSession(1), 1));
    }

    [Fact]
    public void Response_WithABadChecksumOrAddress_IsRejected()
    {
        var bad = SetPrivilegeResponseMessage.ToArray();
        bad[^1] ^= 1;
        Assert.Throws<IpmiFormatException>(() => IpmiMessageCodec.DecodeResponse(bad));
        bad = SetPrivilegeResponseMessage.ToArray();
        bad[2] ^= 1;
        Assert.Throws<IpmiFormatException>(() => IpmiMessageCodec.DecodeResponse(bad));
        Assert.Throws<IpmiFormatException>(() => IpmiMessageCodec.DecodeResponse(Hex("81 1c 63")));
        // A request (even network function) is not a response.
        Assert.Throws<IpmiFormatException>(() => IpmiMessageCodec.DecodeResponse(SetPrivilegeMessage.Concat(new byte[] { 0 }).ToArray()));
    }

    [Fact]
    public void ChassisStatus_PowerOnIsBit0_OfTheFirstDataByte()
    {
        var response = IpmiMessageCodec.DecodeResponse(ChassisStatusResponseMessage);
        Assert.Equal(IpmiNetFn.Chassis | 1, response.NetFn);
        Assert.True(ChassisCommands.ParseChassisStatus(response.Data).PowerOn);
        Assert.False(ChassisCommands.ParseChassisStatus([0x00, 0x00, 0x00]).PowerOn);
        var faults = ChassisCommands.ParseChassisStatus([0x1E, 0x00, 0x00]);
        Assert.False(faults.PowerOn);
        Assert.True(faults.PowerOverload && faults.PowerInterlock && faults.PowerFault && faults.PowerControlFault);
        Assert.Throws<IpmiFormatException>(() => ChassisCommands.ParseChassisStatus([0x01]));
    }

    [Theory]
    [InlineData("PowerDown", 0x00)]
    [InlineData("PowerUp", 0x01)]
    [InlineData("PowerCycle", 0x02)]
    [InlineData("HardReset", 0x03)]
    public void ChassisControl_CarriesTheActionByte(string action, byte expected)
    {
        var request = ChassisCommands.ChassisControl(Enum.Parse<ChassisControlAction>(action));
        Assert.Equal(IpmiNetFn.Chassis, request.NetFn);
        Assert.Equal(0x02, request.Command);
        Assert.Equal([expected], request.Data);
        var message = IpmiMessageCodec.EncodeRequest(request, 5);
        Assert.Equal(Hex("20 00 e0 81 14 02").Concat(new[] { expected }).ToArray(), message[..^1]);
    }

    [Fact]
    public void DeviceId_Parses()
    {
        // ipmi_sim's answer (ipmitool raw 0x06 0x01) for the BMC of fencebmc.emu.
        var id = DeviceCommands.ParseDeviceId(Hex("00 03 09 08 02 9f 91 12 00 02 0f 00 00 00 00"));
        Assert.Equal(0x00, id.DeviceIdNumber);
        Assert.Equal(3, id.DeviceRevision);
        Assert.Equal("9.08", id.FirmwareVersion);
        Assert.Equal("2.0", id.IpmiVersion);
        Assert.Equal(0x1291u, id.ManufacturerId);
        Assert.Equal(0x0F02, id.ProductId);
    }

    [Theory]
    [InlineData(0xC1, "invalid command", OcfStonithFailureKind.DeviceRefused)]
    [InlineData(0xCC, "invalid data field", OcfStonithFailureKind.DeviceRefused)]
    [InlineData(0xD4, "insufficient privilege", OcfStonithFailureKind.Authentication)]
    [InlineData(0xD5, "not supported in the present state", OcfStonithFailureKind.DeviceRefused)]
    [InlineData(0xC0, "busy", OcfStonithFailureKind.Busy)]
    public void CompletionCodes_HaveClearMessagesAndKinds(byte cc, string text, OcfStonithFailureKind kind)
    {
        var request = ChassisCommands.ChassisControl(ChassisControlAction.PowerDown);
        Assert.Contains(text, IpmiCompletionCodes.Describe(cc));
        Assert.Equal(kind, IpmiCompletionCodes.Kind(cc, request));
        var e = IpmiCompletionCodes.ToException(new IpmiResponse(0x01, 0x02, 1, cc, []), request, "bmc:623");
        Assert.Equal(kind, e.Kind);
        Assert.Equal($"0x{cc:X2}", e.DeviceCode);
        Assert.Contains("Chassis Control (power down)", e.Message);
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void SessionCommandCodes_AreCommandSpecific()
    {
        var activate = SessionCommands.ActivateSession(IpmiAuthType.Md5, IpmiPrivilege.Administrator, new byte[16], 1);
        Assert.Contains("exceeds", IpmiCompletionCodes.Describe(0x86, activate.NetFn, activate.Command));
        Assert.Equal(OcfStonithFailureKind.Authentication, IpmiCompletionCodes.Kind(0x86, activate));
        Assert.Equal(OcfStonithFailureKind.Busy, IpmiCompletionCodes.Kind(0x81, activate));
        var challenge = SessionCommands.GetSessionChallenge(IpmiAuthType.Md5, new byte[16]);
        Assert.Equal("invalid user name", IpmiCompletionCodes.Describe(0x81, challenge.NetFn, challenge.Command));
        Assert.Equal(OcfStonithFailureKind.Authentication, IpmiCompletionCodes.Kind(0x81, challenge));
        // What a conforming BMC answers when an operator asks for administrator in an RMCP+ session.
        var raise = SessionCommands.SetSessionPrivilegeLevel(IpmiPrivilege.Administrator);
        Assert.Equal(OcfStonithFailureKind.Authentication, IpmiCompletionCodes.Kind(0x81, raise));
        Assert.Equal(OcfStonithFailureKind.Authentication, IpmiCompletionCodes.Kind(0x80, raise));
        Assert.Contains("exceeds", IpmiCompletionCodes.Describe(0x81, raise.NetFn, raise.Command));
    }
}
