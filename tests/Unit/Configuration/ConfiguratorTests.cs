using Ocf.Configuration;
using Ocf.Data;
using Xunit;

namespace Ocf.Tests.Configuration;

/// <summary>Validate (every problem, with its path), Normalize (defaults, aliases, coercion) and Redact over field metadata.</summary>
public class ConfiguratorTests
{
    internal static OcfMap Map(params (string Key, OcfValue Value)[] entries) => new(entries.Select(e => new KeyValuePair<string, OcfValue>(e.Key, e.Value)));
    internal static OcfList List(params OcfValue[] items) => new(items);

    /// <summary>One field of every kind the configurator checks (the same shape as the Widgets test module's).</summary>
    internal static readonly IReadOnlyList<OcfField> Fields =
    [
        new() { FieldName = "name", Required = true, Length = 16, Regex = "[a-z][a-z0-9-]*", ShortText = "Widget name", Aliases = ["widget_name"] },
        new() { FieldName = "port", BasicType = OcfBasicType.Integer, SpecialType = OcfSpecialTypes.Port, Default = new OcfInteger(8080) },
        new() { FieldName = "enabled", BasicType = OcfBasicType.Boolean, Default = OcfBoolean.True },
        new() { FieldName = "ratio", BasicType = OcfBasicType.Double },
        new() { FieldName = "mode", EnumValues = ["fast", "safe", "off"], Default = new OcfString("safe") },
        new() { FieldName = "password", SpecialType = OcfSpecialTypes.Password, Secret = true, Length = 32, Aliases = ["passwd"] },
        new() { FieldName = "tags", IsArray = true, MinCount = 1, MaxCount = 3 },
        new()
        {
            FieldName = "ports", Class = OcfFieldClass.Struct, IsArray = true, MinCount = 1,
            SubFields =
            [
                new() { FieldName = "host", SpecialType = OcfSpecialTypes.Host, Required = true },
                new() { FieldName = "port", BasicType = OcfBasicType.Integer, SpecialType = OcfSpecialTypes.Port, Default = new OcfInteger(22) },
                new() { FieldName = "key", Secret = true, Regex = "[A-Za-z0-9+/=]+" },
            ],
        },
        new() { FieldName = "gizmo", SpecialType = "frobnicator", Length = 8, Regex = "frob-[0-9]+" },
    ];

    private static string[] Codes(IEnumerable<OcfValidationProblem> problems) => problems.Select(p => $"{p.Path}:{p.Code}").ToArray();

    private static OcfMap Valid => Map(
        ("name", "web-1"),
        ("tags", List("a")),
        ("ports", List(Map(("host", "db.example.org"), ("port", 5432L)))));

    [Fact]
    public void A_valid_configuration_has_no_problems()
    {
        Assert.Empty(OcfConfigurator.Validate(Fields, Valid));
        Assert.Empty(OcfConfigurator.Validate(Fields, Map(
            ("widget_name", "web-1"), ("port", "443"), ("enabled", "off"), ("ratio", 2L), ("mode", "fast"), ("passwd", "pw"),
            ("tags", "only-one"), ("ports", Map(("host", "10.0.0.1"))), ("gizmo", "frob-123"))));
    }

    [Fact]
    public void Validate_returns_every_problem_with_its_path()
    {
        var configuration = Map(
            ("name", "Not_Valid_And_Far_Too_Long"),
            ("port", "http"),
            ("enabled", "maybe"),
            ("ratio", Map()),
            ("mode", "turbo"),
            ("password", "pw"),
            ("passwd", "pw-again"),
            ("tags", List("a", "b", "c", "d")),
            ("ports", List(
                Map(("host", "db1"), ("port", 5432L)),
                Map(("port", 70000L)),
                Map(("host", "not a host!"), ("extra", true)))),
            ("gizmo", "frob-123456789"),
            ("colour", "red"));

        var problems = OcfConfigurator.Validate(Fields, configuration);

        Assert.Equal(new[]
        {
            "password:GivenTwice",
            "colour:UnknownField",
            "name:TooLong",
            "name:PatternMismatch",
            "port:WrongType",
            "enabled:WrongType",
            "ratio:WrongType",
            "mode:NotInEnum",
            "tags:TooMany",
            "ports[1].host:Required",
            "ports[1].port:BadSpecialType",
            "ports[2].extra:UnknownField",
            "ports[2].host:BadSpecialType",
            "gizmo:TooLong",
        }, Codes(problems));
        var byPath = problems.ToLookup(p => p.Path);
        Assert.Equal("given twice, as 'password' and 'passwd'", byPath["password"].Single().Message);
        Assert.Equal("unknown field 'colour'", byPath["colour"].Single().Message);
        Assert.Equal("'http' is not a valid integer", byPath["port"].Single().Message);
        Assert.Equal("'turbo' is not one of: fast, safe, off", byPath["mode"].Single().Message);
        Assert.Equal("allows at most 3 item(s), has 4", byPath["tags"].Single().Message);
        Assert.Equal("'host' is required", byPath["ports[1].host"].Single().Message);
        Assert.Contains("'70000' is not a port number", byPath["ports[1].port"].Single().Message);
        Assert.Equal("ports[1].host: 'host' is required", byPath["ports[1].host"].Single().ToString());
    }

    [Fact]
    public void Missing_required_fields_and_too_few_items_are_reported()
    {
        Assert.Equal(new[] { "name:Required", "tags:TooFew", "ports:TooFew" },
            Codes(OcfConfigurator.Validate(Fields, Map(("tags", List()), ("ports", List())))));
        // Absent arrays with a minimum count are simply not configured; only required fields must be present.
        Assert.Equal(new[] { "name:Required" }, Codes(OcfConfigurator.Validate(Fields, Map())));
        // A nil counts as not given.
        Assert.Equal(new[] { "name:Required" }, Codes(OcfConfigurator.Validate(Fields, Map(("name", OcfValue.Nil)))));
    }

    [Fact]
    public void Wrong_shapes_are_reported_not_thrown()
    {
        var problem = Assert.Single(OcfConfigurator.Validate(Fields, List(Valid)));
        Assert.Equal(("$", "NotAMap"), (problem.Path, problem.Code));

        Assert.Equal(new[] { "name:WrongType", "ports[0]:NotAStruct", "ports[1]:NotAStruct" },
            Codes(OcfConfigurator.Validate(Fields, Map(("name", List("x")), ("tags", "t"), ("ports", List("db1", 22L))))));
        Assert.Throws<OcfValidationException>(() => OcfConfigurator.Normalize(Fields, new OcfString("name=web-1")));
    }

    [Fact]
    public void Regular_expressions_must_match_the_whole_value()
    {
        var fields = new OcfField[] { new() { FieldName = "id", Regex = "[a-z]+" } };
        Assert.Empty(OcfConfigurator.Validate(fields, Map(("id", "abc"))));
        Assert.Equal(new[] { "id:PatternMismatch" }, Codes(OcfConfigurator.Validate(fields, Map(("id", "abc1")))));
        Assert.Equal(new[] { "id:PatternMismatch" }, Codes(OcfConfigurator.Validate(fields, Map(("id", "1abc")))));
        Assert.Equal(new[] { "id:PatternMismatch" }, Codes(OcfConfigurator.Validate(fields, Map(("id", "a|b")))));
        // A trailing line break is not part of a match: it would let a value smuggle a second line into a file or an agent's stdin.
        Assert.Equal(new[] { "id:PatternMismatch" }, Codes(OcfConfigurator.Validate(fields, Map(("id", "abc\n")))));
        // Alternation in the pattern is anchored as a whole.
        var alternatives = new OcfField[] { new() { FieldName = "id", Regex = "on|off" } };
        Assert.Equal(new[] { "id:PatternMismatch" }, Codes(OcfConfigurator.Validate(alternatives, Map(("id", "onward")))));
    }

    [Theory]
    [InlineData("db1", true)]
    [InlineData("db.example.org", true)]
    [InlineData("db.example.org.", true)]
    [InlineData("10.0.0.1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("not a host!", false)]
    [InlineData("-leading-dash", false)]
    [InlineData("db1\n", false)]
    [InlineData("db1\nrm -rf", false)]
    public void The_host_specialtype_takes_host_names_and_addresses_only(string host, bool valid)
    {
        var problems = OcfConfigurator.Validate(Fields, Map(("name", "n"), ("ports", List(Map(("host", host))))));
        if (valid) Assert.Empty(problems);
        else Assert.Equal(new[] { "ports[0].host:BadSpecialType" }, Codes(problems));
    }

    [Fact]
    public void An_unknown_specialtype_falls_back_to_basictype_length_and_regex()
    {
        var gizmo = Fields.Single(f => f.FieldName == "gizmo");
        var fields = new[] { gizmo };

        // No error for the specialtype itself...
        Assert.Empty(OcfConfigurator.Validate(fields, Map(("gizmo", "frob-12"))));
        Assert.Equal(new OcfString("frob-12"), OcfConfigurator.Normalize(fields, Map(("gizmo", "frob-12")))["gizmo"]);
        // ...but basictype, length and regex still hold.
        Assert.Equal(new[] { "gizmo:TooLong" }, Codes(OcfConfigurator.Validate(fields, Map(("gizmo", "frob-123456")))));
        Assert.Equal(new[] { "gizmo:PatternMismatch" }, Codes(OcfConfigurator.Validate(fields, Map(("gizmo", "frobx")))));
        Assert.Equal(new[] { "gizmo:WrongType" }, Codes(OcfConfigurator.Validate(fields, Map(("gizmo", List("frob-1"))))));
        Assert.Equal(new[] { "gizmo:TooLong", "gizmo:PatternMismatch" }, Codes(OcfConfigurator.Validate(fields, Map(("gizmo", "frobnicator")))));

        var counted = new OcfField[] { new() { FieldName = "count", BasicType = OcfBasicType.Integer, SpecialType = "mystery-unit" } };
        Assert.Equal(new OcfInteger(42), OcfConfigurator.Normalize(counted, Map(("count", " 42")))["count"]);
        Assert.Equal(new[] { "count:WrongType" }, Codes(OcfConfigurator.Validate(counted, Map(("count", "forty-two")))));

        // The unknown specialtype survives the metadata round trip, so a consumer further on can still know it.
        Assert.Equal("frobnicator", OcfFieldCodec.FromValue(OcfFieldCodec.ToValue(gizmo)).SpecialType);
    }

    [Fact]
    public void Known_specialtypes_are_checked()
    {
        OcfField F(string special, OcfBasicType type = OcfBasicType.String) => new() { FieldName = "v", BasicType = type, SpecialType = special };
        void Good(OcfField f, OcfValue v) => Assert.Empty(OcfConfigurator.Validate([f], Map(("v", v))));
        void Bad(OcfField f, OcfValue v) => Assert.Equal(new[] { "v:BadSpecialType" }, Codes(OcfConfigurator.Validate([f], Map(("v", v)))));

        Good(F(OcfSpecialTypes.IPv4), "192.168.0.1"); Bad(F(OcfSpecialTypes.IPv4), "192.168.1"); Bad(F(OcfSpecialTypes.IPv4), "::1");
        Good(F(OcfSpecialTypes.IPv6), "2001:db8::1"); Bad(F(OcfSpecialTypes.IPv6), "10.0.0.1");
        Good(F(OcfSpecialTypes.IPAddress), "::1"); Good(F(OcfSpecialTypes.IPAddress), "10.0.0.1"); Bad(F(OcfSpecialTypes.IPAddress), "10");
        Good(F(OcfSpecialTypes.Hostname), "node-1.cluster"); Bad(F(OcfSpecialTypes.Hostname), "node_1"); Bad(F(OcfSpecialTypes.Hostname), "node1\n");
        Good(F(OcfSpecialTypes.Port, OcfBasicType.Integer), 1L); Good(F(OcfSpecialTypes.Port, OcfBasicType.Integer), 65535L);
        Bad(F(OcfSpecialTypes.Port, OcfBasicType.Integer), 0L); Bad(F(OcfSpecialTypes.Port, OcfBasicType.Integer), -1L);
        Good(F(OcfSpecialTypes.Tty), "/dev/ttyS0"); Bad(F(OcfSpecialTypes.Tty), "/dev/tty S0");
        Good(F(OcfSpecialTypes.Seconds, OcfBasicType.Double), 1.5); Bad(F(OcfSpecialTypes.Seconds, OcfBasicType.Double), -1.0);
        Good(F("PORT", OcfBasicType.Integer), 22L); Bad(F("PORT", OcfBasicType.Integer), 65536L);
    }

    [Fact]
    public void Normalize_applies_defaults_resolves_aliases_and_coerces_to_the_basic_types()
    {
        var normalized = OcfConfigurator.Normalize(Fields, Map(
            ("gizmo", "frob-7"),
            ("ports", Map(("host", "db1"), ("port", "2222"))),
            ("passwd", "s3cret"),
            ("tags", "single"),
            ("ratio", "0.25"),
            ("enabled", "no"),
            ("widget_name", "web-1"),
            ("port", "8443")));

        var expected = Map(
            ("name", "web-1"),
            ("port", 8443L),
            ("enabled", false),
            ("ratio", 0.25),
            ("mode", "safe"),
            ("password", "s3cret"),
            ("tags", List("single")),
            ("ports", List(Map(("host", "db1"), ("port", 2222L)))),
            ("gizmo", "frob-7"));
        Assert.Equal(expected, normalized);

        // Normalising is idempotent, and its result validates.
        Assert.Equal(normalized, OcfConfigurator.Normalize(Fields, normalized));
        Assert.Empty(OcfConfigurator.Validate(Fields, normalized));

        // Struct array items get their sub-field defaults; integers coerce to doubles and back only when exact.
        var withDefaults = OcfConfigurator.Normalize(Fields, Map(("name", "a"), ("ratio", 3L), ("ports", List(Map(("host", "h1")), Map(("host", "h2"), ("port", 2.0))))));
        Assert.Equal(List(Map(("host", "h1"), ("port", 22L)), Map(("host", "h2"), ("port", 2L))), withDefaults["ports"]);
        Assert.Equal(new OcfDouble(3), withDefaults["ratio"]);
        Assert.Equal(new[] { "ports[0].port:WrongType" },
            Codes(OcfConfigurator.Validate(Fields, Map(("name", "a"), ("ports", List(Map(("host", "h1"), ("port", 2.5))))))));
    }

    [Fact]
    public void Normalize_throws_with_every_problem()
    {
        var configuration = Map(("name", "Bad Name"), ("port", 0L), ("mode", "turbo"), ("ports", List(Map(("port", 1L)))), ("nope", 1L));

        var ex = Assert.Throws<OcfValidationException>(() => OcfConfigurator.Normalize(Fields, configuration));

        Assert.Equal(Codes(OcfConfigurator.Validate(Fields, configuration)), Codes(ex.Problems));
        Assert.Equal(new[] { "nope:UnknownField", "name:PatternMismatch", "port:BadSpecialType", "mode:NotInEnum", "ports[0].host:Required" }, Codes(ex.Problems));
        foreach (var path in new[] { "nope", "name", "port", "mode", "ports[0].host" })
            Assert.Contains(path + ": ", ex.Message);
        Assert.StartsWith("The configuration is not valid: ", ex.Message);
    }

    [Fact]
    public void Redact_hides_secrets_including_inside_struct_arrays_and_behind_aliases()
    {
        var configuration = Map(
            ("name", "web-1"),
            ("passwd", "hunter2"),
            ("ports", List(
                Map(("host", "db1"), ("key", "AAAAsecretKEY1")),
                Map(("host", "db2")),
                Map(("host", "db3"), ("key", OcfValue.Nil)))),
            ("colour", "red"));

        var redacted = OcfConfigurator.Redact(Fields, configuration);

        Assert.Equal(Map(
            ("name", "web-1"),
            ("passwd", OcfConfigurator.RedactedText),
            ("ports", List(
                Map(("host", "db1"), ("key", OcfConfigurator.RedactedText)),
                Map(("host", "db2")),
                Map(("host", "db3"), ("key", OcfValue.Nil)))),
            ("colour", "red")), redacted);
        string text = redacted.ToString();
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("AAAAsecretKEY1", text);

        // A struct given alone where an array is expected is redacted too, and so is a normalised configuration.
        Assert.Equal(Map(("ports", Map(("host", "h"), ("key", OcfConfigurator.RedactedText)))),
            OcfConfigurator.Redact(Fields, Map(("ports", Map(("host", "h"), ("key", "k1"))))));
        var normalized = OcfConfigurator.Normalize(Fields, Map(("name", "a"), ("password", "pw"), ("ports", Map(("host", "h"), ("key", "k1")))));
        Assert.DoesNotContain("pw", OcfConfigurator.Redact(Fields, normalized).Where(e => e.Key == "password").Select(e => e.Value.ToString()));
        Assert.DoesNotContain("k1", OcfConfigurator.Redact(Fields, normalized).ToString());
    }

    [Fact]
    public void Problem_messages_never_contain_secret_text()
    {
        const string Secret = "Sup3r-S3cret";
        var fields = new OcfField[]
        {
            new() { FieldName = "password", Secret = true, Length = 4, Regex = "[a-z]+", Aliases = ["passwd"] },
            new() { FieldName = "pin", Secret = true, BasicType = OcfBasicType.Integer },
            new() { FieldName = "level", Secret = true, EnumValues = ["low", "high"] },
            new() { FieldName = "address", Secret = true, SpecialType = OcfSpecialTypes.IPv4 },
            new() { FieldName = "keys", Secret = true, IsArray = true, MaxCount = 1, Regex = "[a-z]+" },
            new()
            {
                FieldName = "logins", Class = OcfFieldClass.Struct, IsArray = true,
                SubFields = [new() { FieldName = "user", Required = true }, new() { FieldName = "token", Secret = true, Regex = "[0-9]+" }],
            },
            new()
            {
                // A secret struct: everything in it is secret, whatever its sub-fields say.
                FieldName = "credentials", Class = OcfFieldClass.Struct, Secret = true,
                SubFields =
                [
                    new() { FieldName = "user", Regex = "[a-z]+" },
                    new() { FieldName = "pass", BasicType = OcfBasicType.Integer },
                    new() { FieldName = "mode", EnumValues = ["a"] },
                    new() { FieldName = "host", SpecialType = OcfSpecialTypes.Hostname },
                ],
            },
        };
        var configuration = Map(
            ("password", Secret),
            ("passwd", Secret),
            ("pin", Secret),
            ("level", Secret),
            ("address", Secret),
            ("keys", List(Secret, Secret)),
            ("logins", List(Map(("token", Secret)))),
            ("credentials", Map(("user", Secret), ("pass", Secret), ("mode", Secret), ("host", Secret + "!"))));

        var problems = OcfConfigurator.Validate(fields, configuration);

        Assert.Equal(new[]
        {
            "password:GivenTwice",
            "password:TooLong", "password:PatternMismatch",
            "pin:WrongType",
            "level:NotInEnum",
            "address:BadSpecialType",
            "keys:TooMany", "keys[0]:PatternMismatch", "keys[1]:PatternMismatch",
            "logins[0].user:Required", "logins[0].token:PatternMismatch",
            "credentials.user:PatternMismatch", "credentials.pass:WrongType", "credentials.mode:NotInEnum", "credentials.host:BadSpecialType",
        }, Codes(problems));
        Assert.All(problems, p => Assert.DoesNotContain("S3cret", p.Message, StringComparison.OrdinalIgnoreCase));
        var ex = Assert.Throws<OcfValidationException>(() => OcfConfigurator.Normalize(fields, configuration));
        Assert.DoesNotContain("S3cret", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("S3cret", OcfConfigurator.Redact(fields, configuration).ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Find_resolves_field_names_before_aliases()
    {
        var fields = new OcfField[]
        {
            new() { FieldName = "a", Aliases = ["b"] },
            new() { FieldName = "b" },
        };
        Assert.Same(fields[1], OcfConfigurator.Find(fields, "b"));
        Assert.Same(fields[0], OcfConfigurator.Find(fields, "a"));
        Assert.Null(OcfConfigurator.Find(fields, "A"));
        Assert.Same(Fields[5], OcfConfigurator.Find(Fields, "passwd"));
    }
}
