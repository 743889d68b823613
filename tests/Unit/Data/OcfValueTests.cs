using Ocf.Data;
using Xunit;

namespace Ocf.Tests.Data;

public class OcfValueTests
{
    private static KeyValuePair<string, OcfValue> E(string k, OcfValue v) => new(k, v);

    [Theory]
    [InlineData(2)]
    [InlineData(20)] // above the size where the map builds a dictionary index
    public void Map_rejects_a_duplicate_key(int size)
    {
        var entries = Enumerable.Range(0, size).Select(i => E("k" + i, i)).ToList();
        entries.Add(E("k1", "again"));
        var ex = Assert.Throws<OcfDuplicateKeyException>(() => new OcfMap(entries));
        Assert.Equal("k1", ex.Key);
        Assert.Contains("'k1'", ex.Message);
        Assert.IsAssignableFrom<ArgumentException>(ex);
    }

    [Fact]
    public void Map_keys_are_compared_ordinally()
    {
        // Case and normalisation differences are different keys, not duplicates.
        var map = new OcfMap([E("Key", 1), E("key", 2), E("e\u0301", 3), E("\u00e9", 4)]);
        Assert.Equal(4, map.Count);
        Assert.Equal(new OcfInteger(2), map["key"]);
        Assert.Equal(new OcfInteger(4), map["\u00e9"]);
        Assert.False(map.ContainsKey("KEY"));
    }

    [Fact]
    public void Map_builder_rejects_duplicates_as_they_are_added_and_keeps_order()
    {
        var b = new OcfMapBuilder().Add("z", 1).Add("a", 2).Add("m", 3);
        var ex = Assert.Throws<OcfDuplicateKeyException>(() => b.Add("a", 9));
        Assert.Equal("a", ex.Key);
        var map = b.Build();
        Assert.Equal(new[] { "z", "a", "m" }, map.Keys);
        Assert.Equal(new OcfInteger(2), map["a"]);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(50)]
    public void Map_keeps_insertion_order_and_finds_every_key(int size)
    {
        // Reverse order, so sorted and insertion order differ.
        var keys = Enumerable.Range(0, size).Select(i => $"key{size - i:D3}").ToArray();
        var map = new OcfMap(keys.Select((k, i) => E(k, i)));
        Assert.Equal(keys, map.Keys);
        Assert.Equal(keys, map.Select(e => e.Key));
        for (int i = 0; i < size; i++)
        {
            Assert.Equal(keys[i], map[i].Key);
            Assert.True(map.TryGetValue(keys[i], out var v));
            Assert.Equal(new OcfInteger(i), v);
        }
        Assert.False(map.TryGetValue("absent", out _));
        Assert.Throws<KeyNotFoundException>(() => map["absent"]);
    }

    [Fact]
    public void Containers_refuse_null_members()
    {
        Assert.Throws<ArgumentNullException>(() => new OcfMap([E(null!, 1)]));
        Assert.Throws<ArgumentNullException>(() => new OcfMap([E("a", null!)]));
        Assert.Throws<ArgumentNullException>(() => new OcfList(new OcfValue[] { 1, null! }));
        Assert.Throws<ArgumentNullException>(() => new OcfString(null!));
    }

    [Fact]
    public void Structural_equality_of_nested_values()
    {
        OcfValue Make() => new OcfMap([
            E("tty", "/dev/ttyS1"),
            E("ports", new OcfList("node1", "node2")),
            E("n", new OcfList(1L, 2.5, true, OcfValue.Nil, new OcfBinary([1, 2]), new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc))),
        ]);
        var a = Make();
        var b = Make();
        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());

        var differentLeaf = new OcfMap([E("tty", "/dev/ttyS1"), E("ports", new OcfList("node1", "node3")), ((OcfMap)a)[2]]);
        Assert.NotEqual(a, differentLeaf);
    }

    [Fact]
    public void Map_equality_depends_on_order()
    {
        var ab = new OcfMap([E("a", 1), E("b", 2)]);
        var ba = new OcfMap([E("b", 2), E("a", 1)]);
        Assert.NotEqual<OcfValue>(ab, ba);
        Assert.Equal<OcfValue>(ab, new OcfMap([E("a", 1), E("b", 2)]));
    }

    [Fact]
    public void Scalars_of_different_kinds_are_never_equal()
    {
        OcfValue[] values = ["1", 1L, 1.0, true, OcfValue.Nil, new OcfBinary([1]), new DateTime(1), OcfList.Empty, OcfMap.Empty, ""];
        for (int i = 0; i < values.Length; i++)
            for (int j = 0; j < values.Length; j++)
                Assert.Equal(i == j, values[i].Equals(values[j]));
        Assert.Equal(OcfValueKind.String, values[0].Kind);
        Assert.Equal(OcfValueKind.Integer, values[1].Kind);
        Assert.Equal(OcfValueKind.Double, values[2].Kind);
        Assert.Equal(OcfValueKind.Boolean, values[3].Kind);
        Assert.Equal(OcfValueKind.Nil, values[4].Kind);
        Assert.Equal(OcfValueKind.Binary, values[5].Kind);
        Assert.Equal(OcfValueKind.DateTime, values[6].Kind);
        Assert.Equal(OcfValueKind.List, values[7].Kind);
        Assert.Equal(OcfValueKind.Map, values[8].Kind);
    }

    [Fact]
    public void Doubles_compare_by_value_with_NaN_equal_and_signed_zeros_distinct()
    {
        Assert.Equal(new OcfDouble(double.NaN), new OcfDouble(double.NaN));
        var otherNaN = BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8000000000001));
        Assert.True(double.IsNaN(otherNaN));
        Assert.Equal(new OcfDouble(double.NaN), new OcfDouble(otherNaN));
        Assert.Equal(new OcfDouble(double.NaN).GetHashCode(), new OcfDouble(otherNaN).GetHashCode());
        Assert.NotEqual(new OcfDouble(0.0), new OcfDouble(-0.0));
        Assert.NotEqual(new OcfDouble(0.1), new OcfDouble(0.1 + 1e-17 * 2));
        Assert.Equal(new OcfDouble(0.1), new OcfDouble(0.1));
    }

    [Fact]
    public void DateTimes_compare_ticks_and_kind()
    {
        var t = new DateTime(2026, 11, 25, 10, 0, 0);
        Assert.Equal(new OcfDateTime(t), new OcfDateTime(DateTime.SpecifyKind(t, DateTimeKind.Unspecified)));
        Assert.NotEqual(new OcfDateTime(t), new OcfDateTime(DateTime.SpecifyKind(t, DateTimeKind.Utc)));
        Assert.NotEqual(new OcfDateTime(t), new OcfDateTime(t.AddTicks(1)));
    }

    [Fact]
    public void Binary_copies_its_bytes_in_and_out()
    {
        byte[] source = [1, 2, 3];
        var bin = new OcfBinary(source);
        source[0] = 99;
        Assert.Equal(new byte[] { 1, 2, 3 }, bin.ToArray());
        var copy = bin.ToArray();
        copy[1] = 42;
        Assert.Equal(new byte[] { 1, 2, 3 }, bin.ToArray());
        Assert.Equal(3, bin.Length);
        Assert.Equal(new OcfBinary([1, 2, 3]), bin);
        Assert.NotEqual(new OcfBinary([1, 2]), bin);
    }

    [Fact]
    public void Factories_and_conversions()
    {
        Assert.Same(OcfNil.Instance, OcfValue.From((string?)null));
        Assert.Same(OcfNil.Instance, OcfValue.From((byte[]?)null));
        Assert.Same(OcfBoolean.True, OcfValue.From(true));
        OcfValue i = 5;
        Assert.Equal(new OcfInteger(5), i);
        OcfValue s = "x";
        Assert.Equal(new OcfString("x"), s);
        Assert.Empty(new OcfList());
        Assert.Empty(OcfMap.Empty);
    }

    [Fact]
    public void ToString_is_a_short_readable_rendering()
    {
        var v = new OcfMap([E("a", new OcfList(1L, "x", true, OcfValue.Nil, 2.5)), E("b", new OcfBinary([1, 2, 3]))]);
        Assert.Equal("{a: [1, \"x\", true, nil, 2.5], b: binary[3]}", v.ToString());
        var big = new OcfList(Enumerable.Range(0, 1000).Select(n => (OcfValue)n));
        Assert.True(big.ToString().Length <= 201, "long values are shortened");
        Assert.EndsWith("…", big.ToString());
    }

    [Fact]
    public void List_exposes_items_in_order()
    {
        var l = new OcfList("a", "b", "c");
        Assert.Equal(3, l.Count);
        Assert.Equal(new OcfString("b"), l[1]);
        Assert.Equal(new[] { "a", "b", "c" }, l.Select(x => ((OcfString)x).Value));
        Assert.Equal(3, l.AsSpan().Length);
        Assert.NotEqual(new OcfList("a", "b"), l);
        Assert.NotEqual(new OcfList("a", "c", "b"), l);
    }
}
