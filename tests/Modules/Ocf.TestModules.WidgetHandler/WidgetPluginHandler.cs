using Ocf.Plugins;
using Ocf.TestModules.WidgetHandler;

[assembly: OcfModule("Ocf.TestModules.WidgetHandler", Description = "Test module: the handler of the widget plugin type.")]
[assembly: OcfExport(OcfPluginTypes.PluginHandler, WidgetPluginHandler.TypeName, typeof(WidgetPluginHandler),
    Description = "Handler of the widget plugin type (test).")]

namespace Ocf.TestModules.WidgetHandler;

/// <summary>
/// Manages the "widget" plugin type: widgets are self-configuring plugins, API 1.2. The handler keeps a log of what it
/// was told ("+name" on registration, "-name" on unregistration) and shows it to tests as an
/// <see cref="IReadOnlyList{T}"/> of strings (a BCL interface, so the test assembly never needs this module's types).
/// Only strings are kept, so the handler never holds another module's objects alive.
/// </summary>
public sealed class WidgetPluginHandler : IOcfPluginHandler, IReadOnlyList<string>
{
    public const string TypeName = "widget";

    private readonly List<string> _log = new();

    public string PluginType => TypeName;
    public Type Contract => typeof(IOcfSelfConfiguring);
    public Version ApiVersion { get; } = new(1, 2);
    public string Description => "Widgets: self-configuring test plugins.";

    public void OnRegistered(OcfPluginRegistration plugin)
    {
        lock (_log) _log.Add("+" + plugin.Name);
    }

    public void OnUnregistered(OcfPluginRegistration plugin)
    {
        lock (_log) _log.Add("-" + plugin.Name);
    }

    private string[] Snapshot() { lock (_log) return _log.ToArray(); }

    public int Count => Snapshot().Length;
    public string this[int index] => Snapshot()[index];
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)Snapshot()).GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
