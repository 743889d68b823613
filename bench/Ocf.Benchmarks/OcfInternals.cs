using System.Runtime.CompilerServices;
using Ocf.Data;

namespace Ocf.Benchmarks;

/// <summary>
/// The framework's decoders build containers with the internal no-copy factories (OcfList.Own, OcfMap.TryOwn).
/// The baseline decoders here call the same factories, so every decoder pays the same price for the value model
/// and the comparison measures parsing, not an extra array copy in the public constructors.
/// </summary>
internal static class OcfInternals
{
    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Own")]
    private static extern OcfList ListOwn(OcfList? type, OcfValue[] items);

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "TryOwn")]
    private static extern OcfMap? MapTryOwn(OcfMap? type, KeyValuePair<string, OcfValue>[] entries, out string? duplicateKey);

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Own")]
    private static extern OcfBinary BinaryOwn(OcfBinary? type, byte[] owned);

    public static OcfList List(List<OcfValue> items) => ListOwn(null, items.ToArray());

    public static OcfMap Map(List<KeyValuePair<string, OcfValue>> entries) =>
        MapTryOwn(null, entries.ToArray(), out var duplicate) ?? throw new FormatException($"duplicate key '{duplicate}'");

    public static OcfBinary Binary(byte[] owned) => BinaryOwn(null, owned);
}
