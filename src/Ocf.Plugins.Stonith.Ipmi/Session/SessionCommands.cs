using System.Buffers.Binary;
using Ocf.Plugins.Stonith.Ipmi.Messages;

namespace Ocf.Plugins.Stonith.Ipmi.Session;

/// <summary>What Get Channel Authentication Capabilities reports.</summary>
internal readonly record struct ChannelAuthCapabilities(byte Channel, byte AuthTypeMask, bool Ipmi20Supported, byte Status)
{
    public bool Supports(IpmiAuthType type) => (AuthTypeMask & (1 << (int)type)) != 0;
}

/// <summary>What Get Session Challenge returns: the temporary session ID and the challenge string.</summary>
internal readonly record struct SessionChallenge(uint TemporarySessionId, byte[] Challenge);

/// <summary>What Activate Session returns.</summary>
internal readonly record struct ActivatedSession(IpmiAuthType AuthType, uint SessionId, uint InitialInboundSequence, IpmiPrivilege MaxPrivilege);

/// <summary>
/// The App-netfn session management commands (IPMI v2.0 §22.13-§22.19): request data builders and parsers of the
/// response data that follows a zero completion code. Pure functions.
/// </summary>
internal static class SessionCommands
{
    public const byte GetChannelAuthCapabilitiesCmd = 0x38;
    public const byte GetSessionChallengeCmd = 0x39;
    public const byte ActivateSessionCmd = 0x3A;
    public const byte SetSessionPrivilegeLevelCmd = 0x3B;
    public const byte CloseSessionCmd = 0x3C;
    /// <summary>"This channel" in channel-number fields.</summary>
    public const byte CurrentChannel = 0x0E;

    public static IpmiRequest GetChannelAuthCapabilities(IpmiPrivilege privilege, bool ipmi20Extensions = false) =>
        new(IpmiNetFn.App, GetChannelAuthCapabilitiesCmd, [(byte)(CurrentChannel | (ipmi20Extensions ? 0x80 : 0)), (byte)privilege],
            "Get Channel Authentication Capabilities");

    public static ChannelAuthCapabilities ParseChannelAuthCapabilities(byte[] d)
    {
        if (d.Length < 3) throw new IpmiFormatException("Get Channel Authentication Capabilities response too short");
        return new ChannelAuthCapabilities(d[0], (byte)(d[1] & 0x3F), (d[1] & 0x80) != 0, d[2]);
    }

    public static IpmiRequest GetSessionChallenge(IpmiAuthType authType, ReadOnlySpan<byte> userName16)
    {
        var data = new byte[17];
        data[0] = (byte)authType;
        userName16.CopyTo(data.AsSpan(1));
        return new(IpmiNetFn.App, GetSessionChallengeCmd, data, "Get Session Challenge");
    }

    public static SessionChallenge ParseSessionChallenge(byte[] d)
    {
        if (d.Length < 20) throw new IpmiFormatException("Get Session Challenge response too short");
        return new SessionChallenge(BinaryPrimitives.ReadUInt32LittleEndian(d), d[4..20]);
    }

    public static IpmiRequest ActivateSession(IpmiAuthType authType, IpmiPrivilege maxPrivilege, ReadOnlySpan<byte> challenge, uint initialOutboundSequence)
    {
        var data = new byte[22];
        data[0] = (byte)authType;
        data[1] = (byte)maxPrivilege;
        challenge[..16].CopyTo(data.AsSpan(2));
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(18), initialOutboundSequence);
        return new(IpmiNetFn.App, ActivateSessionCmd, data, "Activate Session");
    }

    public static ActivatedSession ParseActivateSession(byte[] d)
    {
        if (d.Length < 10) throw new IpmiFormatException("Activate Session response too short");
        return new ActivatedSession((IpmiAuthType)(d[0] & 0x0F), BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(1)),
            BinaryPrimitives.ReadUInt32LittleEndian(d.AsSpan(5)), (IpmiPrivilege)(d[9] & 0x0F));
    }

    public static IpmiRequest SetSessionPrivilegeLevel(IpmiPrivilege privilege) =>
        new(IpmiNetFn.App, SetSessionPrivilegeLevelCmd, [(byte)privilege], "Set Session Privilege Level");

    public static IpmiPrivilege ParseSetSessionPrivilegeLevel(byte[] d) =>
        d.Length >= 1 ? (IpmiPrivilege)(d[0] & 0x0F) : throw new IpmiFormatException("Set Session Privilege Level response too short");

    public static IpmiRequest CloseSession(uint sessionId)
    {
        var data = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(data, sessionId);
        return new(IpmiNetFn.App, CloseSessionCmd, data, "Close Session");
    }
}
