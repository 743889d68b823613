using Ocf.Configuration;
using Ocf.Data;

namespace Ocf.Plugins.Stonith.Basic;

internal static class HostListField
{
    public static readonly OcfField Field = new()
    {
        FieldName = "hostlist",
        Label = "Hosts",
        Required = true,
        IsArray = true,
        MinCount = 1,
        SpecialType = OcfSpecialTypes.Hostname,
        ShortText = "The hosts this device controls.",
        Aliases = ["hosts"],
    };

    public static string[] Read(OcfMap configuration) =>
        ((OcfList)configuration["hostlist"]).Select(v => ((OcfString)v).Value).ToArray();
}
