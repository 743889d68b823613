using System.Runtime.Loader;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Plugins;
using Xunit;
using static Ocf.Tests.Plugins.TestModules;

namespace Ocf.Tests.Plugins;

/// <summary>Registering a module's plugins: handlers, API versions, duplicates, failures (atomic), isolation, explicit exports.</summary>
public class RegistrationTests
{
    [Fact]
    public void Loading_a_widget_module_auto_loads_the_module_with_the_widget_handler()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Widgets);
        var manager = NewManager(folder);
        Assert.DoesNotContain(Widget, manager.LoadedModules.SelectMany(m => m.Plugins));

        var info = manager.LoadModule(Widgets);

        Assert.Equal(new[] { "widget/basic", "widget/newer-minor" }, info.Plugins.Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "Ocf.Framework", WidgetHandler, Widgets }, manager.LoadedModules.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "PluginHandler/widget" }, manager.LoadedModules.Single(m => m.Name == WidgetHandler).Plugins);
        Assert.Equal(new[] { "basic", "newer-minor" }, WidgetsKnownToHandler(manager));
        using (var handler = manager.Acquire<IOcfPluginHandler>(OcfPluginTypes.PluginHandler, Widget))
        {
            Assert.Equal(typeof(IOcfSelfConfiguring), handler.Instance.Contract);
            Assert.Equal(new Version(1, 2), handler.Instance.ApiVersion);
        }
        using var basic = manager.Acquire<IOcfSelfConfiguring>(Widget, "basic");
        Assert.Equal(new[] { "name", "port", "enabled", "ratio", "mode", "password", "tags", "ports", "gizmo", "retry_count" }, basic.Instance.Fields.Select(f => f.FieldName));
    }

    [Fact]
    public void Acquiring_a_plugin_that_is_only_declared_loads_its_module_and_its_handlers_module()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Widgets);
        var manager = NewManager(folder);

        using (var lease = manager.Acquire<IOcfSelfConfiguring>(Widget, "newer-minor"))
            Assert.NotEmpty(lease.Instance.Fields);

        Assert.Contains(manager.LoadedModules, m => m.Name == Widgets);
        Assert.Contains(manager.LoadedModules, m => m.Name == WidgetHandler);
        var wrongInterface = Assert.Throws<OcfPluginException>(() => manager.Acquire<IOcfCodec>(Widget, "basic"));
        Assert.Contains("does not implement IOcfCodec", wrongInterface.Message);
        var none = Assert.Throws<OcfPluginException>(() => manager.Acquire<IOcfSelfConfiguring>(Widget, "no-such-widget"));
        Assert.Contains("No plugin 'no-such-widget' of type 'widget'", none.Message);
        Assert.False(manager.TryLoadPlugin(Widget, "no-such-widget"));
        Assert.True(manager.TryLoadPlugin(Widget, "basic"));
    }

    [Fact]
    public void A_plugin_type_without_a_handler_anywhere_fails_naming_the_type_and_the_known_types()
    {
        using var folder = new PluginFolder().With(Orphan, WidgetHandler);
        var manager = NewManager(folder);

        var ex = Assert.Throws<OcfPluginException>(() => manager.LoadModule(Orphan));

        Assert.Equal("gadget", ex.PluginType);
        Assert.Contains("gadget/lonely of module 'Ocf.TestModules.Orphan'", ex.Message);
        Assert.Contains("no handler for 'gadget' is loaded", ex.Message);
        Assert.Contains($"Known plugin types: {string.Join(", ", manager.KnownPluginTypes)}.", ex.Message);
        Assert.Contains(Widget, manager.KnownPluginTypes);
        Assert.Contains(OcfPluginTypes.Encoding, manager.KnownPluginTypes);
        Assert.DoesNotContain("gadget", manager.KnownPluginTypes);
        Assert.DoesNotContain(manager.LoadedModules, m => m.Name == Orphan);
        // Only the handler that might have helped was listed, not loaded.
        Assert.DoesNotContain(manager.LoadedModules, m => m.Name == WidgetHandler);
        Assert.DoesNotContain(manager.GetPlugins(), p => p.Type == "gadget" && p.IsLoaded);

        var viaAcquire = Assert.Throws<OcfPluginException>(() => manager.Acquire<object>("gadget", "lonely"));
        Assert.Contains("Known plugin types:", viaAcquire.Message);
    }

    [Fact]
    public void A_plugin_built_for_another_major_api_version_is_refused_while_a_newer_minor_version_loads()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Widgets, FutureWidget);
        var manager = NewManager(folder);

        var ex = Assert.Throws<OcfPluginException>(() => manager.LoadModule(FutureWidget));

        Assert.Equal((FutureWidget, Widget, "future"), (ex.Module, ex.PluginType, ex.Plugin));
        Assert.Contains("widget/future of module 'Ocf.TestModules.FutureWidget'", ex.Message);
        Assert.Contains("built for version 2.0 of the 'widget' plugin API", ex.Message);
        Assert.Contains("implements version 1.2", ex.Message);
        Assert.Contains("major versions must match", ex.Message);
        Assert.DoesNotContain(manager.LoadedModules, m => m.Name == FutureWidget);

        // 1.0 (older minor) and 1.5 (newer minor) both load against the 1.2 handler.
        manager.LoadModule(Widgets);
        var plugins = manager.GetPlugins();
        var newer = plugins.Single(p => p.Type == Widget && p.Name == "newer-minor");
        Assert.True(newer.IsLoaded);
        Assert.Equal(new Version(1, 5), newer.ApiVersion);
        Assert.Equal(new Version(1, 0), plugins.Single(p => p.Type == Widget && p.Name == "basic").ApiVersion);
        Assert.False(plugins.Single(p => p.Type == Widget && p.Name == "future").IsLoaded);
    }

    [Fact]
    public void A_duplicate_plugin_name_is_refused_and_the_first_registration_kept()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Widgets, DuplicateWidget);
        var manager = NewManager(folder);
        manager.LoadModule(Widgets);

        var ex = Assert.Throws<OcfPluginException>(() => manager.LoadModule(DuplicateWidget));

        Assert.Equal((DuplicateWidget, Widget, "basic"), (ex.Module, ex.PluginType, ex.Plugin));
        Assert.Contains("a plugin named 'basic' of type 'widget' is already registered by module 'Ocf.TestModules.Widgets'", ex.Message);
        Assert.DoesNotContain(manager.LoadedModules, m => m.Name == DuplicateWidget);
        var plugins = manager.GetPlugins();
        Assert.Equal(Widgets, Assert.Single(plugins, p => p is { Type: Widget, Name: "basic", IsLoaded: true }).Module);
        // The module's other export was rolled back with it.
        Assert.False(Assert.Single(plugins, p => p is { Type: Widget, Name: "dup-extra" }).IsLoaded);
        Assert.Equal(new[] { "basic", "newer-minor" }, WidgetsKnownToHandler(manager));
        Assert.Contains("-dup-extra", WidgetHandlerLog(manager));
        using var basic = manager.Acquire<IOcfSelfConfiguring>(Widget, "basic");
        Assert.Contains(basic.Instance.Fields, f => f.FieldName == "ports");
        Assert.DoesNotContain(basic.Instance.Fields, f => f.FieldName == "impostor");
    }

    [Fact]
    public void A_module_whose_plugin_throws_is_refused_and_nothing_of_it_stays_registered()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Throwing, Widgets);
        var manager = NewManager(folder);

        var ex = Assert.Throws<OcfPluginException>(() => manager.LoadModule(Throwing));

        Assert.Equal((Throwing, Widget, "throws-in-ctor"), (ex.Module, ex.PluginType, ex.Plugin));
        Assert.Contains("widget/throws-in-ctor of module 'Ocf.TestModules.Throwing' threw while being created", ex.Message);
        Assert.Contains("widget constructor failed on purpose", ex.Message);
        Assert.Equal("widget constructor failed on purpose", Assert.IsType<InvalidOperationException>(ex.InnerException).Message);
        Assert.DoesNotContain(manager.LoadedModules, m => m.Name == Throwing);
        Assert.DoesNotContain(manager.GetPlugins(), p => p.Module == Throwing && p.IsLoaded);
        // The export registered before the failure was taken back, and its handler told so.
        Assert.Equal(new[] { "+fine-before-throw", "-fine-before-throw" }, WidgetHandlerLog(manager));
        Assert.Empty(WidgetsKnownToHandler(manager));
        Assert.Throws<OcfPluginException>(() => manager.Acquire<IOcfSelfConfiguring>(Widget, "fine-before-throw"));
        Assert.DoesNotContain(manager.LoadedModules, m => m.Name == Throwing);

        // The manager is unharmed: other modules still load.
        manager.LoadModule(Widgets);
        Assert.Equal(new[] { "basic", "newer-minor" }, WidgetsKnownToHandler(manager));
    }

    [Fact]
    public void Two_modules_carry_different_versions_of_one_dependency_at_the_same_time()
    {
        using var folder = new PluginFolder().With(WidgetHandler, DepA, DepB);
        var manager = NewManager(folder);

        using var a = manager.Acquire<IOcfSelfConfiguring>(Widget, "dep-a");
        using var b = manager.Acquire<IOcfSelfConfiguring>(Widget, "dep-b");

        var seenByA = Assert.Single(a.Instance.Fields);
        var seenByB = Assert.Single(b.Instance.Fields);
        Assert.Equal(new OcfString("1.0.0"), seenByA.Default);
        Assert.Equal(new OcfString("2.0.0"), seenByB.Default);
        Assert.Equal("1.0.0.0", seenByA.ShortText);
        Assert.Equal("2.0.0.0", seenByB.ShortText);
        Assert.Equal("ocf-module:" + DepA, seenByA.LongText);
        Assert.Equal("ocf-module:" + DepB, seenByB.LongText);

        var copies = AssembliesLoadedFrom(folder.Path).Where(x => x.GetName().Name == "Ocf.TestDependency").ToArray();
        Assert.Equal(2, copies.Length);
        Assert.Contains(copies, x => x.GetName().Version == new Version(1, 0, 0, 0) && x.Location == folder.File(Path.Combine(DepA, "Ocf.TestDependency.dll")));
        Assert.Contains(copies, x => x.GetName().Version == new Version(2, 0, 0, 0) && x.Location == folder.File(Path.Combine(DepB, "Ocf.TestDependency.dll")));
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, x => x.GetName().Name == "Ocf.TestDependency");
        // The shared contract is the host's: the modules' plugins are the host's IOcfSelfConfiguring.
        Assert.DoesNotContain(AssembliesLoadedFrom(folder.Path), x => x.GetName().Name == "Ocf.Framework");
    }

    [Fact]
    public void A_module_without_its_private_dependency_is_refused_and_gets_no_other_copy()
    {
        using var folder = new PluginFolder().With(WidgetHandler, DepA, DepB);
        File.Delete(folder.File(Path.Combine(DepA, "Ocf.TestDependency.dll")));
        var manager = NewManager(folder);
        using var b = manager.Acquire<IOcfSelfConfiguring>(Widget, "dep-b");

        var ex = Assert.Throws<OcfPluginException>(() => manager.LoadModule(DepA));

        Assert.Contains("widget/dep-a of module 'Ocf.TestModules.DepA' threw while being created", ex.Message);
        Assert.Contains("Ocf.TestDependency", ex.Message);
        Assert.DoesNotContain(manager.LoadedModules, m => m.Name == DepA);
        Assert.Equal(new OcfString("2.0.0"), Assert.Single(b.Instance.Fields).Default);
    }

    [Fact]
    public void Plugin_type_names_are_case_insensitive_and_a_module_may_carry_the_handler_of_its_own_plugins()
    {
        using var folder = new PluginFolder().With(SelfHandled);
        var manager = NewManager(folder);
        Assert.Contains("sprocket", manager.KnownPluginTypes);

        var info = manager.LoadModule(SelfHandled);

        Assert.Equal(new[] { "pluginhandler/sprocket", "Sprocket/s1" }, info.Plugins.Order(StringComparer.OrdinalIgnoreCase));
        using (var lease = manager.Acquire<IOcfSelfConfiguring>("SPROCKET", "s1"))
            Assert.Equal("teeth", Assert.Single(lease.Instance.Fields).FieldName);
        Assert.Single(manager.KnownPluginTypes, t => t.Equals("sprocket", StringComparison.OrdinalIgnoreCase));
        manager.UnloadModule(SelfHandled);
        Assert.Contains("sprocket", manager.KnownPluginTypes);
    }

    [Fact]
    public void Only_exported_classes_are_registered_or_reachable()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Widgets);
        var manager = NewManager(folder);
        var manifest = manager.Discover().Single(m => m.Name == Widgets);
        Assert.DoesNotContain(manifest.Exports, e => e.ImplementationTypeName.Contains("Hidden", StringComparison.Ordinal));

        manager.LoadModule(Widgets);

        var widgets = manager.GetPlugins().Where(p => p.Type == Widget).Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "basic", "newer-minor" }, widgets);
        Assert.DoesNotContain(manager.GetPlugins(), p => p.Name.Contains("hidden", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(WidgetHandlerLog(manager), l => l.Contains("hidden", StringComparison.OrdinalIgnoreCase));
        foreach (var name in new[] { "hidden", "HiddenWidget", "Ocf.TestModules.Widgets.HiddenWidget" })
        {
            Assert.False(manager.TryLoadPlugin(Widget, name));
            Assert.Throws<OcfPluginException>(() => manager.Acquire<IOcfSelfConfiguring>(Widget, name));
        }
    }

    [Fact]
    public void GetPlugins_lists_declared_plugins_unloaded_and_reading_their_fields_loads_them()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Widgets);
        var manager = NewManager(folder);

        var plugins = manager.GetPlugins();

        var basic = Assert.Single(plugins, p => p.Type == Widget && p.Name == "basic");
        Assert.False(basic.IsLoaded);
        Assert.Equal(Widgets, basic.Module);
        Assert.Equal(folder.File(Path.Combine(Widgets, Widgets + ".dll")), basic.Source);
        Assert.Equal(new Version(0, 1, 0, 0), basic.Version);
        Assert.Equal("A widget built for API 1.0.", basic.Description);
        Assert.Equal("widget/basic", basic.ToString());
        Assert.False(Assert.Single(plugins, p => p.Type == OcfPluginTypes.PluginHandler && p.Name == Widget).IsLoaded);
        Assert.True(Assert.Single(plugins, p => p.Type == OcfPluginTypes.PluginHandler && p.Name == OcfPluginTypes.Encoding).IsLoaded);
        Assert.Equal(new[] { "Ocf.Framework" }, manager.LoadedModules.Select(m => m.Name));

        var fields = basic.Fields;

        Assert.Contains(fields, f => f is { FieldName: "ports", Class: OcfFieldClass.Struct, IsArray: true });
        Assert.Equal(new[] { "Ocf.Framework", WidgetHandler, Widgets }, manager.LoadedModules.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.True(manager.GetPlugins().Single(p => p.Type == Widget && p.Name == "basic").IsLoaded);
        // Reading the fields held no lease: the module unloads at once.
        manager.UnloadModule(Widgets);
        Assert.False(manager.GetPlugins().Single(p => p.Type == Widget && p.Name == "basic").IsLoaded);
    }

    [Fact]
    public void A_loaded_widgets_field_metadata_validates_configurations_and_travels_through_both_codecs()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Widgets);
        var manager = NewManager(folder);
        var fields = manager.GetPlugins().Single(p => p.Type == Widget && p.Name == "basic").Fields;

        var good = new OcfMap([
            new("widget_name", new OcfString("w1")),
            new("tags", new OcfString("x")),
            new("ports", new OcfList(new OcfMap([new("host", new OcfString("db.example.org"))]))),
        ]);
        Assert.Empty(OcfConfigurator.Validate(fields, good));
        var normalized = OcfConfigurator.Normalize(fields, good);
        Assert.Equal(new OcfInteger(8080), normalized["port"]);
        Assert.Equal(new OcfInteger(22), ((OcfMap)((OcfList)normalized["ports"])[0])["port"]);

        var bad = new OcfMap([
            new("name", new OcfString("w1")),
            new("tags", new OcfString("x")),
            new("ports", new OcfList(new OcfMap([new("host", new OcfString("a"))]), new OcfMap([new("port", new OcfInteger(1))]))),
            new("gizmo", new OcfString("frobnicate")),
        ]);
        Assert.Equal(new[] { "ports[1].host:Required", "gizmo:TooLong", "gizmo:PatternMismatch" },
            OcfConfigurator.Validate(fields, bad).Select(p => $"{p.Path}:{p.Code}"));

        var metadata = OcfFieldCodec.ToValue(fields);
        foreach (var codec in new[] { manager.Codecs.Get("ocf-xml"), manager.Codecs.Get("xml-rpc") })
        {
            var decoded = codec.Decode(codec.EncodeToBytes(metadata));
            Assert.Equal(metadata, decoded);
            Assert.Equal(metadata, OcfFieldCodec.ToValue(OcfFieldCodec.FieldsFromValue(decoded)));
        }
    }
}
