using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Ocf.Configuration;
using Ocf.Plugins;
using Xunit;
using static Ocf.Tests.Plugins.TestModules;

namespace Ocf.Tests.Plugins;

/// <summary>Discovery reads modules from metadata only; bad files are skipped with a warning, never fatal.</summary>
public class DiscoveryTests
{
    [Fact]
    public void Discovery_lists_modules_and_exports_from_metadata_without_loading_them()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Widgets, FutureWidget);
        var manager = NewManager(folder);

        var modules = manager.Discover();

        Assert.Equal(new[] { FutureWidget, WidgetHandler, Widgets }, modules.Select(m => m.Name).Order(StringComparer.Ordinal));
        var widgets = modules.Single(m => m.Name == Widgets);
        Assert.Equal(folder.File(Path.Combine(Widgets, Widgets + ".dll")), widgets.Path);
        Assert.Equal("Test module: widgets with rich field metadata.", widgets.Description);
        Assert.Equal(new Version(0, 1, 0, 0), widgets.AssemblyVersion);
        Assert.Collection(widgets.Exports.OrderBy(e => e.Name, StringComparer.Ordinal),
            e =>
            {
                Assert.Equal((Widget, "basic", "Ocf.TestModules.Widgets.BasicWidget", new Version(1, 0)), (e.PluginType, e.Name, e.ImplementationTypeName, e.ApiVersion));
                Assert.Equal("A widget built for API 1.0.", e.Description);
            },
            e => Assert.Equal((Widget, "newer-minor", "Ocf.TestModules.Widgets.NewerMinorWidget", new Version(1, 5)), (e.PluginType, e.Name, e.ImplementationTypeName, e.ApiVersion)));
        var handler = Assert.Single(modules.Single(m => m.Name == WidgetHandler).Exports);
        Assert.Equal((OcfPluginTypes.PluginHandler, Widget), (handler.PluginType, handler.Name));
        Assert.Equal(new Version(2, 0), Assert.Single(modules.Single(m => m.Name == FutureWidget).Exports).ApiVersion);

        // Listing plugins and plugin types works from the same metadata.
        var plugins = manager.GetPlugins();
        Assert.Contains(plugins, p => p is { Type: Widget, Name: "basic", IsLoaded: false, Module: Widgets } && p.ApiVersion == new Version(1, 0));
        Assert.Contains(Widget, manager.KnownPluginTypes);

        // Nothing was loaded, in any load context, and none of the modules' code ran.
        Assert.Empty(AssembliesLoadedFrom(folder.Path));
        Assert.False(File.Exists(folder.File(Path.Combine(Widgets, RanMarker))));
        Assert.Equal("Ocf.Framework", Assert.Single(manager.LoadedModules).Name);
        Assert.Empty(manager.Warnings);

        // Loading is what runs module code, in a collectible context of the module's own.
        manager.LoadModule(Widgets);
        Assert.True(File.Exists(folder.File(Path.Combine(Widgets, RanMarker))));
        var loaded = AssembliesLoadedFrom(folder.Path);
        var widgetsAssembly = Assert.Single(loaded, a => a.GetName().Name == Widgets);
        var context = AssemblyLoadContext.GetLoadContext(widgetsAssembly)!;
        Assert.Equal("ocf-module:" + Widgets, context.Name);
        Assert.True(context.IsCollectible);
        Assert.NotSame(AssemblyLoadContext.Default, context);
        var handlerContext = AssemblyLoadContext.GetLoadContext(Assert.Single(loaded, a => a.GetName().Name == WidgetHandler))!;
        Assert.Equal("ocf-module:" + WidgetHandler, handlerContext.Name);
        Assert.DoesNotContain(loaded, a => a.GetName().Name == FutureWidget);
    }

    [Fact]
    public void Modules_are_found_flat_or_in_a_folder_of_their_own_name()
    {
        using var folder = new PluginFolder().With(WidgetHandler);
        // A flat module: <folder>/X.dll.
        File.Copy(Path.Combine(BuiltFolder(Orphan), Orphan + ".dll"), folder.File(Orphan + ".dll"));
        // A folder whose main assembly is not named after it is not a module folder.
        Directory.CreateDirectory(folder.File("misnamed"));
        File.Copy(Path.Combine(BuiltFolder(FutureWidget), FutureWidget + ".dll"), folder.File(Path.Combine("misnamed", FutureWidget + ".dll")));

        var manager = NewManager(folder);

        Assert.Equal(new[] { Orphan, WidgetHandler }, manager.Discover().Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Equal(folder.File(Orphan + ".dll"), manager.Discover().Single(m => m.Name == Orphan).Path);
    }

    [Fact]
    public void Corrupt_and_non_dotnet_files_are_skipped_with_a_warning_and_the_other_modules_still_load()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Widgets);
        var random = new byte[4096];
        new Random(20240607).NextBytes(random);
        File.WriteAllBytes(folder.File("Random.dll"), random);
        File.WriteAllText(folder.File("Bad.dll"), "This is a text file, not an assembly.\n");
        File.WriteAllBytes(folder.File("Empty.dll"), []);
        byte[] real = File.ReadAllBytes(Path.Combine(BuiltFolder(Widgets), Widgets + ".dll"));
        File.WriteAllBytes(folder.File("Truncated.dll"), real[..700]);
        Directory.CreateDirectory(folder.File("Broken"));
        File.WriteAllText(folder.File(Path.Combine("Broken", "Broken.dll")), "MZ but nothing else");
        // A .NET assembly that is not an Ocf module is ignored quietly: plugin folders may hold shared libraries.
        File.Copy(typeof(Assert).Assembly.Location, folder.File("NotAModule.dll"));
        // A native library, where the runtime folder has one: not .NET at all.
        string? native = Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory())
            .FirstOrDefault(f => Path.GetFileName(f).Contains("clrjit", StringComparison.OrdinalIgnoreCase));
        if (native is not null) File.Copy(native, folder.File("Native.dll"));

        var manager = NewManager(folder);
        var modules = manager.Discover();

        Assert.Equal(new[] { WidgetHandler, Widgets }, modules.Select(m => m.Name).Order(StringComparer.Ordinal));
        var warnings = manager.Warnings;
        var expectedBad = new List<string> { "Random.dll", "Bad.dll", "Empty.dll", "Truncated.dll", Path.Combine("Broken", "Broken.dll") };
        if (native is not null) expectedBad.Add("Native.dll");
        foreach (var bad in expectedBad)
            Assert.Single(warnings, w => w.StartsWith($"Skipped '{folder.File(bad)}': ", StringComparison.Ordinal));
        Assert.Equal(expectedBad.Count, warnings.Count);
        Assert.DoesNotContain(warnings, w => w.Contains("NotAModule.dll", StringComparison.Ordinal));

        // The good modules still load and work.
        var info = manager.LoadModule(Widgets);
        Assert.Contains("widget/basic", info.Plugins);
        using (var lease = manager.Acquire<IOcfSelfConfiguring>(Widget, "basic"))
            Assert.Contains(lease.Instance.Fields, f => f.FieldName == "ports");

        // Naming a bad file directly gives a clear error instead.
        var notDotNet = Assert.Throws<OcfPluginException>(() => manager.LoadModule(folder.File("Bad.dll")));
        Assert.Contains("cannot be loaded as a module", notDotNet.Message);
        var notModule = Assert.Throws<OcfPluginException>(() => manager.LoadModule(folder.File("NotAModule.dll")));
        Assert.Contains("not an Ocf module", notModule.Message);
        var missing = Assert.Throws<OcfPluginException>(() => manager.LoadModule(folder.File("Nowhere.dll")));
        Assert.Contains("does not exist", missing.Message);
        var unknown = Assert.Throws<OcfPluginException>(() => manager.LoadModule("Ocf.TestModules.NoSuchModule"));
        Assert.Contains("No module named 'Ocf.TestModules.NoSuchModule'", unknown.Message);
        Assert.Contains(folder.Path, unknown.Message);
    }

    /// <summary>Damaged copies of a real module (bytes flipped, cut short) never make discovery throw.</summary>
    [Fact]
    public void Damaged_module_files_never_make_discovery_throw()
    {
        using var folder = new PluginFolder();
        byte[] real = File.ReadAllBytes(Path.Combine(BuiltFolder(Widgets), Widgets + ".dll"));
        var random = new Random(4242);
        for (int i = 0; i < 150; i++)
        {
            byte[] copy = (byte[])real.Clone();
            int flips = 1 + random.Next(40);
            for (int k = 0; k < flips; k++) copy[random.Next(copy.Length)] = (byte)random.Next(256);
            if (i % 5 == 0) copy = copy[..random.Next(copy.Length)];
            File.WriteAllBytes(folder.File($"Damaged{i:000}.dll"), copy);
        }
        var manager = NewManager(folder);

        var modules = manager.Discover();

        // Every file is either read (perhaps as a duplicate of the first good copy), skipped with a warning, or quietly
        // not a module; and no exception escapes.
        Assert.All(modules, m => Assert.False(string.IsNullOrEmpty(m.Name)));
        Assert.All(manager.Warnings, w => Assert.StartsWith("Skipped '", w));
    }

    [Fact]
    public void A_module_name_found_twice_keeps_the_first_and_warns()
    {
        using var first = new PluginFolder().With(Orphan);
        using var second = new PluginFolder().With(Orphan);
        var manager = new OcfPluginManager(new Ocf.Encoding.OcfCodecRegistry());
        manager.AddSearchPath(first.Path);
        manager.AddSearchPath(second.Path);

        var module = Assert.Single(manager.Discover());

        Assert.StartsWith(first.Path, module.Path);
        string warning = Assert.Single(manager.Warnings);
        Assert.Contains(second.File(Path.Combine(Orphan, Orphan + ".dll")), warning);
        Assert.Contains($"a module named '{Orphan}' was already found at '{module.Path}'", warning);
    }

    [Fact]
    public void Search_paths_are_kept_once_each_and_can_be_removed()
    {
        using var folder = new PluginFolder().With(Orphan);
        var manager = new OcfPluginManager(new Ocf.Encoding.OcfCodecRegistry());
        Assert.Empty(manager.SearchPaths);
        Assert.Empty(manager.Discover());

        Assert.True(manager.AddSearchPath(folder.Path));
        Assert.False(manager.AddSearchPath(folder.Path + Path.DirectorySeparatorChar + "."));
        Assert.Equal(new[] { folder.Path }, manager.SearchPaths);
        Assert.Single(manager.Discover());

        Assert.True(manager.RemoveSearchPath(folder.Path));
        Assert.False(manager.RemoveSearchPath(folder.Path));
        Assert.Empty(manager.Discover());
        // A folder that does not exist is not an error: it may be created later.
        Assert.True(manager.AddSearchPath(folder.File("later")));
        Assert.Empty(manager.Discover());
        Assert.Empty(manager.Warnings);
    }
}
