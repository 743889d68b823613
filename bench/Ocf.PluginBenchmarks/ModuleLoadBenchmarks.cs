using BenchmarkDotNet.Attributes;
using Ocf.Encoding;
using Ocf.Plugins;

namespace Ocf.PluginBenchmarks;

/// <summary>
/// (b) The first load of a module: LoadModule("Ocf.Plugins.Encoding.HaMsg") on a fresh OcfPluginManager each
/// iteration — a new collectible load context, the assembly read from disk, its export created and registered with the
/// "encoding" handler (the codec becomes usable by name). The module folder is the built ha-msg module laid out as
/// Ocf ships it. Each iteration's module is unloaded in [IterationCleanup] (not timed) so load contexts do not pile up.
/// This is "first load per manager" in a warm process (the loader's own code is jitted); the first load in a fresh
/// process is measured by `-- cold` (see Program.cs).
/// </summary>
[SingleShotJob(warmup: 5, iterations: 40)]
[MemoryDiagnoser]
public class ModuleLoadBenchmarks
{
    public const string HaMsgModule = "Ocf.Plugins.Encoding.HaMsg";
    private string _folder = null!;
    private OcfPluginManager _manager = null!;

    [GlobalSetup]
    public void Setup() => _folder = BenchPaths.CreateHaMsgPluginFolder();

    [IterationSetup(Target = nameof(LoadModule))]
    public void FreshManagerDiscovered()
    {
        _manager = NewManager(_folder);
        _manager.Discover();
    }

    [IterationSetup(Target = nameof(DiscoverAndLoad))]
    public void NothingYet() => _manager = null!;

    /// <summary>Only the load: the manager exists and has already listed the folder.</summary>
    [Benchmark(Baseline = true)]
    public OcfModuleInfo LoadModule() => _manager.LoadModule(HaMsgModule);

    /// <summary>What a first use costs end to end: a new manager (built-in exports registered), listing the folder, loading.</summary>
    [Benchmark]
    public OcfModuleInfo DiscoverAndLoad()
    {
        _manager = NewManager(_folder);
        return _manager.LoadModule(HaMsgModule);
    }

    [IterationCleanup]
    public void Unload()
    {
        if (!_manager.Codecs.TryGet("ha-msg", out _)) throw new InvalidOperationException("The ha-msg codec was not registered by the load.");
        _manager.UnloadModule(HaMsgModule);
    }

    [GlobalCleanup]
    public void Cleanup() => BenchPaths.DeleteQuietly(_folder);

    internal static OcfPluginManager NewManager(string folder)
    {
        var m = new OcfPluginManager(new OcfCodecRegistry());
        m.AddSearchPath(folder);
        return m;
    }
}
