namespace Ocf.Tests.Stonith.Ipmi;

/// <summary>
/// Datagrams and keys captured from `ipmitool -vvvvv` (1.8.19) talking to ipmi_sim (OpenIPMI 2.0.33) with user
/// admin / password fencepw: one RMCP+ cipher-suite-3 session and one IPMI 1.5 MD5 session. Independent of this
/// plugin's code, so they check it against another implementation.
/// </summary>
internal static class IpmiVectors
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "").Replace("\n", ""));

    public const string UserName = "admin";
    public const string Password = "fencepw";

    // ---- RMCP+ (ipmitool -I lanplus -C 3) ----
    public const uint ConsoleSessionId = 0xA0A2A3A4;
    public const uint BmcSessionId = 0x00000202;
    public const byte Role = 0x14;      // name-only lookup | administrator

    public static readonly byte[] OpenSessionRequestPacket = Hex(
        "06 00 ff 07 06 10 00 00 00 00 00 00 00 00 20 00 00 00 00 00 a4 a3 a2 a0 00 00 00 08 01 00 00 00" +
        "01 00 00 08 01 00 00 00 02 00 00 08 01 00 00 00");
    public static readonly byte[] OpenSessionResponsePacket = Hex(
        "06 00 ff 07 06 11 00 00 00 00 00 00 00 00 24 00 00 00 00 00 a4 a3 a2 a0 02 02 00 00 00 00 00 08" +
        "01 00 00 00 01 00 00 08 01 00 00 00 02 00 00 08 01 00 00 00");
    public static readonly byte[] ConsoleRandom = Hex("76 2c 21 7c b6 43 83 c3 3f 82 db 7e 49 d1 96 5a");
    public static readonly byte[] Rakp1Packet = Hex(
        "06 00 ff 07 06 12 00 00 00 00 00 00 00 00 21 00 00 00 00 00 02 02 00 00 76 2c 21 7c b6 43 83 c3" +
        "3f 82 db 7e 49 d1 96 5a 14 00 00 05 61 64 6d 69 6e");
    public static readonly byte[] Rakp2Packet = Hex(
        "06 00 ff 07 06 13 00 00 00 00 00 00 00 00 3c 00 00 00 00 00 a4 a3 a2 a0 91 5f 5a 29 00 cf 75 06" +
        "e5 15 8b f2 8f a9 af 8a a1 23 45 67 89 ab cd ef a1 23 45 67 89 ab cd ef fb b5 13 c0 a7 8e 64 ea" +
        "fa e2 03 94 45 4a fa 28 fa 72 d8 e8");
    public static readonly byte[] BmcRandom = Hex("91 5f 5a 29 00 cf 75 06 e5 15 8b f2 8f a9 af 8a");
    public static readonly byte[] BmcGuid = Hex("a1 23 45 67 89 ab cd ef a1 23 45 67 89 ab cd ef");
    public static readonly byte[] Rakp2AuthCode = Hex("fb b5 13 c0 a7 8e 64 ea fa e2 03 94 45 4a fa 28 fa 72 d8 e8");
    public static readonly byte[] Rakp3AuthCode = Hex("cc d2 2d e9 ed 9c fc 70 ae c2 91 8a 22 7b 06 5c 83 a9 34 17");
    public static readonly byte[] Rakp3Packet = Hex(
        "06 00 ff 07 06 14 00 00 00 00 00 00 00 00 1c 00 00 00 00 00 02 02 00 00 cc d2 2d e9 ed 9c fc 70" +
        "ae c2 91 8a 22 7b 06 5c 83 a9 34 17");
    public static readonly byte[] SessionIntegrityKey = Hex("fc 4e 85 ca 70 53 d6 c0 27 7c a5 40 87 61 1c e1 95 c2 5d 21");
    public static readonly byte[] K1 = Hex("8f af 90 f7 f4 5d f2 bb c7 68 c3 3c 68 0c 75 25 f5 61 85 e8");
    public static readonly byte[] K2 = Hex("5b 12 6f 27 07 14 ab 9a 38 f2 39 d2 a3 09 45 b8 73 d2 96 df");
    public static readonly byte[] Rakp4Packet = Hex(
        "06 00 ff 07 06 15 00 00 00 00 00 00 00 00 14 00 00 00 00 00 a4 a3 a2 a0 fe 77 67 c5 ab 7d 8d ea a3 61 07 d1");
    public static readonly byte[] Rakp4IntegrityCheck = Hex("fe 77 67 c5 ab 7d 8d ea a3 61 07 d1");

    /// <summary>Set Session Privilege Level (administrator), rqSeq 1, session sequence 3, with this IV.</summary>
    public static readonly byte[] SetPrivilegeIv = Hex("3d 91 7f fe a7 6e 33 08 50 c5 53 59 07 fa a4 f1");
    public static readonly byte[] SetPrivilegeMessage = Hex("20 18 c8 81 04 3b 04 3c");
    public static readonly byte[] SetPrivilegePacket = Hex(
        "06 00 ff 07 06 c0 02 02 00 00 03 00 00 00 20 00 3d 91 7f fe a7 6e 33 08 50 c5 53 59 07 fa a4 f1" +
        "29 23 07 d7 af 49 c3 29 01 f7 b3 9a fc 2c d1 a9 ff ff 02 07 b6 13 55 8c 67 b4 8a bc dc e8 bd 8c");
    public static readonly byte[] SetPrivilegeResponsePacket = Hex(
        "06 00 ff 07 06 c0 a4 a3 a2 a0 01 00 00 00 20 00 16 eb 6b a6 58 58 ab e6 bf fa 30 5d 89 ad 65 1d" +
        "ba f8 1e 52 9d a8 b4 43 76 e5 03 91 13 41 44 63 ff ff 02 07 b3 4f 01 f3 70 81 27 65 e3 0d 34 6b");
    public static readonly byte[] SetPrivilegeResponseMessage = Hex("81 1c 63 20 04 3b 00 04 9d");
    /// <summary>A decrypted Get Chassis Status response: power on.</summary>
    public static readonly byte[] ChassisStatusResponseMessage = Hex("81 04 7b 20 18 01 00 01 00 00 c6");

    // ---- IPMI 1.5 (ipmitool -I lan -A MD5) ----
    public static readonly byte[] AsfPingPacket = Hex("06 00 ff 06 00 00 11 be 80 00 00 00");
    public static readonly byte[] AsfPongPacket = Hex("06 00 ff 06 00 00 11 be 40 00 00 10 00 00 11 be 00 00 00 00 81 00 00 00 00 00 00 00");
    public static readonly byte[] ChannelAuthCapabilitiesPacket = Hex("06 00 ff 07 00 00 00 00 00 00 00 00 00 09 20 18 c8 81 04 38 0e 04 31");
    public static readonly byte[] ChannelAuthCapabilitiesResponsePacket = Hex(
        "06 00 ff 07 00 00 00 00 00 00 00 00 00 10 81 1c 63 20 04 38 00 01 15 04 00 00 00 00 00 8a");
    public static readonly byte[] SessionChallengePacket = Hex(
        "06 00 ff 07 00 00 00 00 00 00 00 00 00 18 20 18 c8 81 08 39 02 61 64 6d 69 6e 00 00 00 00 00 00 00 00 00 00 00 33");
    public static readonly byte[] SessionChallengeResponsePacket = Hex(
        "06 00 ff 07 00 00 00 00 00 00 00 00 00 1c 81 1c 63 20 08 39 00 85 01 00 00 bb 8c 4f 86 2d 66 70" +
        "8d 93 19 90 a4 00 4d ae d1 c1");
    public const uint TemporarySessionId = 0x00000185;
    public static readonly byte[] Challenge = Hex("bb 8c 4f 86 2d 66 70 8d 93 19 90 a4 00 4d ae d1");
    public const uint ConsoleOutboundSequence = 0xCEE36B7A;
    public static readonly byte[] ActivateSessionPacket = Hex(
        "06 00 ff 07 02 00 00 00 00 85 01 00 00 e3 c7 74 10 79 43 26 a8 74 83 91 ec ae d4 6a af 1d 20 18" +
        "c8 81 0c 3a 02 04 bb 8c 4f 86 2d 66 70 8d 93 19 90 a4 00 4d ae d1 7a 6b e3 ce 45");
    public static readonly byte[] ActivateSessionResponsePacket = Hex(
        "06 00 ff 07 02 7a 6b e3 ce 85 01 00 00 ac 1d c1 70 b8 e8 6e 93 88 8d 4a 72 2d d0 ff d8 12 81 1c" +
        "63 20 0c 3a 00 02 04 03 00 00 04 b7 cd 82 04 83");
    public const uint SessionId15 = 0x00000304;
    public const uint InboundSequence15 = 0x82CDB704;
    public static readonly byte[] SetPrivilege15Packet = Hex(
        "06 00 ff 07 02 04 b7 cd 82 04 03 00 00 38 e0 e7 cc 53 25 fc dd c4 6d a7 75 4c 8e a5 00 08 20 18 c8 81 10 3b 04 30");
    public static readonly byte[] SetPrivilege15ResponsePacket = Hex(
        "06 00 ff 07 02 7a 6b e3 ce 04 03 00 00 ef e0 94 4d 1f 9e c5 2a b1 9d e3 77 6c d9 79 e4 09 81 1c 63 20 10 3b 00 04 91");
    /// <summary>An in-session answer with completion code 0xC1 (invalid command: ipmitool's HPM probe, netFn 0x2C cmd 0x3E).</summary>
    public static readonly byte[] InvalidCommand15ResponsePacket = Hex(
        "06 00 ff 07 02 7b 6b e3 ce 04 03 00 00 c6 a7 85 ed 9b 45 55 97 5f a0 e7 db b5 ef ae 1e 08 81 b4 cb 20 14 3e c1 cd");
}
