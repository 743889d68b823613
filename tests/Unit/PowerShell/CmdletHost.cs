using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Ocf.PowerShell.Commands;

namespace Ocf.Tests.PowerShell;

/// <summary>Runs the cmdlets in-process (the module's own types, no Import-Module) for fast API-level checks.</summary>
internal static class CmdletHost
{
    public static System.Management.Automation.PowerShell Create()
    {
        var iss = InitialSessionState.CreateDefault2();
        iss.Commands.Add(new SessionStateCmdletEntry("ConvertTo-OcfXml", typeof(ConvertToOcfXmlCommand), null));
        iss.Commands.Add(new SessionStateCmdletEntry("ConvertFrom-OcfXml", typeof(ConvertFromOcfXmlCommand), null));
        return System.Management.Automation.PowerShell.Create(iss);
    }

    public static (List<PSObject> Output, List<ErrorRecord> Errors) Run(string script)
    {
        using var ps = Create();
        ps.AddScript(script);
        var output = ps.Invoke().ToList();
        return (output, ps.Streams.Error.ToList());
    }
}
