using Ocf.Configuration;
using Ocf.Plugins;
using Ocf.TestModules.Orphan;

[assembly: OcfModule("Ocf.TestModules.Orphan", Description = "Test module: a plugin of a type nobody handles.")]
[assembly: OcfExport("gadget", "lonely", typeof(LonelyGadget), Description = "No module provides a handler of 'gadget'.")]

namespace Ocf.TestModules.Orphan;

public sealed class LonelyGadget : IOcfSelfConfiguring
{
    public IReadOnlyList<OcfField> Fields { get; } = new OcfField[] { new() { FieldName = "lonely" } };
}
