using Ocf.Configuration;
using Ocf.Data;
using Ocf.Encoding.XmlRpc;
using Ocf.Rpc;
using Xunit;

namespace Ocf.Tests.Rpc;

public class OcfRpcRegistryTests
{
    internal static OcfRpcRegistry CreateTestRegistry()
    {
        var registry = new OcfRpcRegistry();
        registry.Register("test.add", "Adds two integers.",
            [
                new OcfField { FieldName = "a", BasicType = OcfBasicType.Integer, Required = true, ShortText = "first addend" },
                new OcfField { FieldName = "b", BasicType = OcfBasicType.Integer, Default = new OcfInteger(0) },
            ],
            OcfRpcTypes.Int,
            (args, _) => ValueTask.FromResult<OcfValue>(((OcfInteger)args[0]).Value + ((OcfInteger)args[1]).Value));
        registry.Register("test.echo", "Returns its parameter.",
            [new OcfField { FieldName = "value", BasicType = OcfBasicType.String, EnumValues = ["red", "green"] }],
            OcfRpcTypes.String, (args, _) => ValueTask.FromResult(args[0]));
        registry.Register("test.tags", "Counts tags.",
            [new OcfField { FieldName = "tags", IsArray = true, MaxCount = 3 }, new OcfField { FieldName = "opts", Class = OcfFieldClass.Struct, SubFields = [new OcfField { FieldName = "x", BasicType = OcfBasicType.Boolean }] }],
            OcfRpcTypes.Int, (args, _) => ValueTask.FromResult<OcfValue>(args[0] is OcfList l ? l.Count : -1));
        registry.Register("test.fail", "Raises an application fault.", [], OcfRpcTypes.Nil,
            (_, _) => throw new OcfRpcException(42, "the answer"));
        registry.Register("test.crash", "Throws.", [], OcfRpcTypes.Nil,
            (_, _) => throw new InvalidOperationException("secret internals"));
        return registry;
    }

    private static readonly OcfRpcDispatcher Dispatcher = new(CreateTestRegistry());

    private static async Task<XmlRpcMessage> Call(string method, params OcfValue[] ps)
    {
        var request = XmlRpcCodec.Instance.EncodeMessage(new XmlRpcMethodCall(method, ps));
        var response = await Dispatcher.DispatchAsync(request);
        return XmlRpcCodec.Instance.DecodeMessage(response);
    }

    private static async Task<OcfValue> Ok(string method, params OcfValue[] ps) =>
        Assert.IsType<XmlRpcMethodResponse>(await Call(method, ps)).Value;

    private static async Task<XmlRpcFault> Fault(string method, params OcfValue[] ps) =>
        Assert.IsType<XmlRpcFault>(await Call(method, ps));

    [Fact]
    public async Task Calls_a_method_with_coerced_parameters_and_defaults()
    {
        Assert.Equal(new OcfInteger(5), await Ok("test.add", 2L, 3L));
        Assert.Equal(new OcfInteger(7), await Ok("test.add", "7"));
    }

    [Fact]
    public async Task ListMethods_is_sorted_and_includes_the_system_methods()
    {
        var names = Assert.IsType<OcfList>(await Ok("system.listMethods")).Select(v => ((OcfString)v).Value).ToArray();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Contains("system.listMethods", names);
        Assert.Contains("system.methodSignature", names);
        Assert.Contains("system.methodHelp", names);
        Assert.Contains("system.multicall", names);
        Assert.Contains("test.add", names);
    }

    [Fact]
    public async Task MethodSignature_is_an_array_of_arrays_return_type_first()
    {
        var sigs = Assert.IsType<OcfList>(await Ok("system.methodSignature", "test.add"));
        var sig = Assert.IsType<OcfList>(Assert.Single(sigs));
        Assert.Equal(["int", "int", "int"], sig.Select(v => ((OcfString)v).Value));
        var tags = (OcfList)((OcfList)await Ok("system.methodSignature", "test.tags"))[0];
        Assert.Equal(["int", "array", "struct"], tags.Select(v => ((OcfString)v).Value));
        Assert.Equal(["array"], ((OcfList)((OcfList)await Ok("system.methodSignature", "system.listMethods"))[0]).Select(v => ((OcfString)v).Value));
    }

    [Fact]
    public async Task MethodHelp_gives_the_help_and_parameters()
    {
        var help = ((OcfString)await Ok("system.methodHelp", "test.add")).Value;
        Assert.StartsWith("Adds two integers.", help);
        Assert.Contains("a (int, required): first addend", help);
        Assert.Contains("b (int, optional, default 0)", help);
        Assert.Equal(OcfRpcFaultCodes.MethodNotFound, (await Fault("system.methodHelp", "no.such")).FaultCode);
    }

    [Fact]
    public async Task Unknown_method_is_32601()
    {
        var f = await Fault("no.such.method");
        Assert.Equal(-32601, f.FaultCode);
        Assert.Contains("no.such.method", f.FaultString);
    }

    [Fact]
    public async Task Bad_parameters_are_32602_with_the_problem()
    {
        var wrongType = await Fault("test.add", "x");
        Assert.Equal(-32602, wrongType.FaultCode);
        Assert.Contains("'x' is not a valid", wrongType.FaultString);
        var missing = await Fault("test.add");
        Assert.Equal(-32602, missing.FaultCode);
        Assert.Contains("'a' is required", missing.FaultString);
        var tooMany = await Fault("test.add", 1L, 2L, 3L);
        Assert.Equal(-32602, tooMany.FaultCode);
        Assert.Contains("at most 2", tooMany.FaultString);
        Assert.Contains("not one of", (await Fault("test.echo", "blue")).FaultString);
        Assert.Equal(-32602, (await Fault("test.tags", new OcfList("a", "b", "c", "d"))).FaultCode);
        Assert.Equal(-32602, (await Fault("test.tags", new OcfList("a"), "not a struct")).FaultCode);
        Assert.Equal(new OcfInteger(1), await Ok("test.tags", new OcfList("a"), new OcfMapBuilder().Add("x", "yes").Build()));
    }

    [Fact]
    public async Task Handler_faults_keep_their_code_and_crashes_are_32603_without_details()
    {
        var f = await Fault("test.fail");
        Assert.Equal(42, f.FaultCode);
        Assert.Equal("the answer", f.FaultString);
        var crash = await Fault("test.crash");
        Assert.Equal(-32603, crash.FaultCode);
        Assert.DoesNotContain("secret internals", crash.FaultString);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<methodCall><methodName>x</methodName>")]
    [InlineData("not xml at all")]
    [InlineData("<methodCall><methodName>test.add</methodName><params><param><value><int>zz</int></value></param></params></methodCall>")]
    public async Task Malformed_xml_is_a_32700_fault_not_an_exception(string text)
    {
        var response = await Dispatcher.DispatchAsync(System.Text.Encoding.UTF8.GetBytes(text));
        var f = Assert.IsType<XmlRpcFault>(XmlRpcCodec.Instance.DecodeMessage(response));
        Assert.Equal(-32700, f.FaultCode);
    }

    [Fact]
    public async Task A_response_document_where_a_call_is_expected_is_32600()
    {
        var doc = XmlRpcCodec.Instance.EncodeMessage(new XmlRpcMethodResponse(1L));
        var f = Assert.IsType<XmlRpcFault>(XmlRpcCodec.Instance.DecodeMessage(await Dispatcher.DispatchAsync(doc)));
        Assert.Equal(-32600, f.FaultCode);
    }

    private static OcfMap CallStruct(string name, params OcfValue[] ps) =>
        new OcfMapBuilder().Add("methodName", name).Add("params", new OcfList(ps)).Build();

    [Fact]
    public async Task Multicall_returns_one_element_arrays_and_fault_structs()
    {
        var calls = new OcfList(
            CallStruct("test.add", 1L, 2L),
            CallStruct("no.such"),
            CallStruct("test.add", "bad"),
            CallStruct("system.multicall", new OcfList()),
            new OcfString("not a struct"),
            CallStruct("test.fail"),
            CallStruct("system.methodHelp", "test.echo"));
        var results = Assert.IsType<OcfList>(await Ok("system.multicall", calls));
        Assert.Equal(7, results.Count);
        Assert.Equal(new OcfList(new OcfInteger(3)), results[0]);
        int Code(int i) => (int)((OcfInteger)((OcfMap)results[i])["faultCode"]).Value;
        Assert.Equal(-32601, Code(1));
        Assert.Equal(-32602, Code(2));
        Assert.Equal(-32602, Code(3));
        Assert.Equal(-32602, Code(4));
        Assert.Equal(42, Code(5));
        Assert.IsType<OcfString>(((OcfMap)results[5])["faultString"]);
        Assert.Equal(new OcfList(new OcfString("Returns its parameter.\n\nParameters:\n  value (string, optional)")), results[6]);
        Assert.Equal(-32602, (await Fault("system.multicall", "not an array")).FaultCode);
    }

    [Fact]
    public void Registration_rules()
    {
        var r = new OcfRpcRegistry(introspection: false);
        Assert.Empty(r.MethodNames);
        r.Register("a.b", "", [], "", (_, _) => ValueTask.FromResult<OcfValue>(OcfValue.Nil));
        Assert.Throws<InvalidOperationException>(() => r.Register("a.b", "", [], "", (_, _) => ValueTask.FromResult<OcfValue>(OcfValue.Nil)));
        Assert.Throws<ArgumentException>(() => r.Register("c", "", [new OcfField { FieldName = "x" }, new OcfField { FieldName = "x" }], "", (_, _) => ValueTask.FromResult<OcfValue>(OcfValue.Nil)));
        Assert.True(r.TryGetMethod("a.b", out var m));
        Assert.Equal(["undef"], m.Signature);
        Assert.True(r.Unregister("a.b"));
        Assert.False(r.Unregister("a.b"));
        Assert.Empty(r.MethodNames);
    }

    [Fact]
    public async Task Cancellation_of_the_callers_token_propagates()
    {
        var r = new OcfRpcRegistry();
        r.Register("slow", "", [], "", async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return OcfValue.Nil; });
        using var cts = new CancellationTokenSource(50);
        var d = new OcfRpcDispatcher(r);
        var call = XmlRpcCodec.Instance.EncodeMessage(new XmlRpcMethodCall("slow", []));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await d.DispatchAsync(call, cts.Token));
    }

    [Fact]
    public void Exception_converts_to_a_fault()
    {
        var f = new OcfRpcException(-32500, "app").ToFault();
        Assert.Equal(-32500, f.FaultCode);
        Assert.Equal("app", f.FaultString);
        Assert.Equal(new OcfInteger(-32500), f.Detail["faultCode"]);
    }
}
