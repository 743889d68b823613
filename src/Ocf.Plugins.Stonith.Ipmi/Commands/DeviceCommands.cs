using System.Buffers.Binary;
using Ocf.Plugins.Stonith.Ipmi.Messages;

namespace Ocf.Plugins.Stonith.Ipmi.Commands;

/// <summary>What Get Device ID reports (IPMI v2.0 §20.1), the fields a diagnostic shows.</summary>
internal readonly record struct DeviceId(byte DeviceIdNumber, byte DeviceRevision, byte FirmwareMajor, byte FirmwareMinorBcd, byte IpmiVersionBcd,
    uint ManufacturerId, ushort ProductId)
{
    public string FirmwareVersion => $"{FirmwareMajor}.{FirmwareMinorBcd:X2}";
    public string IpmiVersion => $"{IpmiVersionBcd & 0x0F}.{IpmiVersionBcd >> 4}";
}

/// <summary>Get Device ID: request builder and response-data parser.</summary>
internal static class DeviceCommands
{
    public const byte GetDeviceIdCmd = 0x01;

    public static IpmiRequest GetDeviceId() => new(IpmiNetFn.App, GetDeviceIdCmd, [], "Get Device ID");

    public static DeviceId ParseDeviceId(byte[] d)
    {
        if (d.Length < 11) throw new IpmiFormatException($"Get Device ID response too short ({d.Length} data bytes)");
        uint manufacturer = (uint)(d[6] | d[7] << 8 | (d[8] & 0x0F) << 16);
        return new DeviceId(d[0], (byte)(d[1] & 0x0F), (byte)(d[2] & 0x7F), d[3], d[4], manufacturer, BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan(9)));
    }
}
