using Ocf.Configuration;
using Ocf.Plugins;
using Ocf.TestModules.FutureWidget;

[assembly: OcfModule("Ocf.TestModules.FutureWidget", Description = "Test module: a widget built for API 2.0.")]
[assembly: OcfExport("widget", "future", typeof(FutureWidget), ApiVersion = "2.0", Description = "Built for a widget API the handler does not implement.")]

namespace Ocf.TestModules.FutureWidget;

public sealed class FutureWidget : IOcfSelfConfiguring
{
    public IReadOnlyList<OcfField> Fields { get; } = new OcfField[] { new() { FieldName = "future" } };
}
