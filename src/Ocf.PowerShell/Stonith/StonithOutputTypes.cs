using Ocf.Stonith;

namespace Ocf.PowerShell.Stonith;

/// <summary>One host's power state as Get-OcfPowerStatus reports it.</summary>
public sealed record OcfPowerStatus(string Device, string Node, OcfPowerState State, TimeSpan Duration);

/// <summary>One check of Test-OcfStonithDevice.</summary>
public sealed record OcfStonithCheck(string Name, bool Passed, TimeSpan Duration, string? Message);

/// <summary>The report of Test-OcfStonithDevice for one device, for scheduled fencing tests.</summary>
public sealed record OcfStonithTestReport(string Device, string Type, bool Passed, bool Destructive, DateTime Started, TimeSpan Duration, OcfStonithCheck[] Checks)
{
    public OcfStonithCheck[] FailedChecks => Checks.Where(c => !c.Passed).ToArray();
}
