using Ocf.Configuration;
using Ocf.Data;
using Ocf.Encoding;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding.XmlRpc;
using Xunit;
using static Ocf.Tests.Configuration.ConfiguratorTests;

namespace Ocf.Tests.Configuration;

/// <summary>Field metadata as plain data: through OcfFieldCodec and through both foundation codecs, unchanged.</summary>
public class FieldMetadataTests
{
    /// <summary>Every attribute set, with text that XML must escape or keep exactly.</summary>
    private static readonly IReadOnlyList<OcfField> Rich =
    [
        .. ConfiguratorTests.Fields,
        new()
        {
            FieldName = "everything",
            Label = "Größe <&> \"quoted\" 'single' ✓",
            BasicType = OcfBasicType.Double,
            SpecialType = OcfSpecialTypes.Seconds,
            Length = 0,
            Regex = @"^[<>&'""\]]]>\s*$|\d+(\.\d+)?",
            ShortText = "  leading and trailing blanks  ",
            LongText = "Line one\nLine two\r\nLine three\twith a tab\r",
            Default = new OcfDouble(0.1),
            Required = true,
            EnumValues = ["0.1", "1e-3", ""],
            IsArray = true,
            MinCount = 0,
            MaxCount = int.MaxValue,
            Aliases = ["every-thing", "all"],
            Deprecated = true,
            Unique = true,
        },
        new() { FieldName = "when", BasicType = OcfBasicType.DateTime },
        new() { FieldName = "blob", BasicType = OcfBasicType.Binary, Default = new OcfBinary([0, 1, 2, 255]) },
        new() { FieldName = "count", BasicType = OcfBasicType.Integer, Default = new OcfInteger(long.MinValue) },
        new() { FieldName = "list-default", IsArray = true, Default = List("a", "b") },
        new()
        {
            FieldName = "nested", Class = OcfFieldClass.Struct,
            SubFields = [new() { FieldName = "inner", Class = OcfFieldClass.Struct, SubFields = [new() { FieldName = "leaf", Secret = true }] }],
        },
    ];

    /// <summary>Record equality compares lists by reference; this compares fields attribute by attribute.</summary>
    internal static void AssertSameField(OcfField expected, OcfField actual, string path = "")
    {
        path = path.Length == 0 ? expected.FieldName : $"{path}.{expected.FieldName}";
        Assert.True(expected.FieldName == actual.FieldName, $"{path}: fieldname {actual.FieldName}");
        Assert.True(expected.Label == actual.Label, $"{path}: label");
        Assert.True(expected.BasicType == actual.BasicType, $"{path}: basictype");
        Assert.True(expected.SpecialType == actual.SpecialType, $"{path}: specialtype");
        Assert.True(expected.Length == actual.Length, $"{path}: length");
        Assert.True(expected.Regex == actual.Regex, $"{path}: regex '{actual.Regex}'");
        Assert.True(expected.ShortText == actual.ShortText, $"{path}: short_text '{actual.ShortText}'");
        Assert.True(expected.LongText == actual.LongText, $"{path}: long_text '{actual.LongText}'");
        // A secret's default is never published.
        Assert.True(Equals(expected.Secret ? null : expected.Default, actual.Default), $"{path}: default {actual.Default}");
        Assert.True(expected.Required == actual.Required, $"{path}: required");
        Assert.True(expected.Secret == actual.Secret, $"{path}: secret");
        Assert.True(expected.EnumValues is null ? actual.EnumValues is null : actual.EnumValues is not null && expected.EnumValues.SequenceEqual(actual.EnumValues), $"{path}: enum");
        Assert.True(expected.IsArray == actual.IsArray, $"{path}: isarray");
        Assert.True(expected.MinCount == actual.MinCount, $"{path}: min_count");
        Assert.True(expected.MaxCount == actual.MaxCount, $"{path}: max_count");
        Assert.True(expected.Class == actual.Class, $"{path}: class");
        Assert.True(expected.Aliases.SequenceEqual(actual.Aliases), $"{path}: aliases");
        Assert.True(expected.Deprecated == actual.Deprecated, $"{path}: deprecated");
        Assert.True(expected.Unique == actual.Unique, $"{path}: unique");
        Assert.True(expected.SubFields.Count == actual.SubFields.Count, $"{path}: subfield count");
        for (int i = 0; i < expected.SubFields.Count; i++) AssertSameField(expected.SubFields[i], actual.SubFields[i], path);
    }

    internal static void AssertSameFields(IReadOnlyList<OcfField> expected, IReadOnlyList<OcfField> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++) AssertSameField(expected[i], actual[i]);
    }

    [Fact]
    public void Fields_and_actions_inside_plain_objects_convert_to_their_wrapped_form()
    {
        // The generic converter (ConvertTo-OcfXml's) must not walk a field's .NET properties: it writes the field
        // codec's form, which FieldsFromValue reads back, and withholds a secret's default like the codec does.
        var secret = new OcfField { FieldName = "password", BasicType = OcfBasicType.String, Secret = true, Default = new OcfString("hunter2") };
        var action = new Ocf.Plugins.OcfPluginAction { Name = "monitor", Timeout = TimeSpan.FromSeconds(20) };
        var value = OcfValueConverter.FromObject(new Dictionary<string, object?> { ["fields"] = Fields.Append(secret).ToArray(), ["action"] = action });

        var map = Assert.IsType<OcfMap>(value);
        var back = OcfFieldCodec.FieldsFromValue(map["fields"]);
        Assert.Equal(Fields.Count + 1, back.Count);
        Assert.Equal(OcfFieldCodec.ToValue(Fields), OcfFieldCodec.ToValue(back.Take(Fields.Count)));
        Assert.False(((OcfMap)((OcfList)map["fields"])[Fields.Count]).ContainsKey("default"));
        Assert.DoesNotContain("hunter2", OcfXmlCodec.Instance.EncodeToString(value));
        Assert.Equal(new OcfInteger(20_000), ((OcfMap)map["action"])["timeout_ms"]);
    }

    [Fact]
    public void Field_metadata_uses_the_papers_attribute_names()
    {
        var port = OcfFieldCodec.ToValue(ConfiguratorTests.Fields[1]);
        Assert.Equal(Map(
            ("fieldname", "port"),
            ("basictype", "integer"),
            ("specialtype", "port"),
            ("default", 8080L),
            ("required", false),
            ("secret", false),
            ("isarray", false),
            ("class", "simple")), port);

        var ports = OcfFieldCodec.ToValue(ConfiguratorTests.Fields[7]);
        Assert.Equal("struct", ((OcfString)ports["class"]).Value);
        Assert.Equal(3, ((OcfList)ports["subfields"]).Count);
        Assert.Equal(new OcfInteger(1), ports["min_count"]);
    }

    [Fact]
    public void Field_metadata_round_trips_through_OcfFieldCodec()
    {
        var value = OcfFieldCodec.ToValue(Rich);

        var back = OcfFieldCodec.FieldsFromValue(value);

        AssertSameFields(Rich, back);
        Assert.Equal(value, OcfFieldCodec.ToValue(back));
    }

    [Fact]
    public void A_secret_default_is_not_published()
    {
        var field = new OcfField { FieldName = "password", Secret = true, Default = new OcfString("changeme") };
        var value = OcfFieldCodec.ToValue(field);
        Assert.False(value.ContainsKey("default"));
        Assert.DoesNotContain("changeme", value.ToString());
        Assert.Null(OcfFieldCodec.FromValue(value).Default);
    }

    public static TheoryData<string> CodecNames => new() { OcfXmlCodec.CodecName, XmlRpcCodec.CodecName };

    [Theory]
    [MemberData(nameof(CodecNames))]
    public void Field_metadata_round_trips_through_both_codecs_unchanged(string codecName)
    {
        var codec = OcfCodecRegistry.Default.Get(codecName);
        var value = OcfFieldCodec.ToValue(Rich);

        var decoded = codec.Decode(codec.EncodeToBytes(value));

        Assert.Equal(value, decoded);
        AssertSameFields(Rich, OcfFieldCodec.FieldsFromValue(decoded));
        // Text form too (what a GUI or a remote tool would fetch).
        AssertSameFields(Rich, OcfFieldCodec.FieldsFromValue(codec.Decode(codec.EncodeToString(value))));
    }

    [Fact]
    public void Malformed_field_metadata_is_refused_with_its_path()
    {
        Assert.Contains("list of field maps", Assert.Throws<FormatException>(() => OcfFieldCodec.FieldsFromValue(Map())).Message);
        Assert.Contains("[1]: a field is a map", Assert.Throws<FormatException>(() => OcfFieldCodec.FieldsFromValue(List(Map(("fieldname", "a")), "b"))).Message);
        Assert.Contains("[0].fieldname", Assert.Throws<FormatException>(() => OcfFieldCodec.FieldsFromValue(List(Map(("label", "no name"))))).Message);
        Assert.Contains("unknown basic type 'quaternion'",
            Assert.Throws<FormatException>(() => OcfFieldCodec.FromValue(Map(("fieldname", "q"), ("basictype", "quaternion")))).Message);
        // Missing attributes take their defaults; the basic type names have their short forms too.
        var minimal = OcfFieldCodec.FromValue(Map(("fieldname", "m"), ("basictype", "int")));
        Assert.Equal((OcfBasicType.Integer, false, OcfFieldClass.Simple), (minimal.BasicType, minimal.Required, minimal.Class));
        Assert.Empty(minimal.Aliases);
        Assert.Empty(minimal.SubFields);
    }

    [Fact]
    public void Metadata_read_back_validates_like_the_original()
    {
        var back = OcfFieldCodec.FieldsFromValue(OcfCodecRegistry.Default.Get(XmlRpcCodec.CodecName).Decode(
            OcfCodecRegistry.Default.Get(XmlRpcCodec.CodecName).EncodeToBytes(OcfFieldCodec.ToValue(ConfiguratorTests.Fields))));
        var configuration = Map(("name", "X"), ("ports", List(Map(("port", 0L)))), ("gizmo", "frob-1234567"));

        Assert.Equal(
            OcfConfigurator.Validate(ConfiguratorTests.Fields, configuration).Select(p => p.ToString()),
            OcfConfigurator.Validate(back, configuration).Select(p => p.ToString()));
    }
}
