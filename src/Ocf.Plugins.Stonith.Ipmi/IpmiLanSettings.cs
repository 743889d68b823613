using System.Globalization;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins.Stonith.Ipmi.Session;

namespace Ocf.Plugins.Stonith.Ipmi;

/// <summary>The typed configuration of one BMC, read from the framework's normalised configuration.</summary>
internal sealed record IpmiLanSettings
{
    public required string Address { get; init; }
    public int Port { get; init; } = 623;
    public string UserName { get; init; } = "";
    public string Password { get; init; } = "";
    public bool LanPlus { get; init; } = true;
    public int CipherSuite { get; init; } = 3;
    public IpmiAuthType AuthType { get; init; } = IpmiAuthType.Md5;
    public IpmiPrivilege Privilege { get; init; } = IpmiPrivilege.Administrator;
    public required string HostName { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);
    public int Retries { get; init; } = 3;
    public bool CycleReboot { get; init; }

    /// <summary>Reads a normalised configuration and checks what the field metadata cannot express.</summary>
    public static IpmiLanSettings FromConfiguration(OcfMap c)
    {
        string address = String(c, IpmiLanFields.Ip) ?? throw Problem(IpmiLanFields.Ip, "Required", "'ip' is required");
        bool lanPlus = c.TryGetValue(IpmiLanFields.LanPlus, out var lp) && lp is OcfBoolean b ? b.Value : true;
        var settings = new IpmiLanSettings
        {
            Address = address,
            Port = (int)Integer(c, IpmiLanFields.IpPort, 623),
            UserName = String(c, IpmiLanFields.UserName) ?? "",
            Password = String(c, IpmiLanFields.Password) ?? "",
            LanPlus = lanPlus,
            CipherSuite = (int)Integer(c, IpmiLanFields.Cipher, 3),
            AuthType = IpmiAuthTypeNames.Parse(String(c, IpmiLanFields.AuthType) ?? "md5"),
            Privilege = IpmiPrivilegeNames.Parse(String(c, IpmiLanFields.PrivLvl) ?? "administrator"),
            HostName = String(c, IpmiLanFields.HostName) is { Length: > 0 } h ? h : address,
            Timeout = TimeSpan.FromSeconds(c.TryGetValue(IpmiLanFields.Timeout, out var t) && t is OcfDouble d ? d.Value : 1.0),
            Retries = (int)Integer(c, IpmiLanFields.Retries, 3),
            CycleReboot = String(c, IpmiLanFields.Method) == "cycle",
        };
        var problems = new List<OcfValidationProblem>();
        if (!(settings.Timeout.TotalSeconds is > 0 and <= 3600))
            problems.Add(new(IpmiLanFields.Timeout, "OutOfRange", $"must be more than 0 and at most 3600 seconds, is {settings.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}"));
        if (settings.Retries is < 0 or > 100)
            problems.Add(new(IpmiLanFields.Retries, "OutOfRange", $"must be 0 to 100, is {settings.Retries}"));
        if (settings.CipherSuite != 3)
            problems.Add(new(IpmiLanFields.Cipher, "NotSupported", $"cipher suite {settings.CipherSuite} is not supported (3 is)"));
        if (System.Text.Encoding.UTF8.GetByteCount(settings.UserName) > 16)
            problems.Add(new(IpmiLanFields.UserName, "TooLong", "is longer than 16 bytes"));
        int passwordLimit = lanPlus ? 20 : 16;
        if (System.Text.Encoding.UTF8.GetByteCount(settings.Password) > passwordLimit)
            problems.Add(new(IpmiLanFields.Password, "TooLong", $"is longer than {passwordLimit} bytes (the limit for {(lanPlus ? "lanplus" : "IPMI 1.5")})"));
        if (problems.Count > 0) throw new OcfValidationException(problems);
        return settings;
    }

    private static OcfValidationException Problem(string path, string code, string message) => new([new(path, code, message)]);

    private static string? String(OcfMap c, string key) => c.TryGetValue(key, out var v) && v is OcfString s ? s.Value : null;

    private static long Integer(OcfMap c, string key, long fallback) => c.TryGetValue(key, out var v) && v is OcfInteger i ? i.Value : fallback;
}
