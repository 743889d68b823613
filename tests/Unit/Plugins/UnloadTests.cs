using System.Runtime.CompilerServices;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Plugins;
using Xunit;
using static Ocf.Tests.Plugins.TestModules;

namespace Ocf.Tests.Plugins;

/// <summary>Unloading: refused while a plugin is in use or its handler is needed; afterwards the load context is really collected.</summary>
public class UnloadTests
{
    private static readonly OcfMap Flat = new([new("t", new OcfString("status")), new("src", new OcfString("node1"))]);

    [Fact]
    public void Unloading_is_refused_while_a_lease_is_open_and_allowed_once_it_is_disposed()
    {
        using var folder = new PluginFolder().With(HaMsg);
        var manager = NewManager(folder);
        var first = manager.Acquire<IOcfCodec>(OcfPluginTypes.Encoding, "ha-msg");
        var second = manager.Acquire<IOcfCodec>(OcfPluginTypes.Encoding, "ha-msg");
        Assert.Same(first.Instance, second.Instance);

        var ex = Assert.Throws<OcfPluginException>(() => manager.UnloadModule(HaMsg));
        Assert.Equal(HaMsg, ex.Module);
        Assert.Equal("The module 'Ocf.Plugins.Encoding.HaMsg' cannot be unloaded: encoding/ha-msg (2 in use).", ex.Message);

        first.Dispose();
        first.Dispose(); // a second dispose releases nothing more
        ex = Assert.Throws<OcfPluginException>(() => manager.UnloadModule(HaMsg));
        Assert.Contains("encoding/ha-msg (1 in use)", ex.Message);
        Assert.True(manager.Codecs.TryGet("ha-msg", out _));

        second.Dispose();
        manager.UnloadModule(HaMsg);

        Assert.DoesNotContain(manager.LoadedModules, m => m.Name == HaMsg);
        Assert.False(manager.Codecs.TryGet("ha-msg", out _));
        var again = Assert.Throws<OcfPluginException>(() => manager.UnloadModule(HaMsg));
        Assert.Contains("is not loaded", again.Message);
    }

    [Fact]
    public void An_unloaded_module_context_is_collected()
    {
        using var folder = new PluginFolder().With(HaMsg);
        var manager = NewManager(folder);

        var context = LoadUseAndUnloadHaMsg(manager);

        Assert.True(WaitUntilCollected(context), "The ha-msg module's load context was not collected after unloading.");
        Assert.Null(manager.GetLoadContextReference(HaMsg));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadUseAndUnloadHaMsg(OcfPluginManager manager)
    {
        manager.LoadModule(HaMsg);
        var context = manager.GetLoadContextReference(HaMsg);
        Assert.NotNull(context);
        Assert.True(context.IsAlive);
        using (var lease = manager.Acquire<IOcfCodec>(OcfPluginTypes.Encoding, "ha-msg"))
        {
            Assert.Equal(Flat, lease.Instance.Decode(lease.Instance.EncodeToString(Flat)));
            Assert.Throws<OcfPluginException>(() => manager.UnloadModule(HaMsg));
        }
        manager.UnloadModule(HaMsg);
        return context;
    }

    [Fact]
    public void A_widget_module_and_then_its_handlers_module_are_both_collected()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Widgets);
        var manager = NewManager(folder);

        var (widgets, handler) = LoadUseAndUnloadWidgets(manager);

        Assert.True(WaitUntilCollected(widgets), "The widgets module's load context was not collected after unloading.");
        Assert.True(WaitUntilCollected(handler), "The widget handler module's load context was not collected after unloading.");
        Assert.Equal(new[] { "Ocf.Framework" }, manager.LoadedModules.Select(m => m.Name));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Widgets, WeakReference Handler) LoadUseAndUnloadWidgets(OcfPluginManager manager)
    {
        manager.LoadModule(Widgets);
        var widgets = manager.GetLoadContextReference(Widgets)!;
        var handler = manager.GetLoadContextReference(WidgetHandler)!;
        using (var lease = manager.Acquire<IOcfSelfConfiguring>(Widget, "basic"))
            Assert.Equal(10, lease.Instance.Fields.Count);
        Assert.Throws<OcfPluginException>(() => manager.UnloadModule(WidgetHandler));
        manager.UnloadModule(Widgets);
        Assert.Equal(new[] { "+basic", "+newer-minor", "-basic", "-newer-minor" }, WidgetHandlerLog(manager).Order(StringComparer.Ordinal));
        manager.UnloadModule(WidgetHandler);
        return (widgets, handler);
    }

    private static bool WaitUntilCollected(WeakReference reference)
    {
        for (int i = 0; reference.IsAlive && i < 20; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return !reference.IsAlive;
    }

    [Fact]
    public void A_module_providing_a_handler_cannot_be_unloaded_while_other_modules_plugins_use_it()
    {
        using var folder = new PluginFolder().With(WidgetHandler, Widgets, DepA);
        var manager = NewManager(folder);
        manager.LoadModule(Widgets);
        manager.LoadModule(DepA);

        var ex = Assert.Throws<OcfPluginException>(() => manager.UnloadModule(WidgetHandler));

        Assert.Equal(WidgetHandler, ex.Module);
        Assert.Contains("The module 'Ocf.TestModules.WidgetHandler' cannot be unloaded: it provides the handler of plugin type 'widget'", ex.Message);
        Assert.Contains("basic (module Ocf.TestModules.Widgets)", ex.Message);
        Assert.Contains("newer-minor (module Ocf.TestModules.Widgets)", ex.Message);
        Assert.Contains("dep-a (module Ocf.TestModules.DepA)", ex.Message);
        Assert.Equal(new[] { "basic", "dep-a", "newer-minor" }, WidgetsKnownToHandler(manager));

        manager.UnloadModule(Widgets);
        ex = Assert.Throws<OcfPluginException>(() => manager.UnloadModule(WidgetHandler));
        Assert.DoesNotContain(Widgets, ex.Message);
        Assert.Contains("dep-a (module Ocf.TestModules.DepA)", ex.Message);

        manager.UnloadModule(DepA);
        // A lease on the handler itself also holds its module.
        using (manager.Acquire<IReadOnlyList<string>>(OcfPluginTypes.PluginHandler, Widget))
        {
            ex = Assert.Throws<OcfPluginException>(() => manager.UnloadModule(WidgetHandler));
            Assert.Contains("PluginHandler/widget (1 in use)", ex.Message);
        }
        manager.UnloadModule(WidgetHandler);
        Assert.Equal(new[] { "Ocf.Framework" }, manager.LoadedModules.Select(m => m.Name));

        // Loading a widget again brings a fresh handler.
        manager.LoadModule(DepA);
        Assert.Equal(new[] { "+dep-a" }, WidgetHandlerLog(manager));
    }
}
