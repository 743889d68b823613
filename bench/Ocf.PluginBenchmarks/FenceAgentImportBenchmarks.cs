using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Ocf.Plugins.External;

namespace Ocf.PluginBenchmarks;

/// <summary>
/// (c) Metadata import of every installed fence agent (Debian's fence-agents: 83 answer `-o metadata`): one process
/// per agent (a Python start-up each), its XML parsed into fields. Sequential (one agent at a time) against the parallel
/// import with 2, 4 (the default: 2 x cores on this machine) and 8 agents at once. Resource agents are left out.
/// Seconds per operation, so: one warm-up, 5 measured operations each.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, id: "Seconds")]
public class FenceAgentImportBenchmarks
{
    private ExternalAgentCatalog _catalog = null!;

    [GlobalSetup]
    public void Setup()
    {
        _catalog = new ExternalAgentCatalog(new ExternalAgentCatalogOptions { IncludeResourceAgents = false });
        int candidates = _catalog.FindCandidates().Count;
        var check = _catalog.ImportParallel();
        Console.WriteLine($"// fence agents: {candidates} candidates, {check.Entries.Count} imported, {check.Failures.Count} failed; default parallelism {_catalog.Options.MaxDegreeOfParallelism}");
        foreach (var f in check.Failures) Console.WriteLine($"//   failed: {f}");
        if (check.Entries.Count == 0) throw new InvalidOperationException("No fence agent imported: is fence-agents installed?");
    }

    [Benchmark(Baseline = true)]
    public int Sequential() => Checked(_catalog.ImportSequential());

    [Benchmark]
    public int Parallel2() => Checked(_catalog.ImportParallel(2));

    [Benchmark(Description = "Parallel4 (default)")]
    public int Parallel4() => Checked(_catalog.ImportParallel(4));

    [Benchmark]
    public int Parallel8() => Checked(_catalog.ImportParallel(8));

    private static int Checked(ExternalAgentImport import) =>
        import.Failures.Count == 0 ? import.Entries.Count
            : throw new InvalidOperationException($"{import.Failures.Count} agents failed: {string.Join("; ", import.Failures)}");
}
