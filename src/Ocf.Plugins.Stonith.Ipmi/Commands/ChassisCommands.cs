using Ocf.Plugins.Stonith.Ipmi.Messages;

namespace Ocf.Plugins.Stonith.Ipmi.Commands;

/// <summary>Chassis Control actions (IPMI v2.0 §28.3).</summary>
internal enum ChassisControlAction : byte
{
    PowerDown = 0x00,
    PowerUp = 0x01,
    PowerCycle = 0x02,
    HardReset = 0x03,
    DiagnosticInterrupt = 0x04,
    SoftShutdown = 0x05,
}

/// <summary>The parts of Get Chassis Status this plugin reads (IPMI v2.0 §28.2).</summary>
internal readonly record struct ChassisStatus(bool PowerOn, bool PowerOverload, bool PowerInterlock, bool PowerFault, bool PowerControlFault, byte LastPowerEvent);

/// <summary>Chassis commands: request builders and response-data parsers. Pure functions.</summary>
internal static class ChassisCommands
{
    public const byte GetChassisStatusCmd = 0x01;
    public const byte ChassisControlCmd = 0x02;

    public static IpmiRequest GetChassisStatus() => new(IpmiNetFn.Chassis, GetChassisStatusCmd, [], "Get Chassis Status");

    public static ChassisStatus ParseChassisStatus(byte[] d)
    {
        if (d.Length < 3) throw new IpmiFormatException($"Get Chassis Status response too short ({d.Length} data bytes)");
        byte p = d[0];
        return new ChassisStatus((p & 0x01) != 0, (p & 0x02) != 0, (p & 0x04) != 0, (p & 0x08) != 0, (p & 0x10) != 0, d[1]);
    }

    public static IpmiRequest ChassisControl(ChassisControlAction action) =>
        new(IpmiNetFn.Chassis, ChassisControlCmd, [(byte)action], $"Chassis Control ({Describe(action)})");

    public static string Describe(ChassisControlAction action) => action switch
    {
        ChassisControlAction.PowerDown => "power down",
        ChassisControlAction.PowerUp => "power up",
        ChassisControlAction.PowerCycle => "power cycle",
        ChassisControlAction.HardReset => "hard reset",
        ChassisControlAction.DiagnosticInterrupt => "diagnostic interrupt",
        ChassisControlAction.SoftShutdown => "soft shutdown",
        _ => $"action 0x{(byte)action:X2}",
    };
}
