using Ocf.Plugins;
using Ocf.Plugins.Stonith.Basic;

[assembly: OcfModule("Ocf.Plugins.Stonith.Basic", Description = "The null (testing only) and manual (operator-confirmed) stonith plugins.")]
[assembly: OcfExport(OcfPluginTypes.Stonith, "null", typeof(NullStonithPlugin), ApiVersion = "1.0",
    Description = "FOR TESTING ONLY: pretends to power hosts off and on in memory; fences nothing.")]
[assembly: OcfExport(OcfPluginTypes.Stonith, "manual", typeof(ManualStonithPlugin), ApiVersion = "1.0",
    Description = "Meatware: an operator resets the node by hand and confirms it with Confirm-OcfManualReset.")]
