using System.Globalization;

namespace Ocf.Data;

/// <summary>The absence of a value (XML-RPC's nil extension).</summary>
public sealed class OcfNil : OcfValue
{
    public static readonly OcfNil Instance = new();
    private OcfNil() { }
    public override OcfValueKind Kind => OcfValueKind.Nil;
    public override bool Equals(OcfValue? other) => other is OcfNil;
    public override int GetHashCode() => 0;
}

public sealed class OcfString(string value) : OcfValue
{
    public string Value { get; } = value ?? throw new ArgumentNullException(nameof(value));
    public override OcfValueKind Kind => OcfValueKind.String;
    public override bool Equals(OcfValue? other) => other is OcfString s && string.Equals(s.Value, Value, StringComparison.Ordinal);
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);
}

/// <summary>A signed 64-bit integer (XML-RPC i4 and i8 both decode to this).</summary>
public sealed class OcfInteger(long value) : OcfValue
{
    public long Value { get; } = value;
    public override OcfValueKind Kind => OcfValueKind.Integer;
    public override bool Equals(OcfValue? other) => other is OcfInteger i && i.Value == Value;
    public override int GetHashCode() => Value.GetHashCode();
}

public sealed class OcfBoolean : OcfValue
{
    public static readonly OcfBoolean True = new(true);
    public static readonly OcfBoolean False = new(false);
    private OcfBoolean(bool value) => Value = value;
    public bool Value { get; }
    public override OcfValueKind Kind => OcfValueKind.Boolean;
    public override bool Equals(OcfValue? other) => other is OcfBoolean b && b.Value == Value;
    public override int GetHashCode() => Value ? 1 : 2;
}

/// <summary>An IEEE double. Equality is bitwise-by-value (NaN equals NaN, 0.0 differs from -0.0) so round trips can be checked exactly.</summary>
public sealed class OcfDouble(double value) : OcfValue
{
    public double Value { get; } = value;
    public override OcfValueKind Kind => OcfValueKind.Double;
    public override bool Equals(OcfValue? other) =>
        other is OcfDouble d && BitConverter.DoubleToInt64Bits(d.Value) == BitConverter.DoubleToInt64Bits(Value)
        || other is OcfDouble n && double.IsNaN(n.Value) && double.IsNaN(Value);
    public override int GetHashCode() => double.IsNaN(Value) ? -1 : Value.GetHashCode();
}

/// <summary>
/// A point in time with its <see cref="DateTimeKind"/>. Offsets from DateTimeOffset are normalised to UTC on the way in,
/// so the model never has to carry an offset that XML-RPC could not express.
/// </summary>
public sealed class OcfDateTime(DateTime value) : OcfValue
{
    public DateTime Value { get; } = value;
    public override OcfValueKind Kind => OcfValueKind.DateTime;
    public override bool Equals(OcfValue? other) => other is OcfDateTime d && d.Value.Ticks == Value.Ticks && d.Value.Kind == Value.Kind;
    public override int GetHashCode() => HashCode.Combine(Value.Ticks, Value.Kind);
    internal string ToRoundTripString() => Value.ToString("o", CultureInfo.InvariantCulture);
}

/// <summary>Opaque bytes (base64 on the wire). The array is copied in, and exposed read-only.</summary>
public sealed class OcfBinary : OcfValue
{
    private readonly byte[] _bytes;
    public OcfBinary(ReadOnlySpan<byte> bytes) => _bytes = bytes.ToArray();
    private OcfBinary(byte[] owned, bool _) => _bytes = owned;
    internal static OcfBinary Own(byte[] owned) => new(owned, true);
    public ReadOnlyMemory<byte> Value => _bytes;
    public int Length => _bytes.Length;
    public byte[] ToArray() => (byte[])_bytes.Clone();
    public override OcfValueKind Kind => OcfValueKind.Binary;
    public override bool Equals(OcfValue? other) => other is OcfBinary b && b._bytes.AsSpan().SequenceEqual(_bytes);
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(_bytes);
        return h.ToHashCode();
    }
}
