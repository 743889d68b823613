using Ocf.Plugins;
using Xunit;
using static Ocf.Tests.Plugins.TestModules;

namespace Ocf.Tests.Plugins;

/// <summary>Handler plugins are versioned against the PluginHandler API like any other plugin type.</summary>
public class HandlerVersionTests
{
    [Fact]
    public void The_PluginHandler_type_has_api_version_1_0()
    {
        Assert.Equal(new Version(1, 0), OcfPluginManager.PluginHandlerApiVersion);
    }

    [Fact]
    public void A_handler_built_for_another_major_PluginHandler_api_is_refused_before_it_is_created()
    {
        using var folder = new PluginFolder().With(FutureHandler);
        var manager = NewManager(folder);

        var ex = Assert.Throws<OcfPluginException>(() => manager.LoadModule(FutureHandler));

        Assert.Equal((FutureHandler, OcfPluginTypes.PluginHandler, "gadget"), (ex.Module, ex.PluginType, ex.Plugin));
        Assert.Equal("The plugin PluginHandler/gadget of module 'Ocf.TestModules.FutureHandler' was built for version 2.0 of the " +
            "'PluginHandler' plugin API, but this Ocf implements version 1.0; major versions must match.", ex.Message);
        Assert.DoesNotContain(manager.LoadedModules, m => m.Name == FutureHandler);
        Assert.DoesNotContain("gadget", manager.LoadedModules.SelectMany(m => m.Plugins).Select(p => p.Split('/')[1]));
    }

    [Fact]
    public void A_handler_declared_for_a_newer_minor_PluginHandler_api_loads()
    {
        using var folder = new PluginFolder().With(SelfHandled);
        var manager = NewManager(folder);
        // The module spells the type "pluginhandler": plugin types are case-insensitive.
        bool IsSprocketHandler(OcfPluginInfo p) => p.Name == "sprocket" && string.Equals(p.Type, OcfPluginTypes.PluginHandler, StringComparison.OrdinalIgnoreCase);
        var declared = manager.GetPlugins().Single(IsSprocketHandler);
        Assert.Equal(new Version(1, 3), declared.ApiVersion);
        Assert.Null(manager.ApiVersionProblem(declared));

        var info = manager.LoadModule(SelfHandled);

        Assert.Contains("pluginhandler/sprocket", info.Plugins, StringComparer.OrdinalIgnoreCase);
        Assert.True(manager.GetPlugins().Single(IsSprocketHandler).IsLoaded);
    }

    [Fact]
    public void ApiVersionProblem_explains_a_declared_plugin_that_its_handler_would_refuse()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Widgets, FutureWidget, FutureHandler);
        var manager = NewManager(folder);
        var plugins = manager.GetPlugins();
        var future = plugins.Single(p => p is { Type: Widget, Name: "future" });
        var basic = plugins.Single(p => p is { Type: Widget, Name: "basic" });

        // Without loading the widget handler nothing can be told, and no module is loaded to find out.
        Assert.Null(manager.ApiVersionProblem(future));
        Assert.DoesNotContain(manager.LoadedModules, m => m.Name == WidgetHandler);

        string? problem = manager.ApiVersionProblem(future, loadHandler: true);
        Assert.Equal("The plugin widget/future of module 'Ocf.TestModules.FutureWidget' was built for version 2.0 of the 'widget' " +
            "plugin API, but the loaded handler implements version 1.2; major versions must match.", problem);
        Assert.Contains(manager.LoadedModules, m => m.Name == WidgetHandler);
        Assert.Null(manager.ApiVersionProblem(basic, loadHandler: true));
        // The declared handler itself, from metadata: 2.0 against the PluginHandler API 1.0.
        var gadget = plugins.Single(p => p is { Type: OcfPluginTypes.PluginHandler, Name: "gadget" });
        Assert.Contains("built for version 2.0 of the 'PluginHandler' plugin API", manager.ApiVersionProblem(gadget));
    }
}
