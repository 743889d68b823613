namespace Ocf.Data;

/// <summary>
/// An immutable typed value: the wrapped structure every codec reads and writes.
/// Scalars are the small sealed subclasses in this folder; containers are <see cref="OcfList"/> and <see cref="OcfMap"/>.
/// Equality is structural, so two decoded documents compare equal when they carry the same values.
/// </summary>
public abstract class OcfValue : IEquatable<OcfValue>
{
    private protected OcfValue() { }

    public abstract OcfValueKind Kind { get; }

    public static OcfNil Nil => OcfNil.Instance;

    public static OcfValue From(string? value) => value is null ? OcfNil.Instance : new OcfString(value);
    public static OcfValue From(long value) => new OcfInteger(value);
    public static OcfValue From(bool value) => value ? OcfBoolean.True : OcfBoolean.False;
    public static OcfValue From(double value) => new OcfDouble(value);
    public static OcfValue From(DateTime value) => new OcfDateTime(value);
    public static OcfValue From(byte[]? value) => value is null ? OcfNil.Instance : new OcfBinary(value);

    public static implicit operator OcfValue(string value) => From(value);
    public static implicit operator OcfValue(long value) => From(value);
    public static implicit operator OcfValue(bool value) => From(value);
    public static implicit operator OcfValue(double value) => From(value);
    public static implicit operator OcfValue(DateTime value) => From(value);

    public abstract bool Equals(OcfValue? other);
    public override bool Equals(object? obj) => obj is OcfValue v && Equals(v);
    public abstract override int GetHashCode();

    /// <summary>Plain .NET form: string, long, bool, double, DateTime, byte[], null, object?[] and ordered dictionaries.</summary>
    public object? ToPlainObject() => OcfValueConverter.ToPlainObject(this);

    public override string ToString() => OcfValueFormatter.Format(this);
}
