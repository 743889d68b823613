using System.Globalization;
using Ocf.Configuration;
using Ocf.Data;

namespace Ocf.Plugins.Stonith.PowerSwitch.Common;

/// <summary>The fields the power-switch plugins share, and readers of their normalised values.</summary>
internal static class PowerSwitchFields
{
    public const string SerialPortName = "serial_port";
    public const string BaudRateName = "baud_rate";
    public const string LockDirName = "lock_dir";
    public const string LockTimeoutName = "lock_timeout";
    public const string IpName = "ip";
    public const string PortName = "port";
    public const string UsernameName = "username";
    public const string PasswordName = "password";
    public const string OutletsName = "outlets";
    public const string NativeRebootName = "native_reboot";
    public const string LoginTimeoutName = "login_timeout";
    public const string ResponseTimeoutName = "response_timeout";
    public const string PowerTimeoutName = "power_timeout";

    /// <summary>The default lock directory: the FHS one on Unix; unused on Windows.</summary>
    public const string DefaultLockDirectory = "/var/lock";

    public static OcfField SerialPort(string device) => new()
    {
        FieldName = SerialPortName,
        Label = "Serial port",
        SpecialType = OcfSpecialTypes.Tty,
        Required = true,
        ShortText = $"The serial port the {device} is attached to (/dev/ttyS0, /dev/ttyUSB0, COM1).",
        Aliases = ["ttydev", "serial_device"],
    };

    public static OcfField BaudRate(int standard, params string[] allowed) => new()
    {
        FieldName = BaudRateName,
        Label = "Line speed",
        BasicType = OcfBasicType.Integer,
        Default = new OcfInteger(standard),
        EnumValues = allowed,
        ShortText = $"Bits per second, 8N1, no flow control (the device's standard is {standard}).",
    };

    public static readonly OcfField LockDirectory = new()
    {
        FieldName = LockDirName,
        Label = "Lock directory",
        SpecialType = OcfSpecialTypes.Path,
        Default = new OcfString(DefaultLockDirectory),
        ShortText = "Where the UUCP lock file LCK..<tty> of the serial port is kept (Linux and Unix; not used on Windows).",
    };

    public static readonly OcfField LockTimeout = Seconds(LockTimeoutName, "Lock wait", 10,
        "How long to wait for the serial port while another live process holds its lock, before failing as busy.");

    public static readonly OcfField Ip = new()
    {
        FieldName = IpName,
        Label = "Address",
        SpecialType = OcfSpecialTypes.Host,
        Required = true,
        ShortText = "Host name or IP address of the power switch.",
        Aliases = ["ipaddr"],
    };

    public static readonly OcfField Port = new()
    {
        FieldName = PortName,
        Label = "Telnet port",
        BasicType = OcfBasicType.Integer,
        SpecialType = OcfSpecialTypes.Port,
        Default = new OcfInteger(23),
        ShortText = "TCP port of the switch's telnet command line.",
        Aliases = ["ipport"],
    };

    public static OcfField Username(bool required, string text) => new()
    {
        FieldName = UsernameName,
        Label = "User name",
        Required = required,
        ShortText = text,
        Aliases = ["login"],
    };

    public static OcfField Password(bool required, string text) => new()
    {
        FieldName = PasswordName,
        Label = "Password",
        SpecialType = OcfSpecialTypes.Password,
        Secret = true,
        Required = required,
        ShortText = text,
        Aliases = ["passwd"],
    };

    /// <summary>The host ↔ outlet mapping: a list of {host, outlet}; a host listed twice has two outlets (dual supplies).</summary>
    public static OcfField Outlets(OcfField outlet, bool required, int? maxCount, string text) => new()
    {
        FieldName = OutletsName,
        Label = "Outlets",
        Class = OcfFieldClass.Struct,
        IsArray = true,
        Required = required,
        MinCount = required ? 1 : null,
        MaxCount = maxCount,
        ShortText = text,
        SubFields =
        [
            new() { FieldName = "host", Label = "Host", Required = true, ShortText = "The host (cluster node) powered by the outlet.", Aliases = ["node"] },
            outlet with { FieldName = "outlet", Required = true },
        ],
    };

    public static readonly OcfField NativeReboot = new()
    {
        FieldName = NativeRebootName,
        Label = "Use the switch's reboot",
        BasicType = OcfBasicType.Boolean,
        Default = OcfBoolean.False,
        ShortText = "Reboot with the switch's own power-cycle command. Off (default): off, confirmed off, then on, confirmed on.",
    };

    public static OcfField Seconds(string name, string label, double value, string text) => new()
    {
        FieldName = name,
        Label = label,
        BasicType = OcfBasicType.Double,
        SpecialType = OcfSpecialTypes.Seconds,
        Default = new OcfDouble(value),
        ShortText = text,
    };

    public static string Text(OcfMap configuration, string name) => ((OcfString)configuration[name]).Value;

    public static string? OptionalText(OcfMap configuration, string name) =>
        configuration.TryGetValue(name, out var v) && v is OcfString s ? s.Value : null;

    public static int Integer(OcfMap configuration, string name) => checked((int)((OcfInteger)configuration[name]).Value);

    public static bool Flag(OcfMap configuration, string name) => ((OcfBoolean)configuration[name]).Value;

    public static TimeSpan Duration(OcfMap configuration, string name) => TimeSpan.FromSeconds(((OcfDouble)configuration[name]).Value);

    public static SerialSettings Serial(OcfMap configuration, TimeSpan writeTimeout) => new(
        Text(configuration, SerialPortName),
        Integer(configuration, BaudRateName),
        Text(configuration, LockDirName),
        Duration(configuration, LockTimeoutName),
        writeTimeout);

    /// <summary>An outlet value as text, whatever its basic type (1 → "1").</summary>
    public static string OutletText(OcfValue value) => value switch
    {
        OcfString s => s.Value,
        OcfInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
