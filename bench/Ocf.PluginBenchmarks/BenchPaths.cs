using System.Runtime.CompilerServices;

namespace Ocf.PluginBenchmarks;

/// <summary>
/// Where things are. BenchmarkDotNet runs each benchmark from a generated project in another folder, so paths are
/// found from this source file's location (the repository checkout), not from the running assembly.
/// </summary>
internal static class BenchPaths
{
    public static string ThisDirectory { get; } = Here();

    public static string RepositoryRoot { get; } = Path.GetFullPath(Path.Combine(ThisDirectory, "..", ".."));

    /// <summary>The ipmi_sim configuration the xunit fixture uses (lan.conf.in, chassisctl.sh, fencebmc.emu).</summary>
    public static string IpmiFixtures => Path.Combine(RepositoryRoot, "tests", "Unit", "Stonith", "Ipmi", "Fixtures");

    public static string HaMsgSourceDirectory => Path.Combine(RepositoryRoot, "src", "Ocf.Plugins.Encoding.HaMsg");

    /// <summary>The ha-msg module as built beside its project (Release first, as `dotnet run -c Release` builds it).</summary>
    public static string HaMsgBuildOutput()
    {
        foreach (var config in new[] { "Release", "Debug" })
        {
            string dir = Path.Combine(HaMsgSourceDirectory, "bin", config, "net8.0");
            if (File.Exists(Path.Combine(dir, "Ocf.Plugins.Encoding.HaMsg.dll"))) return dir;
        }
        throw new InvalidOperationException($"The ha-msg module is not built under {HaMsgSourceDirectory}/bin: run `dotnet build -c Release bench/Ocf.PluginBenchmarks` first.");
    }

    /// <summary>A plugin folder holding only the built ha-msg module, laid out as Ocf ships it: plugins/X/X.dll (+ deps.json).</summary>
    public static string CreateHaMsgPluginFolder()
    {
        string root = Directory.CreateTempSubdirectory("ocf-bench-hamsg-").FullName;
        string target = Path.Combine(root, "Ocf.Plugins.Encoding.HaMsg");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(HaMsgBuildOutput(), "Ocf.Plugins.Encoding.HaMsg.*"))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return root;
    }

    public static void DeleteQuietly(string? dir)
    {
        if (dir is null) return;
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string Here([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
