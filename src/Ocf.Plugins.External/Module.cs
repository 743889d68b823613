using Ocf.Plugins;
using Ocf.Plugins.External;

[assembly: OcfModule("Ocf.Plugins.External",
    Description = "External agents as self-configuring plugins: fence agents (fence_*) and OCF resource agents, their metadata imported as fields.")]
[assembly: OcfExport(OcfPluginTypes.Catalog, "external-agents", typeof(ExternalAgentCatalog), ApiVersion = "1.0",
    Description = "Lists the installed fence agents (stonith, from 'fence_X -o metadata') and OCF resource agents (resource, 'ocf:provider:agent', from 'meta-data').")]
