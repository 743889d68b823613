using Ocf.Configuration;
using Ocf.Data;

namespace Ocf.Rpc;

/// <summary>
/// One registered method. <see cref="Parameters"/> describe the positional parameters with the self-configuration field
/// model: each parameter's name, basic type, and the usual checks (required, enum, regex, length, special type,
/// array counts, struct sub-fields). Parameters are checked before the handler runs; values arrive coerced to their
/// basic type, an absent optional parameter as its default or <see cref="OcfNil"/>.
/// </summary>
public sealed record OcfRpcMethod
{
    /// <param name="handler">Positional parameters (checked and normalised against <paramref name="parameters"/>) in, one value out.</param>
    public OcfRpcMethod(string name, string help, IReadOnlyList<OcfField> parameters, string returnType,
        Func<IReadOnlyList<OcfValue>, CancellationToken, ValueTask<OcfValue>> handler)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a method needs a name", nameof(name));
        Name = name;
        Help = help ?? "";
        Parameters = parameters ?? [];
        ReturnType = string.IsNullOrWhiteSpace(returnType) ? OcfRpcTypes.Undefined : returnType;
        Handler = handler ?? throw new ArgumentNullException(nameof(handler));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in Parameters)
            if (!names.Add(p.FieldName)) throw new ArgumentException($"parameter '{p.FieldName}' is declared twice", nameof(parameters));
    }

    public string Name { get; }
    public string Help { get; }
    public IReadOnlyList<OcfField> Parameters { get; }
    /// <summary>An XML-RPC type name (see <see cref="OcfRpcTypes"/>).</summary>
    public string ReturnType { get; }
    public Func<IReadOnlyList<OcfValue>, CancellationToken, ValueTask<OcfValue>> Handler { get; }
    /// <summary>False for methods that check their own parameters (e.g. system.multicall, with a variable shape).</summary>
    public bool ValidateParameters { get; init; } = true;

    /// <summary>The XML-RPC signature: the return type, then each parameter's type.</summary>
    public IReadOnlyList<string> Signature => [ReturnType, .. Parameters.Select(OcfRpcTypes.Of)];
}

/// <summary>XML-RPC type names, as system.methodSignature reports them.</summary>
public static class OcfRpcTypes
{
    public const string String = "string";
    public const string Int = "int";
    public const string Boolean = "boolean";
    public const string Double = "double";
    public const string DateTime = "dateTime.iso8601";
    public const string Base64 = "base64";
    public const string Array = "array";
    public const string Struct = "struct";
    public const string Nil = "nil";
    /// <summary>Used where a value has no fixed type (the convention's "undef").</summary>
    public const string Undefined = "undef";

    public static string Of(OcfField field) =>
        field.IsArray ? Array
        : field.Class == OcfFieldClass.Struct ? Struct
        : Of(field.BasicType);

    public static string Of(OcfBasicType type) => type switch
    {
        OcfBasicType.String => String,
        OcfBasicType.Integer => Int,
        OcfBasicType.Boolean => Boolean,
        OcfBasicType.Double => Double,
        OcfBasicType.DateTime => DateTime,
        OcfBasicType.Binary => Base64,
        _ => Undefined,
    };
}
