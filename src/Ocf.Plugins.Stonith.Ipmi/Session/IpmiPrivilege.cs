namespace Ocf.Plugins.Stonith.Ipmi.Session;

/// <summary>IPMI privilege levels (IPMI v2.0 §6.8).</summary>
internal enum IpmiPrivilege : byte
{
    Callback = 1,
    User = 2,
    Operator = 3,
    Administrator = 4,
}

internal static class IpmiPrivilegeNames
{
    public static readonly IReadOnlyList<string> Names = ["callback", "user", "operator", "administrator"];

    public static IpmiPrivilege Parse(string name) => name switch
    {
        "callback" => IpmiPrivilege.Callback,
        "user" => IpmiPrivilege.User,
        "operator" => IpmiPrivilege.Operator,
        "administrator" => IpmiPrivilege.Administrator,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not an IPMI privilege level"),
    };

    public static string Name(this IpmiPrivilege p) => p.ToString().ToLowerInvariant();
}
