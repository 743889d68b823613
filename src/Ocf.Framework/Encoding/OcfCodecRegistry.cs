using System.Collections.Concurrent;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;
using Ocf.Plugins;

namespace Ocf.Encoding;

/// <summary>
/// Codecs by name and alias (case-insensitive). <see cref="Default"/> is the registry of the process-wide plugin
/// manager: every codec in it, the built-in ocf-xml and xml-rpc included, arrived as a plugin of the "encoding" type
/// (the built-in ones are exports of the framework's own module, see Plugins/BuiltInExports.cs).
/// </summary>
public sealed class OcfCodecRegistry
{
    /// <summary>The codecs of <see cref="OcfPluginManager.Default"/> (creating that manager on first use).</summary>
    public static OcfCodecRegistry Default => OcfPluginManager.Default.Codecs;

    /// <summary>A registry holding the two built-in codecs, for code that encodes without any plugin manager.</summary>

    private readonly ConcurrentDictionary<string, IOcfCodec> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IOcfCodec> _codecs = new();
    private readonly object _gate = new();

    public static OcfCodecRegistry CreateWithBuiltIns()
    {
        var r = new OcfCodecRegistry();
        r.Register(OcfXmlCodec.Instance);
        r.Register(XmlRpcCodec.Instance);
        return r;
    }

    public IReadOnlyList<IOcfCodec> Codecs { get { lock (_gate) return _codecs.ToArray(); } }

    /// <summary>Adds a codec; a name or alias already taken by another codec is an error.</summary>
    public void Register(IOcfCodec codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        lock (_gate)
        {
            var names = codec.Aliases.Prepend(codec.Name).ToArray();
            foreach (var n in names)
                if (_byName.TryGetValue(n, out var other) && !ReferenceEquals(other, codec))
                    throw new InvalidOperationException($"The codec name '{n}' is already registered by '{other.Name}'.");
            foreach (var n in names) _byName[n] = codec;
            if (!_codecs.Contains(codec)) _codecs.Add(codec);
        }
    }

    public bool Unregister(IOcfCodec codec)
    {
        lock (_gate)
        {
            foreach (var n in codec.Aliases.Prepend(codec.Name)) _byName.TryRemove(new KeyValuePair<string, IOcfCodec>(n, codec));
            return _codecs.Remove(codec);
        }
    }

    public bool TryGet(string name, out IOcfCodec codec) => _byName.TryGetValue(name, out codec!);

    public IOcfCodec Get(string name) => TryGet(name, out var c) ? c
        : throw new KeyNotFoundException($"No codec named '{name}'. Known codecs: {string.Join(", ", Codecs.Select(x => x.Name))}.");

    /// <summary>The first codec that recognises the document's start, or null.</summary>
    public IOcfCodec? Detect(ReadOnlySpan<byte> document)
    {
        foreach (var c in Codecs) if (c.CanDecode(document)) return c;
        return null;
    }
}
