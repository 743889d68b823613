using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Ocf.Plugins;

namespace Ocf.PluginBenchmarks;

/// <summary>
/// Makes a plugin folder of N real, distinct modules for the discovery benchmark. Each module is the source of the
/// shipped ha-msg codec module (src/Ocf.Plugins.Encoding.HaMsg/HaMsgCodec.cs, unchanged) compiled with Roslyn
/// against the Ocf.Framework in use, plus a generated Module.cs giving it its own assembly name, module name and export
/// name: <c>[assembly: OcfModule("Ocf.Bench.Module07")]</c>, <c>[assembly: OcfExport("encoding", "ha-msg-07", typeof(HaMsgCodec))]</c>.
/// So discovery reads what it reads in real life — a compiled C# module of realistic size and metadata shape
/// (≈15 KB, one codec class, the same attribute blobs) — not a hand-made metadata stub. Laid out as Ocf ships modules:
/// <c>&lt;folder&gt;/Ocf.Bench.ModuleNN/Ocf.Bench.ModuleNN.dll</c>.
/// <para>Why not copy the built ha-msg DLL 50 times: its module name is in its attribute, so 49 copies would be skipped
/// as duplicates after being read (a different code path). Why not MSBuild 50 times: ~50 builds (minutes on 2 cores)
/// and BenchmarkDotNet rebuilds the project again; Roslyn in-process compiles the 50 in a few seconds at setup.
/// Roslyn (Microsoft.CodeAnalysis.CSharp) already comes with BenchmarkDotNet.</para>
/// </summary>
internal static class ModuleFactory
{
    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static string ModuleName(int i) => $"Ocf.Bench.Module{i:00}";

    /// <summary>Creates a temporary folder with <paramref name="count"/> modules; returns its path.</summary>
    public static string CreatePluginFolder(int count)
    {
        string folder = Directory.CreateTempSubdirectory("ocf-bench-modules-").FullName;
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var codec = CSharpSyntaxTree.ParseText(File.ReadAllText(Path.Combine(BenchPaths.HaMsgSourceDirectory, "HaMsgCodec.cs")), parse, path: "HaMsgCodec.cs");
        var usings = CSharpSyntaxTree.ParseText(GlobalUsings, parse, path: "GlobalUsings.g.cs");
        var references = References();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable, deterministic: true);
        for (int i = 0; i < count; i++)
        {
            string name = ModuleName(i);
            string module = $$"""
                using Ocf.Plugins;
                using Ocf.Plugins.Encoding.HaMsg;
                [assembly: System.Reflection.AssemblyVersion("1.0.{{i}}.0")]
                [assembly: OcfModule("{{name}}", Description = "Benchmark copy {{i}} of the ha-msg codec module.")]
                [assembly: OcfExport(OcfPluginTypes.Encoding, "ha-msg-{{i.ToString("00", CultureInfo.InvariantCulture)}}", typeof(HaMsgCodec), ApiVersion = "1.0",
                    Description = "Heartbeat's ha_msg text format (benchmark copy {{i}}).")]
                """;
            var compilation = CSharpCompilation.Create(name, [codec, usings, CSharpSyntaxTree.ParseText(module, parse, path: "Module.cs")], references, options);
            string dir = Path.Combine(folder, name);
            Directory.CreateDirectory(dir);
            using var pe = File.Create(Path.Combine(dir, name + ".dll"));
            var result = compilation.Emit(pe);
            if (!result.Success)
                throw new InvalidOperationException($"Compiling {name} failed:{Environment.NewLine}{string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))}");
        }
        return folder;
    }

    /// <summary>The running runtime's assemblies (trusted platform assemblies) and the Ocf.Framework contract.</summary>
    private static List<MetadataReference> References()
    {
        var list = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        list.Add(MetadataReference.CreateFromFile(typeof(OcfPluginManager).Assembly.Location));
        return list;
    }
}
