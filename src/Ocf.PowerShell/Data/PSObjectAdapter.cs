using System.Management.Automation;
using Ocf.Data;

namespace Ocf.PowerShell.Data;

/// <summary>
/// Explains PowerShell's wrappers to the framework's converter: a PSCustomObject becomes a map of its properties
/// (in order); any other PSObject is converted through its base object.
/// </summary>
internal sealed class PSObjectAdapter : IOcfObjectAdapter
{
    public static readonly PSObjectAdapter Instance = new();

    public bool TryAdapt(object obj, out object? replacement, out IEnumerable<KeyValuePair<string, object?>>? properties)
    {
        replacement = null;
        properties = null;
        if (obj is not PSObject pso) return false;
        if (pso.BaseObject is PSCustomObject)
        {
            properties = Properties(pso);
            return true;
        }
        replacement = pso.BaseObject;
        return true;
    }

    private static IEnumerable<KeyValuePair<string, object?>> Properties(PSObject pso)
    {
        foreach (var p in pso.Properties)
        {
            if (!p.IsGettable) continue;
            object? value;
            try { value = p.Value; }
            catch (GetValueException) { continue; } // a failing script property is skipped, as ConvertTo-Json does
            yield return new(p.Name, value);
        }
    }
}
