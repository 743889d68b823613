using BenchmarkDotNet.Attributes;
using Ocf.Plugins;

namespace Ocf.PluginBenchmarks;

/// <summary>
/// (a) OcfPluginManager.Discover(refresh: true) over a plugin folder of 50 modules (see <see cref="ModuleFactory"/>):
/// enumerate the folder, open each X/X.dll and read its [OcfModule]/[OcfExport] attributes with
/// System.Reflection.Metadata. Nothing is loaded. The page cache is warm (the files were just written and are read
/// every iteration), which is the steady state of a plugin folder on a running node.
/// </summary>
[ShortJob]
[MemoryDiagnoser]
public class DiscoveryBenchmarks
{
    private string _folder = null!;
    private OcfPluginManager _manager = null!;

    [Params(50)]
    public int Modules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = ModuleFactory.CreatePluginFolder(Modules);
        _manager = new OcfPluginManager();
        _manager.AddSearchPath(_folder);
        var found = _manager.Discover(refresh: true);
        if (found.Count != Modules || _manager.Warnings.Count != 0)
            throw new InvalidOperationException($"Expected {Modules} modules and no warnings, found {found.Count}: {string.Join("; ", _manager.Warnings)}");
        if (found.Any(m => m.Exports.Count != 1))
            throw new InvalidOperationException("Every generated module declares exactly one export.");
    }

    [Benchmark]
    public int Discover() => _manager.Discover(refresh: true).Count;

    [GlobalCleanup]
    public void Cleanup() => BenchPaths.DeleteQuietly(_folder);
}
