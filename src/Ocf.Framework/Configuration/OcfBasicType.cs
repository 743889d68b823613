namespace Ocf.Configuration;

/// <summary>The paper's basictype: what a consumer that knows nothing else about a field can rely on.</summary>
public enum OcfBasicType
{
    String,
    Integer,
    Boolean,
    Double,
    DateTime,
    Binary,
}

/// <summary>simple: one value; struct: a map of sub-fields.</summary>
public enum OcfFieldClass
{
    Simple,
    Struct,
}

/// <summary>Well-known specialtypes. The set is open: a consumer that does not know one falls back to basictype + length + regex.</summary>
public static class OcfSpecialTypes
{
    public const string IPv4 = "ipv4";
    public const string IPv6 = "ipv6";
    public const string IPAddress = "ipaddress";
    public const string Hostname = "hostname";
    public const string Host = "host";          // hostname or IP address
    public const string Port = "port";
    public const string Tty = "tty";
    public const string Password = "password";
    public const string Path = "path";
    public const string Seconds = "seconds";
}
