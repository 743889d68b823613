using System.Diagnostics;
using Ocf.Plugins;
using Ocf.Plugins.External;

namespace Ocf.Tests.External;

/// <summary>
/// One import of every installed agent (Debian's fence-agents and resource-agents; CI installs them too), shared by
/// the tests of <see cref="InstalledAgentTests"/>: the import is the expensive part (hundreds of processes).
/// </summary>
public sealed class InstalledAgentsFixture
{
    public static readonly IReadOnlyList<string> FenceDirectories = ExternalAgentCatalogOptions.DefaultFenceAgentDirectories;
    public static readonly string OcfRoot = Environment.GetEnvironmentVariable("OCF_ROOT") is { Length: > 0 } r ? r : "/usr/lib/ocf";

    public InstalledAgentsFixture()
    {
        // Explicit directories (not OCF_FENCE_AGENT_PATH) so the tests' independent counts look at the same places.
        Catalog = new ExternalAgentCatalog(new ExternalAgentCatalogOptions { FenceAgentDirectories = FenceDirectories, OcfRoot = OcfRoot });
        var clock = Stopwatch.StartNew();
        Entries = Catalog.Enumerate();
        ImportTime = clock.Elapsed;
    }

    public ExternalAgentCatalog Catalog { get; }
    public IReadOnlyList<OcfCatalogEntry> Entries { get; }
    public TimeSpan ImportTime { get; }

    /// <summary>True where the agents must be present: on Linux always (the tests fail there if they are missing).</summary>
    public static bool FenceAgentsExpected => OperatingSystem.IsLinux() || FenceDirectories.Any(Directory.Exists) && Directory.GetFiles(FenceDirectories.First(Directory.Exists), "fence_*").Length > 0;
    public static bool ResourceAgentsExpected => OperatingSystem.IsLinux() || Directory.Exists(Path.Combine(OcfRoot, "resource.d"));

    public OcfCatalogEntry Get(string name) =>
        Entries.SingleOrDefault(e => e.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"'{name}' is not in the catalog. Failures: {string.Join("; ", Catalog.Failures)}");
}
