using Ocf.Configuration;
using Ocf.Plugins;
using Ocf.TestModules.DuplicateWidget;

[assembly: OcfModule("Ocf.TestModules.DuplicateWidget", Description = "Test module: reuses the widget name 'basic'.")]
[assembly: OcfExport("widget", "dup-extra", typeof(ExtraWidget), Description = "A unique name, registered before the duplicate and rolled back with it.")]
[assembly: OcfExport("widget", "basic", typeof(DuplicateBasicWidget), Description = "Same name as Ocf.TestModules.Widgets' basic widget.")]

namespace Ocf.TestModules.DuplicateWidget;

public sealed class ExtraWidget : IOcfSelfConfiguring
{
    public IReadOnlyList<OcfField> Fields { get; } = new OcfField[] { new() { FieldName = "extra" } };
}

public sealed class DuplicateBasicWidget : IOcfSelfConfiguring
{
    public IReadOnlyList<OcfField> Fields { get; } = new OcfField[] { new() { FieldName = "impostor" } };
}
