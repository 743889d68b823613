using System.Collections;
using System.Collections.Specialized;
using System.Numerics;
using System.Security;
using System.Text;
using Ocf.Data;
using Xunit;

namespace Ocf.Tests.Data;

public class OcfValueConverterTests
{
    private static OcfValue From(object? o, OcfConversionOptions? options = null) => OcfValueConverter.FromObject(o, options);
    private static KeyValuePair<string, OcfValue> E(string k, OcfValue v) => new(k, v);

    [Fact]
    public void Scalars()
    {
        Assert.Same(OcfNil.Instance, From(null));
        Assert.Same(OcfNil.Instance, From(DBNull.Value));
        Assert.Equal(new OcfString("s"), From("s"));
        Assert.Equal(new OcfString("c"), From('c'));
        Assert.Equal(OcfBoolean.True, From(true));
        Assert.Equal(new OcfInteger(-5), From((sbyte)-5));
        Assert.Equal(new OcfInteger(200), From((byte)200));
        Assert.Equal(new OcfInteger(-300), From((short)-300));
        Assert.Equal(new OcfInteger(60000), From((ushort)60000));
        Assert.Equal(new OcfInteger(int.MinValue), From(int.MinValue));
        Assert.Equal(new OcfInteger(uint.MaxValue), From(uint.MaxValue));
        Assert.Equal(new OcfInteger(long.MinValue), From(long.MinValue));
        Assert.Equal(new OcfInteger(long.MaxValue), From((ulong)long.MaxValue));
        Assert.Equal(new OcfInteger(123), From(new BigInteger(123)));
        Assert.Equal(new OcfDouble(1.5), From(1.5f));
        Assert.Equal(new OcfDouble(0.1), From(0.1));
        Assert.Equal(new OcfDouble(0.25), From(0.25m));
        Assert.Equal(new OcfString("3fa85f64-5717-4562-b3fc-2c963f66afa6"), From(Guid.Parse("3fa85f64-5717-4562-b3fc-2c963f66afa6")));
        Assert.Equal(new OcfString("1.02:03:04"), From(new TimeSpan(1, 2, 3, 4)));
        Assert.Equal(new OcfString("https://example.org/a"), From(new Uri("https://example.org/a")));
        Assert.Equal(new OcfString("1.2.3"), From(new Version(1, 2, 3)));
    }

    [Fact]
    public void Existing_values_pass_through()
    {
        var v = new OcfList("a");
        Assert.Same(v, From(v));
    }

    [Fact]
    public void Integers_beyond_64_bits_are_errors_with_a_path()
    {
        var ex = Assert.Throws<OcfConversionException>(() => From(new object[] { 1, ulong.MaxValue }));
        Assert.Equal("$[1]", ex.Path);
        Assert.Contains("18446744073709551615", ex.Message);
        Assert.Contains("64-bit", ex.Message);
        var big = Assert.Throws<OcfConversionException>(() => From(new Hashtable { ["n"] = BigInteger.Pow(2, 64) }));
        Assert.Equal("$.n", big.Path);
        Assert.Throws<OcfConversionException>(() => From((ulong)long.MaxValue + 1));
    }

    [Fact]
    public void Decimals_that_a_double_cannot_carry_exactly_are_errors()
    {
        var ex = Assert.Throws<OcfConversionException>(() => From(0.1234567890123456789m));
        Assert.Equal("$", ex.Path);
        Assert.Contains("decimal", ex.Message);
    }

    [Fact]
    public void Hashtable_becomes_a_map()
    {
        var v = Assert.IsType<OcfMap>(From(new Hashtable { ["a"] = 1, ["b"] = "two" }));
        Assert.Equal(2, v.Count);
        Assert.Equal(new OcfInteger(1), v["a"]);
        Assert.Equal(new OcfString("two"), v["b"]);
    }

    [Fact]
    public void OrderedDictionary_keeps_its_order()
    {
        var d = new OrderedDictionary { ["zeta"] = 1, ["alpha"] = 2, ["mid"] = 3 };
        var v = Assert.IsType<OcfMap>(From(d));
        Assert.Equal(new[] { "zeta", "alpha", "mid" }, v.Keys);
        Assert.Equal(new OcfMap([E("zeta", 1), E("alpha", 2), E("mid", 3)]), v);
    }

    [Fact]
    public void Generic_dictionary_keys_become_strings()
    {
        var v = Assert.IsType<OcfMap>(From(new Dictionary<int, string> { [3] = "c", [1] = "a" }));
        Assert.Equal(new OcfMap([E("3", "c"), E("1", "a")]), v);
    }

    [Fact]
    public void Keys_that_collide_as_strings_are_errors()
    {
        var ex = Assert.Throws<OcfConversionException>(() => From(new Hashtable { [1] = "int", ["1"] = "string" }));
        Assert.Contains("'1'", ex.Message);
    }

    [Fact]
    public void Arrays_and_lists_become_lists()
    {
        Assert.Equal(new OcfList(1L, 2L, 3L), From(new[] { 1, 2, 3 }));
        Assert.Equal(new OcfList("a", "b"), From(new List<string> { "a", "b" }));
        Assert.Equal(new OcfList(1L, "x", OcfValue.Nil, new OcfList(true)), From(new object?[] { 1, "x", null, new[] { true } }));
        Assert.Same(OcfList.Empty, From(Array.Empty<int>()));
        Assert.Equal(new OcfList(1L, 4L, 9L), From(Enumerable.Range(1, 3).Select(x => x * x)));
    }

    [Flags]
    private enum Access { None = 0, Read = 1, Write = 2 }

    [Fact]
    public void Enums_become_their_names()
    {
        Assert.Equal(new OcfString("Monday"), From(DayOfWeek.Monday));
        Assert.Equal(new OcfString("Read, Write"), From(Access.Read | Access.Write));
        Assert.Equal(new OcfList("Sunday", "Saturday"), From(new[] { DayOfWeek.Sunday, DayOfWeek.Saturday }));
    }

    [Fact]
    public void DateTime_keeps_its_kind_and_DateTimeOffset_becomes_utc()
    {
        var local = new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Unspecified);
        Assert.Equal(new OcfDateTime(local), From(local));
        var dto = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(2));
        var v = Assert.IsType<OcfDateTime>(From(dto));
        Assert.Equal(DateTimeKind.Utc, v.Value.Kind);
        Assert.Equal(new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc), v.Value);
        var negative = Assert.IsType<OcfDateTime>(From(new DateTimeOffset(2026, 1, 1, 0, 30, 0, TimeSpan.FromHours(-5.5))));
        Assert.Equal(new DateTime(2026, 1, 1, 6, 0, 0, DateTimeKind.Utc), negative.Value);
    }

    [Fact]
    public void Byte_arrays_become_binary_copies()
    {
        byte[] data = [0, 1, 255];
        var v = Assert.IsType<OcfBinary>(From(data));
        data[0] = 7;
        Assert.Equal(new byte[] { 0, 1, 255 }, v.ToArray());
    }

    private static SecureString Secure(string s)
    {
        var ss = new SecureString();
        foreach (char c in s) ss.AppendChar(c);
        ss.MakeReadOnly();
        return ss;
    }

    [Fact]
    public void SecureString_is_refused_unless_asked_for()
    {
        var obj = new Hashtable { ["nodes"] = new object[] { "n0", new OrderedDictionary { ["password"] = Secure("s3cret") } } };
        var ex = Assert.Throws<OcfConversionException>(() => From(obj));
        Assert.Equal("$.nodes[1].password", ex.Path);
        Assert.Contains("SecureString", ex.Message);
        Assert.DoesNotContain("s3cret", ex.Message);

        var allowed = new OcfConversionOptions { AllowSecureStringAsPlainText = true };
        Assert.Equal(new OcfString("s3cret"), From(Secure("s3cret"), allowed));
        Assert.Equal(new OcfString(""), From(Secure(""), allowed));
        var nested = Assert.IsType<OcfMap>(From(obj, allowed));
        Assert.Equal(new OcfString("s3cret"), ((OcfMap)((OcfList)nested["nodes"])[1])["password"]);
    }

    [Fact]
    public void Paths_quote_keys_that_are_not_identifiers()
    {
        var ex = Assert.Throws<OcfConversionException>(() => From(new OrderedDictionary { ["a b"] = new OrderedDictionary { ["it's"] = ulong.MaxValue } }));
        Assert.Equal("$['a b']['it\\'s']", ex.Path);
    }

    private static Hashtable Nest(int levels)
    {
        // levels containers: {a: {a: ... {a: 1}}}
        var inner = new Hashtable { ["a"] = 1 };
        for (int i = 1; i < levels; i++) inner = new Hashtable { ["a"] = inner };
        return inner;
    }

    [Fact]
    public void Depth_overflow_throws_by_default()
    {
        var options = new OcfConversionOptions { MaxDepth = 2 };
        // Root container is depth 0, so MaxDepth 2 allows three levels of containers.
        var ok = From(Nest(3), options);
        Assert.Equal(new OcfInteger(1), ((OcfMap)((OcfMap)((OcfMap)ok)["a"])["a"])["a"]);
        var ex = Assert.Throws<OcfConversionException>(() => From(Nest(4), options));
        Assert.Equal("$.a.a.a", ex.Path);
        Assert.Contains("depth 2", ex.Message);
    }

    [Fact]
    public void Depth_overflow_can_convert_to_string_and_reports_truncation()
    {
        var options = new OcfConversionOptions { MaxDepth = 1, DepthOverflow = OcfDepthOverflow.ConvertToString };
        var v = OcfValueConverter.FromObject(new object[] { new object[] { new[] { 1, 2 } }, "x" }, options, out bool truncated);
        Assert.True(truncated);
        Assert.Equal(new OcfList(new OcfList("System.Int32[]"), "x"), v);

        OcfValueConverter.FromObject(new object[] { new object[] { 1 } }, options, out bool notTruncated);
        Assert.False(notTruncated);
    }

    [Fact]
    public void A_cycle_is_stopped_by_the_depth_limit()
    {
        var list = new ArrayList();
        list.Add(list);
        var ex = Assert.Throws<OcfConversionException>(() => From(list));
        Assert.Contains("maximum depth 63", ex.Message); // 64 levels in all, the codecs' limit
    }

    private sealed class Node
    {
        public string Name { get; init; } = "";
        public int Port { get; init; }
        public string[] Tags { get; init; } = [];
        public int this[int i] => i; // indexers are skipped
        public string Broken => throw new InvalidOperationException("getter fails");
    }

    [Fact]
    public void Objects_become_maps_of_their_public_properties()
    {
        var v = Assert.IsType<OcfMap>(From(new Node { Name = "n1", Port = 22, Tags = ["a"] }));
        Assert.Equal(new OcfMap([E("Name", "n1"), E("Port", 22), E("Tags", new OcfList("a"))]), v);
    }

    private sealed class Adapter : IOcfObjectAdapter
    {
        public bool TryAdapt(object obj, out object? replacement, out IEnumerable<KeyValuePair<string, object?>>? properties)
        {
            replacement = null;
            properties = null;
            if (obj is Uri u) { properties = [new("host", u.Host), new("port", u.Port)]; return true; }
            if (obj is StringBuilder sb) { replacement = sb.ToString(); return true; }
            return false;
        }
    }

    [Fact]
    public void A_host_adapter_can_supply_properties_or_a_replacement()
    {
        var options = new OcfConversionOptions { Adapter = new Adapter() };
        Assert.Equal(new OcfMap([E("host", "example.org"), E("port", 8080)]), From(new Uri("http://example.org:8080/"), options));
        Assert.Equal(new OcfList("text"), From(new object[] { new StringBuilder("text") }, options));
    }

    [Fact]
    public void ToPlainObject_gives_plain_dotnet_values_back()
    {
        var t = new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);
        var value = new OcfMap([
            E("s", "x"), E("i", 5), E("b", true), E("d", 2.5), E("t", t), E("bin", new OcfBinary([1, 2])), E("nil", OcfValue.Nil),
            E("list", new OcfList(1L, "two")), E("zz", new OcfMap([E("k2", 2), E("k1", 1)])),
        ]);
        var plain = Assert.IsType<OrderedDictionary>(value.ToPlainObject());
        Assert.Equal(new[] { "s", "i", "b", "d", "t", "bin", "nil", "list", "zz" }, plain.Keys.Cast<string>());
        Assert.Equal("x", plain["s"]);
        Assert.Equal(5L, plain["i"]);
        Assert.Equal(true, plain["b"]);
        Assert.Equal(2.5, plain["d"]);
        Assert.Equal(t, plain["t"]);
        Assert.Equal(new byte[] { 1, 2 }, Assert.IsType<byte[]>(plain["bin"]));
        Assert.True(plain.Contains("nil"));
        Assert.Null(plain["nil"]);
        Assert.Equal(new object?[] { 1L, "two" }, Assert.IsType<object?[]>(plain["list"]));
        var inner = Assert.IsType<OrderedDictionary>(plain["zz"]);
        Assert.Equal(new[] { "k2", "k1" }, inner.Keys.Cast<string>());
        // Keys are ordinal: "S" is not "s".
        Assert.False(plain.Contains("S"));

        // And converting the plain form again gives the same value.
        Assert.Equal(value, From(plain));
    }
}

public class OcfValueConverterGenericDictionaryTests
{
    [Xunit.Fact]
    public void ExpandoObjectBecomesAMap()
    {
        dynamic e = new System.Dynamic.ExpandoObject();
        e.node = "n1";
        e.votes = 1;
        var v = Ocf.Data.OcfValueConverter.FromObject((object)e);
        var m = Xunit.Assert.IsType<Ocf.Data.OcfMap>(v);
        Xunit.Assert.Equal(new Ocf.Data.OcfString("n1"), m["node"]);
        Xunit.Assert.Equal(new Ocf.Data.OcfInteger(1), m["votes"]);
    }

    [Xunit.Fact]
    public void ReadOnlyDictionaryWithValueTypesBecomesAMap()
    {
        System.Collections.Generic.IReadOnlyDictionary<string, int> d =
            new System.Collections.ObjectModel.ReadOnlyDictionary<string, int>(new System.Collections.Generic.Dictionary<string, int> { ["a"] = 1 });
        // ReadOnlyDictionary is also IDictionary; a generic-only wrapper exercises the pair path.
        var pairs = d.Select(kv => kv);
        var v = Ocf.Data.OcfValueConverter.FromObject(new PairsOnly(d));
        Xunit.Assert.Equal(new Ocf.Data.OcfInteger(1), Xunit.Assert.IsType<Ocf.Data.OcfMap>(v)["a"]);
        Xunit.Assert.NotNull(pairs);
    }

    private sealed class PairsOnly(System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, int>> inner)
        : System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, int>>
    {
        public System.Collections.Generic.IEnumerator<System.Collections.Generic.KeyValuePair<string, int>> GetEnumerator() => inner.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
