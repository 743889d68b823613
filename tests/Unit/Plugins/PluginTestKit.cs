using System.Reflection;
using System.Runtime.Loader;
using Ocf.Encoding;
using Ocf.Plugins;

namespace Ocf.Tests.Plugins;

/// <summary>
/// Where the test modules are built (out/test-modules/&lt;Name&gt;/ and src/Ocf.Plugins.Encoding.HaMsg/bin/&lt;Configuration&gt;/net8.0/),
/// and a private plugin folder per test: a test copies in only the modules it needs, so tests never share a folder,
/// a manager or a loaded module, and can run in parallel.
/// </summary>
internal static class TestModules
{
    public const string WidgetHandler = "Ocf.TestModules.WidgetHandler";
    public const string Widgets = "Ocf.TestModules.Widgets";
    public const string FutureWidget = "Ocf.TestModules.FutureWidget";
    public const string DuplicateWidget = "Ocf.TestModules.DuplicateWidget";
    public const string Throwing = "Ocf.TestModules.Throwing";
    public const string Orphan = "Ocf.TestModules.Orphan";
    public const string DepA = "Ocf.TestModules.DepA";
    public const string DepB = "Ocf.TestModules.DepB";
    public const string SelfHandled = "Ocf.TestModules.SelfHandled";
    public const string FutureHandler = "Ocf.TestModules.FutureHandler";
    public const string HaMsg = "Ocf.Plugins.Encoding.HaMsg";

    public const string Widget = "widget";
    /// <summary>The file Ocf.TestModules.Widgets' module initializer writes beside itself when any of its code runs.</summary>
    public const string RanMarker = "module-code-ran.marker";

    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ocf.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No folder above '{AppContext.BaseDirectory}' holds Ocf.sln.");
    });

    public static string RepoRoot => LazyRoot.Value;

    /// <summary>The build configuration of this test assembly (the module projects are built with the same one).</summary>
    public static string Configuration
    {
        get
        {
            string sep = Path.DirectorySeparatorChar.ToString();
            return AppContext.BaseDirectory.Contains($"{sep}Release{sep}", StringComparison.OrdinalIgnoreCase) ? "Release" : "Debug";
        }
    }

    /// <summary>The build output folder of a module.</summary>
    public static string BuiltFolder(string module)
    {
        string folder = module == HaMsg
            ? Path.Combine(RepoRoot, "src", HaMsg, "bin", Configuration, "net8.0")
            : Path.Combine(RepoRoot, "out", "test-modules", module);
        if (!File.Exists(Path.Combine(folder, module + ".dll")))
            throw new InvalidOperationException($"The test module '{module}' is not built at '{folder}' (build tests/Unit, which references it).");
        return folder;
    }

    /// <summary>A manager of its own with an empty codec registry, searching only <paramref name="folder"/>.</summary>
    public static OcfPluginManager NewManager(PluginFolder folder)
    {
        var manager = new OcfPluginManager(new OcfCodecRegistry());
        manager.AddSearchPath(folder.Path);
        return manager;
    }

    /// <summary>The assemblies, in any load context, loaded from files under <paramref name="folder"/>.</summary>
    public static IReadOnlyList<Assembly> AssembliesLoadedFrom(string folder)
    {
        string prefix = System.IO.Path.TrimEndingDirectorySeparator(folder) + System.IO.Path.DirectorySeparatorChar;
        bool Under(Assembly a) => !a.IsDynamic && a.Location.StartsWith(prefix, StringComparison.Ordinal);
        return AssemblyLoadContext.All.SelectMany(c => c.Assemblies).Concat(AppDomain.CurrentDomain.GetAssemblies())
            .Where(Under).Distinct().ToArray();
    }

    /// <summary>The widget handler's log ("+name" registered, "-name" unregistered), read through a lease.</summary>
    public static string[] WidgetHandlerLog(OcfPluginManager manager)
    {
        using var lease = manager.Acquire<IReadOnlyList<string>>(OcfPluginTypes.PluginHandler, Widget);
        return lease.Instance.ToArray();
    }

    /// <summary>The widgets the handler currently knows, from its log.</summary>
    public static string[] WidgetsKnownToHandler(OcfPluginManager manager)
    {
        var current = new List<string>();
        foreach (var line in WidgetHandlerLog(manager))
        {
            if (line[0] == '+') current.Add(line[1..]);
            else current.Remove(line[1..]);
        }
        return current.Order(StringComparer.Ordinal).ToArray();
    }
}

/// <summary>A temporary plugin folder, deleted on dispose.</summary>
internal sealed class PluginFolder : IDisposable
{
    public PluginFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ocf-plugin-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>Copies a built module (and its private dependencies) to &lt;folder&gt;/&lt;module&gt;/; returns the module's assembly path.</summary>
    public string Add(string module)
    {
        string target = System.IO.Path.Combine(Path, module);
        CopyDirectory(TestModules.BuiltFolder(module), target);
        return System.IO.Path.Combine(target, module + ".dll");
    }

    public PluginFolder With(params string[] modules)
    {
        foreach (var m in modules) Add(m);
        return this;
    }

    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
            System.IO.File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }                  // a loaded file on a system that locks them: left for the temp cleaner
        catch (UnauthorizedAccessException) { }
    }
}
