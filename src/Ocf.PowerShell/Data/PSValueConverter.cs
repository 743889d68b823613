using System.Collections.Specialized;
using System.Management.Automation;
using Ocf.Data;

namespace Ocf.PowerShell.Data;

/// <summary>Wrapped values → PowerShell objects: maps as PSCustomObject (or ordered hashtables), integers as Int32 when they fit.</summary>
internal static class PSValueConverter
{
    public static object? ToPowerShell(OcfValue value, bool asHashtable, string path = "$") => value switch
    {
        OcfNil => null,
        OcfString s => s.Value,
        OcfInteger i => i.Value is >= int.MinValue and <= int.MaxValue ? (object)(int)i.Value : i.Value,
        OcfBoolean b => b.Value,
        OcfDouble d => d.Value,
        OcfDateTime t => t.Value,
        OcfBinary b => b.ToArray(),
        OcfList l => ToArray(l, asHashtable, path),
        OcfMap m => asHashtable ? ToOrderedDictionary(m, path) : ToPSCustomObject(m, path),
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    private static object?[] ToArray(OcfList list, bool asHashtable, string path)
    {
        var items = new object?[list.Count];
        for (int i = 0; i < items.Length; i++) items[i] = ToPowerShell(list[i], asHashtable, $"{path}[{i}]");
        return items;
    }

    // Ordinal keys: an ocf map may hold keys that differ only in case, and -AsHashtable must keep them all.
    private static OrderedDictionary ToOrderedDictionary(OcfMap map, string path)
    {
        var d = new OrderedDictionary(map.Count, StringComparer.Ordinal);
        foreach (var (k, v) in map) d.Add(k, ToPowerShell(v, true, OcfValueConverter.ChildPath(path, k)));
        return d;
    }

    private static PSObject ToPSCustomObject(OcfMap map, string path)
    {
        var pso = new PSObject();
        foreach (var (k, v) in map)
        {
            if (pso.Properties[k] is not null)
                throw new OcfConversionException(path, $"The keys '{pso.Properties[k].Name}' and '{k}' differ only in case, which a PSCustomObject cannot hold; use -AsHashtable.");
            pso.Properties.Add(new PSNoteProperty(k, ToPowerShell(v, false, OcfValueConverter.ChildPath(path, k))));
        }
        return pso;
    }
}
