using System.Collections.Specialized;
using System.Management.Automation;
using Ocf.Data;

namespace Ocf.PowerShell.Data;

/// <summary>
/// Wrapped values → PowerShell objects: maps as PSCustomObject (or ordered hashtables); integers always as Int64, the
/// model's one integer type (as ConvertFrom-Json does), so a value's .NET type never depends on its size.
/// </summary>
internal static class PSValueConverter
{
    public static object? ToPowerShell(OcfValue value, bool asHashtable) =>
        new Converter(asHashtable).Convert(value, "$");

    private readonly record struct Converter(bool AsHashtable)
    {
        public object? Convert(OcfValue value, string path) => value switch
        {
            OcfList l => ToArray(l, path),
            OcfMap m => AsHashtable ? ToOrderedDictionary(m, path) : ToPSCustomObject(m, path),
            _ => OcfValueConverter.ToPlainObject(value), // scalars: the same .NET types as the library's plain form
        };

        private object?[] ToArray(OcfList list, string path)
        {
            var items = new object?[list.Count];
            for (int i = 0; i < items.Length; i++) items[i] = Convert(list[i], $"{path}[{i}]");
            return items;
        }

        // Ordinal keys: an ocf map may hold keys that differ only in case, and -AsHashtable must keep them all.
        private OrderedDictionary ToOrderedDictionary(OcfMap map, string path)
        {
            var d = new OrderedDictionary(map.Count, StringComparer.Ordinal);
            foreach (var (k, v) in map) d.Add(k, Convert(v, OcfValueConverter.ChildPath(path, k)));
            return d;
        }

        private PSObject ToPSCustomObject(OcfMap map, string path)
        {
            var pso = new PSObject();
            foreach (var (k, v) in map)
            {
                if (pso.Properties[k] is not null)
                    throw new OcfConversionException(path, $"The keys '{pso.Properties[k].Name}' and '{k}' differ only in case, which a PSCustomObject cannot hold; use -AsHashtable.");
                pso.Properties.Add(new PSNoteProperty(k, Convert(v, OcfValueConverter.ChildPath(path, k))));
            }
            return pso;
        }
    }
}
