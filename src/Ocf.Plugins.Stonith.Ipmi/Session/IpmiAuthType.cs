namespace Ocf.Plugins.Stonith.Ipmi.Session;

/// <summary>Authentication types of the session header (IPMI v2.0 §13.6); 6 marks an RMCP+ (IPMI 2.0) packet.</summary>
internal enum IpmiAuthType : byte
{
    None = 0,
    Md2 = 1,
    Md5 = 2,
    Password = 4,
    Oem = 5,
    RmcpPlus = 6,
}

internal static class IpmiAuthTypeNames
{
    public static readonly IReadOnlyList<string> Names = ["md5", "password", "none"];

    public static IpmiAuthType Parse(string name) => name switch
    {
        "md5" => IpmiAuthType.Md5,
        "password" => IpmiAuthType.Password,
        "none" => IpmiAuthType.None,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a supported IPMI 1.5 authentication type"),
    };

    public static string Name(this IpmiAuthType t) => t switch
    {
        IpmiAuthType.Md5 => "md5",
        IpmiAuthType.Password => "password (straight)",
        IpmiAuthType.None => "none",
        IpmiAuthType.Md2 => "md2",
        _ => t.ToString(),
    };
}
