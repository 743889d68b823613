using Ocf.Configuration;
using Ocf.Data;

namespace Ocf.Rpc;

/// <summary>
/// The methods a node (or any host) serves. Components register methods with their parameter metadata and help;
/// the registry checks parameters, runs handlers, and implements the XML-RPC introspection conventions
/// (system.listMethods, system.methodSignature, system.methodHelp) and system.multicall
/// (https://mirrors.talideon.com/articles/multicall.html). Thread-safe.
/// </summary>
public sealed class OcfRpcRegistry
{
    /// <summary>How many calls one system.multicall may carry.</summary>
    public const int MaxMulticallCalls = 1000;

    private readonly object _gate = new();
    private Dictionary<string, OcfRpcMethod> _methods = new(StringComparer.Ordinal);

    /// <param name="introspection">Register system.listMethods, system.methodSignature, system.methodHelp and system.multicall.</param>
    public OcfRpcRegistry(bool introspection = true)
    {
        if (introspection) RegisterSystemMethods();
    }

    /// <summary>Adds a method; a second method with the same name is an error (use <see cref="Unregister"/> first).</summary>
    public void Register(OcfRpcMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        lock (_gate)
        {
            if (_methods.ContainsKey(method.Name)) throw new InvalidOperationException($"the method '{method.Name}' is already registered");
            // Copy-on-write: lookups read the current dictionary without the lock.
            _methods = new Dictionary<string, OcfRpcMethod>(_methods, StringComparer.Ordinal) { [method.Name] = method };
        }
    }

    public void Register(string name, string help, IReadOnlyList<OcfField> parameters, string returnType,
        Func<IReadOnlyList<OcfValue>, CancellationToken, ValueTask<OcfValue>> handler) =>
        Register(new OcfRpcMethod(name, help, parameters, returnType, handler));

    public bool Unregister(string name)
    {
        lock (_gate)
        {
            if (!_methods.ContainsKey(name)) return false;
            var copy = new Dictionary<string, OcfRpcMethod>(_methods, StringComparer.Ordinal);
            copy.Remove(name);
            _methods = copy;
            return true;
        }
    }

    public bool TryGetMethod(string name, out OcfRpcMethod method) => Volatile.Read(ref _methods).TryGetValue(name, out method!);

    /// <summary>Every method name, sorted ordinally.</summary>
    public IReadOnlyList<string> MethodNames => [.. Volatile.Read(ref _methods).Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Runs a method: looks it up (<see cref="OcfRpcFaultCodes.MethodNotFound"/>), checks its parameters
    /// (<see cref="OcfRpcFaultCodes.InvalidParams"/>) and calls its handler. Faults raise <see cref="OcfRpcException"/>;
    /// an unexpected handler exception becomes <see cref="OcfRpcFaultCodes.InternalError"/>. Cancellation of
    /// <paramref name="cancellationToken"/> propagates as <see cref="OperationCanceledException"/>.
    /// </summary>
    public async ValueTask<OcfValue> InvokeAsync(string methodName, IReadOnlyList<OcfValue> parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(methodName);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!TryGetMethod(methodName, out var method))
            throw new OcfRpcException(OcfRpcFaultCodes.MethodNotFound, $"requested method not found: '{methodName}'");
        var args = method.ValidateParameters ? CheckParameters(method, parameters) : parameters;
        OcfValue result;
        try
        {
            result = await method.Handler(args, cancellationToken).ConfigureAwait(false);
        }
        catch (OcfRpcException) { throw; }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { throw; }
        catch (OcfValidationException e)
        {
            throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, $"invalid method parameters: {e.Message}", e);
        }
        catch (Exception e)
        {
            throw new OcfRpcException(OcfRpcFaultCodes.InternalError, $"internal error in '{methodName}': {e.GetType().Name}", e);
        }
        return result ?? OcfValue.Nil;
    }

    /// <summary>Positional parameters checked against the method's fields; the normalised values, in field order.</summary>
    public static IReadOnlyList<OcfValue> CheckParameters(OcfRpcMethod method, IReadOnlyList<OcfValue> parameters)
    {
        var fields = method.Parameters;
        if (parameters.Count > fields.Count)
            throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams,
                $"invalid method parameters: '{method.Name}' takes at most {fields.Count} parameter(s), {parameters.Count} given");
        var given = new OcfMapBuilder();
        for (int i = 0; i < parameters.Count; i++) given.Add(fields[i].FieldName, parameters[i]);
        OcfMap normalized;
        try
        {
            normalized = OcfConfigurator.Normalize(fields, given.Build());
        }
        catch (OcfValidationException e)
        {
            string problems = string.Join("; ", e.Problems.Select(p => p.ToString()));
            throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, $"invalid method parameters for '{method.Name}': {problems}", e);
        }
        var args = new OcfValue[fields.Count];
        for (int i = 0; i < fields.Count; i++)
            args[i] = normalized.TryGetValue(fields[i].FieldName, out var v) ? v : OcfValue.Nil;
        return args;
    }

    private static readonly OcfField MethodNameField = new()
    {
        FieldName = "methodName",
        BasicType = OcfBasicType.String,
        Required = true,
        ShortText = "the name of a registered method",
    };

    private void RegisterSystemMethods()
    {
        Register(new OcfRpcMethod("system.listMethods",
            "Returns the names of every method this server offers, as an array of strings.",
            [], OcfRpcTypes.Array,
            (_, _) => ValueTask.FromResult<OcfValue>(new OcfList(MethodNames.Select(n => (OcfValue)new OcfString(n))))));

        Register(new OcfRpcMethod("system.methodSignature",
            "Returns the signatures of a method as an array of arrays of XML-RPC type names: the return type first, then each parameter's type.",
            [MethodNameField], OcfRpcTypes.Array,
            (args, _) =>
            {
                var m = Lookup(args[0]);
                return ValueTask.FromResult<OcfValue>(new OcfList([new OcfList(m.Signature.Select(t => (OcfValue)new OcfString(t)))]));
            }));

        Register(new OcfRpcMethod("system.methodHelp",
            "Returns the help text of a method, with a line for each parameter.",
            [MethodNameField], OcfRpcTypes.String,
            (args, _) => ValueTask.FromResult<OcfValue>(new OcfString(HelpText(Lookup(args[0]))))));

        Register(new OcfRpcMethod("system.multicall",
            "Runs several calls in one request. Takes an array of structs {methodName, params}; returns an array with, for each call, "
            + "a one-element array holding its result or a struct {faultCode, faultString}.",
            [new OcfField { FieldName = "calls", BasicType = OcfBasicType.String, Class = OcfFieldClass.Simple, IsArray = true, ShortText = "array of {methodName, params}" }],
            OcfRpcTypes.Array, MulticallAsync)
        { ValidateParameters = false });
    }

    private OcfRpcMethod Lookup(OcfValue name)
    {
        string n = ((OcfString)name).Value;
        return TryGetMethod(n, out var m) ? m : throw new OcfRpcException(OcfRpcFaultCodes.MethodNotFound, $"requested method not found: '{n}'");
    }

    /// <summary>The method's help and one line per parameter (name, type, required, short text).</summary>
    public static string HelpText(OcfRpcMethod method)
    {
        if (method.Parameters.Count == 0) return method.Help;
        var lines = new List<string> { method.Help, "", "Parameters:" };
        foreach (var p in method.Parameters)
        {
            string text = p.ShortText ?? p.LongText ?? "";
            string flags = p.Required ? "required" : p.Default is { } d && !p.Secret ? $"optional, default {d}" : "optional";
            lines.Add($"  {p.FieldName} ({OcfRpcTypes.Of(p)}, {flags}){(text.Length > 0 ? ": " + text : "")}");
        }
        return string.Join("\n", lines);
    }

    private async ValueTask<OcfValue> MulticallAsync(IReadOnlyList<OcfValue> args, CancellationToken cancellationToken)
    {
        if (args.Count != 1 || args[0] is not OcfList calls)
            throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, "invalid method parameters: system.multicall takes one array of {methodName, params} structs");
        if (calls.Count > MaxMulticallCalls)
            throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, $"invalid method parameters: system.multicall takes at most {MaxMulticallCalls} calls");
        var results = new OcfValue[calls.Count];
        for (int i = 0; i < calls.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (calls[i] is not OcfMap call || !call.TryGetValue("methodName", out var nameValue) || nameValue is not OcfString name)
                    throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, "a multicall entry must be a struct with a string methodName");
                if (name.Value == "system.multicall")
                    throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, "recursive system.multicall is forbidden");
                IReadOnlyList<OcfValue> ps = !call.TryGetValue("params", out var p) || p is OcfNil ? []
                    : p as OcfList ?? throw new OcfRpcException(OcfRpcFaultCodes.InvalidParams, "a multicall entry's params must be an array");
                results[i] = new OcfList([await InvokeAsync(name.Value, ps, cancellationToken).ConfigureAwait(false)]);
            }
            catch (OcfRpcException e)
            {
                results[i] = e.ToFault().Detail;
            }
        }
        return new OcfList(results);
    }
}
