using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Net;
using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security;

namespace Ocf.Data;

/// <summary>Converts .NET objects to wrapped values and back.</summary>
public static class OcfValueConverter
{
    /// <summary>Converts an object graph; see <see cref="OcfConversionOptions"/> for depth, SecureString and host adapters.</summary>
    public static OcfValue FromObject(object? obj, OcfConversionOptions? options = null) => FromObject(obj, options, out _);

    public static OcfValue FromObject(object? obj, OcfConversionOptions? options, out bool truncated)
    {
        var walker = new Walker(options ?? OcfConversionOptions.Default);
        var value = walker.Convert(obj, "$", 0);
        truncated = walker.Truncated;
        return value;
    }

    private sealed class Walker(OcfConversionOptions options)
    {
        public bool Truncated;

        public OcfValue Convert(object? obj, string path, int depth)
        {
            if (obj is null || obj is DBNull) return OcfNil.Instance;
            if (options.Adapter is { } adapter && adapter.TryAdapt(obj, out var replacement, out var props))
            {
                if (props is not null) return Container(obj, path, depth, () => ConvertProperties(props, path, depth));
                if (!ReferenceEquals(replacement, obj)) return Convert(replacement, path, depth);
            }
            switch (obj)
            {
                case OcfValue v: return v;
                case IOcfValueSource source: return source.ToOcfValue();
                case string s: return new OcfString(s);
                case char c: return new OcfString(c.ToString());
                case bool b: return OcfValue.From(b);
                case sbyte or byte or short or ushort or int or uint or long:
                    return new OcfInteger(System.Convert.ToInt64(obj, CultureInfo.InvariantCulture));
                case ulong ul:
                    return ul <= long.MaxValue ? new OcfInteger((long)ul) : throw new OcfConversionException(path, $"The integer {ul} is beyond the 64-bit signed range.");
                case BigInteger bi:
                    return bi >= long.MinValue && bi <= long.MaxValue ? new OcfInteger((long)bi) : throw new OcfConversionException(path, $"The integer {bi} is beyond the 64-bit signed range.");
                case float f: return new OcfDouble(f);
                case double d: return new OcfDouble(d);
                case decimal m:
                    {
                        double d = (double)m;
                        return (decimal)d == m ? new OcfDouble(d) : throw new OcfConversionException(path, $"The decimal {m} cannot be carried exactly by a double.");
                    }
                case Enum e: return new OcfString(e.ToString());
                case DateTime dt: return new OcfDateTime(dt);
                case DateTimeOffset dto: return new OcfDateTime(dto.UtcDateTime);
                case byte[] bytes: return new OcfBinary(bytes);
                case SecureString ss: return FromSecureString(ss, path);
                case Guid or Uri or Version or IPAddress: return new OcfString(obj.ToString()!);
                case TimeSpan ts: return new OcfString(ts.ToString("c", CultureInfo.InvariantCulture));
                case IDictionary dict: return Container(obj, path, depth, () => ConvertDictionary(dict, path, depth));
                case IEnumerable<KeyValuePair<string, object?>> pairs: // ExpandoObject and other generic-only dictionaries
                    return Container(obj, path, depth, () => ConvertProperties(pairs, path, depth));
                case IEnumerable seq when StringKeyedPairs(seq) is { } pairs:
                    return Container(obj, path, depth, () => ConvertProperties(pairs, path, depth));
                case IEnumerable seq: return Container(obj, path, depth, () => ConvertSequence(seq, path, depth));
                default: return Container(obj, path, depth, () => ConvertProperties(PublicProperties(obj), path, depth));
            }
        }

        private OcfValue Container(object obj, string path, int depth, Func<OcfValue> convert)
        {
            if (depth <= options.MaxDepth) return convert();
            if (options.DepthOverflow == OcfDepthOverflow.Throw)
                throw new OcfConversionException(path, $"The object is nested deeper than the maximum depth {options.MaxDepth}.");
            Truncated = true;
            return new OcfString(obj.ToString() ?? string.Empty);
        }

        private OcfValue ConvertDictionary(IDictionary dict, string path, int depth)
        {
            var entries = new List<KeyValuePair<string, OcfValue>>(dict.Count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (DictionaryEntry e in dict)
            {
                string key = System.Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                if (!seen.Add(key)) throw new OcfConversionException(path, $"Two keys both convert to the string '{key}'.");
                entries.Add(new(key, Convert(e.Value, ChildPath(path, key), depth + 1)));
            }
            return OcfMap.TryOwn(entries.ToArray(), out _)!;
        }

        private OcfValue ConvertProperties(IEnumerable<KeyValuePair<string, object?>> props, string path, int depth)
        {
            var entries = new List<KeyValuePair<string, OcfValue>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (key, value) in props)
            {
                if (!seen.Add(key)) throw new OcfConversionException(path, $"The property '{key}' appears twice.");
                entries.Add(new(key, Convert(value, ChildPath(path, key), depth + 1)));
            }
            return OcfMap.TryOwn(entries.ToArray(), out _)!;
        }

        private OcfValue ConvertSequence(IEnumerable seq, string path, int depth)
        {
            var items = new List<OcfValue>();
            foreach (var item in seq) items.Add(Convert(item, $"{path}[{items.Count}]", depth + 1));
            return OcfList.Own(items.ToArray());
        }

        private OcfValue FromSecureString(SecureString ss, string path)
        {
            if (!options.AllowSecureStringAsPlainText)
                throw new OcfConversionException(path, "A SecureString is not converted to clear text unless that is asked for explicitly.");
            IntPtr p = Marshal.SecureStringToGlobalAllocUnicode(ss);
            try { return new OcfString(Marshal.PtrToStringUni(p, ss.Length)); }
            finally { Marshal.ZeroFreeGlobalAllocUnicode(p); }
        }
    }

    /// <summary>Any IEnumerable&lt;KeyValuePair&lt;string, T&gt;&gt; (e.g. IReadOnlyDictionary&lt;string, int&gt;) read as key/value pairs.</summary>
    private static IEnumerable<KeyValuePair<string, object?>>? StringKeyedPairs(IEnumerable seq)
    {
        var pairType = seq.GetType().GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            .Select(i => i.GetGenericArguments()[0])
            .FirstOrDefault(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(KeyValuePair<,>) && t.GetGenericArguments()[0] == typeof(string));
        if (pairType is null) return null;
        var key = pairType.GetProperty("Key")!;
        var value = pairType.GetProperty("Value")!;
        return seq.Cast<object>().Select(o => new KeyValuePair<string, object?>((string)key.GetValue(o)!, value.GetValue(o)));
    }

    private static IEnumerable<KeyValuePair<string, object?>> PublicProperties(object obj)
    {
        foreach (var p in obj.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!p.CanRead || p.GetIndexParameters().Length > 0) continue;
            object? value;
            try { value = p.GetValue(obj); }
            catch (TargetInvocationException) { continue; } // a throwing getter is skipped, as ConvertTo-Json does
            yield return new(p.Name, value);
        }
    }

    /// <summary>The path of a map entry below <paramref name="path"/>: $.a.b, or $['odd key'] when the key is not a plain name.</summary>
    public static string ChildPath(string path, string key) =>
        key.Length > 0 && key.All(ch => char.IsLetterOrDigit(ch) || ch == '_' || ch == '-') ? $"{path}.{key}" : $"{path}['{key.Replace("'", "\\'")}']";

    /// <summary>Plain .NET form: maps become <see cref="OrderedDictionary"/> (ordinal keys), lists object?[], integers long.</summary>
    public static object? ToPlainObject(OcfValue value) => value switch
    {
        OcfNil => null,
        OcfString s => s.Value,
        OcfInteger i => i.Value,
        OcfBoolean b => b.Value,
        OcfDouble d => d.Value,
        OcfDateTime t => t.Value,
        OcfBinary b => b.ToArray(),
        OcfList l => l.Select(ToPlainObject).ToArray(),
        OcfMap m => ToOrderedDictionary(m),
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    private static OrderedDictionary ToOrderedDictionary(OcfMap map)
    {
        var d = new OrderedDictionary(map.Count, StringComparer.Ordinal);
        foreach (var (k, v) in map) d.Add(k, ToPlainObject(v));
        return d;
    }
}
