using System.Text.Json;
using System.Text.Json.Nodes;
using Itaku.Web.Features.Provisions;

namespace Itaku.Web.Tests.Provisions;

public sealed class JsonSchemaValidatorTests
{
    [Fact]
    public void BrokenSet_ReportsEveryError_EachAtItsJsonPath()
    {
        var set = ProvisionFixtures.Shipped(ProvisionFixtures.Gunma);
        set["extra"] = true;                                                       // additional property at the root
        set["version"] = "";                                                       // too short, and not the version pattern
        set.Article(0).AsObject().Remove("summary");                               // missing required field
        set.Article(1)["number"] = 2;                                              // wrong type
        set.Article(2)["obligations"]![0]!["key"] = "Bad Key!";                    // not the key pattern (and so not in the taxonomy)
        set.Article(3)["obligations"]![0]!["key"] = "no.such-key";                 // well formed, but not in the taxonomy
        set.Article(4)["number"] = "3";                                            // duplicate article number
        set.Article(5)["colour"] = "red";                                          // additional property in an article
        set.Article(6)["obligations"]![0]!["evidence"]!["recurrence"] = "P1M";     // recurrence without trigger "recurring"
        set.Article(7)["obligations"]![0]!["party"] = "everyone";                  // not one of the enum
        var article9 = set.Article(8)["obligations"]!.AsArray();
        article9.Add(article9[0]!.DeepClone());                                    // the same key twice in one article

        var errors = ProvisionFixtures.Reader().Check(set.ToJsonString(), out var document);

        document.ShouldBeNull();
        foreach (var e in errors)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"{e.Path}: {e.Message}");
        }

        errors.Select(e => e.Path).Distinct().Order(StringComparer.Ordinal).ShouldBe(new[]
        {
            "$.extra",
            "$.version",
            "$.articles[0].summary",
            "$.articles[1].number",
            "$.articles[2].obligations[0].key",
            "$.articles[3].obligations[0].key",
            "$.articles[4].number",
            "$.articles[5].colour",
            "$.articles[6].obligations[0].evidence.recurrence",
            "$.articles[7].obligations[0].party",
            $"$.articles[8].obligations[{article9.Count - 1}].key",
        }.Order(StringComparer.Ordinal));
        errors.Count(e => e.Path == "$.version").ShouldBe(2);
        errors.Count(e => e.Path == "$.articles[2].obligations[0].key").ShouldBe(2);
        errors.Single(e => e.Path == "$.articles[3].obligations[0].key").Message.ShouldContain("no.such-key");
        errors.Single(e => e.Path == "$.articles[4].number").Message.ShouldContain("$.articles[2]");
    }

    [Fact]
    public void MalformedJson_IsOneErrorAtTheRoot()
    {
        var errors = ProvisionFixtures.Reader().Check("{\"id\": \"x\",\n  \"version\": }", out _);
        errors.ShouldHaveSingleItem().Path.ShouldBe("$");
        errors[0].Message.ShouldContain("2行目");
    }

    [Fact]
    public void DuplicateMemberNames_AreRefused()
    {
        ProvisionFixtures.Reader().Check("""{"id": "a", "id": "b"}""", out _).ShouldHaveSingleItem().Path.ShouldBe("$");
    }

    [Fact]
    public void Ref_Required_AdditionalProperties_AndItems_NameTheOffendingMember()
    {
        var v = JsonSchemaValidator.Parse("""
            {
              "type": "object", "required": ["list"], "additionalProperties": false,
              "properties": { "list": { "type": "array", "minItems": 2, "items": { "$ref": "#/$defs/item" } } },
              "$defs": { "item": { "type": "object", "required": ["n"], "additionalProperties": false, "properties": { "n": { "type": "integer", "minimum": 1 } } } }
            }
            """);

        Paths(v, """{"list": [{"n": 1.0}, {"n": 0, "x": 1}, {}], "odd name": 1}""")
            .ShouldBe(["$.list[1].n", "$.list[1].x", "$.list[2].n", "$['odd name']"]);
        Paths(v, """{"list": [{"n": 1.5}]}""").ShouldBe(["$.list", "$.list[0].n"]);
        Paths(v, "[]").ShouldBe(["$"]);
    }

    [Fact]
    public void IfThenElse_Not_Const_AnyOf_OneOf()
    {
        var v = JsonSchemaValidator.Parse("""
            {
              "type": "object",
              "properties": { "kind": { "enum": ["a", "b"] }, "every": { "type": "string" }, "n": { "anyOf": [{ "type": "string" }, { "type": "integer" }] },
                              "m": { "oneOf": [{ "type": "integer" }, { "type": "number" }] }, "c": { "const": "fixed" } },
              "if": { "properties": { "kind": { "const": "a" } } },
              "then": { "required": ["every"] },
              "else": { "not": { "required": ["every"] } }
            }
            """);

        Paths(v, """{"kind": "a"}""").ShouldBe(["$.every"]);
        Paths(v, """{"kind": "a", "every": "P1M"}""").ShouldBeEmpty();
        Paths(v, """{"kind": "b", "every": "P1M"}""").ShouldBe(["$.every"]);
        Paths(v, """{"kind": "c"}""").ShouldBe(["$.kind"]);
        Paths(v, """{"kind": "b", "n": true}""").ShouldBe(["$.n", "$.n"]);
        Paths(v, """{"kind": "b", "m": 1}""").ShouldBe(["$.m"]);        // both integer and number: not exactly one
        Paths(v, """{"kind": "b", "m": 1.5, "c": "fixed"}""").ShouldBeEmpty();
        Paths(v, """{"kind": "b", "c": "other"}""").ShouldBe(["$.c"]);
    }

    [Fact]
    public void Patterns_AreEcmaScript_DollarIsTheEndOfTheString()
    {
        var v = JsonSchemaValidator.Parse("""{ "type": "string", "pattern": "^[a-z]+(?:[.-][a-z]+)*$" }""");
        Paths(v, "\"roster.submit\"").ShouldBeEmpty();
        Paths(v, "\"roster.submit\\n\"").ShouldBe(["$"]);
        JsonSchemaValidator.Parse("""{ "type": "string", "pattern": "^\\d+$" }""").Validate(Parse("\"١٢\"")).ShouldNotBeEmpty(); // Arabic-Indic digits are not \d
    }

    [Fact]
    public void Lengths_CountCharacters_NotUtf16Units()
    {
        var v = JsonSchemaValidator.Parse("""{ "type": "string", "minLength": 2, "maxLength": 2 }""");
        Paths(v, "\"𠮷野\"").ShouldBeEmpty(); // 𠮷 is one character in two UTF-16 units
        Paths(v, "\"𠮷\"").ShouldBe(["$"]);
    }

    [Fact]
    public void UnsupportedKeyword_IsRefusedUpFront_NotIgnored()
    {
        Should.Throw<NotSupportedException>(() => JsonSchemaValidator.Parse("""{ "properties": { "a": { "uniqueItems": true } } }"""));
        Should.Throw<NotSupportedException>(() => JsonSchemaValidator.Parse("""{ "$ref": "other.json#/x" }"""));
        Should.Throw<NotSupportedException>(() => JsonSchemaValidator.Parse("""{ "$ref": "#/$defs/missing" }"""));
    }

    [Fact]
    public void SameContentFormattedDifferently_IsStillValid_AndHashesDiffer()
    {
        var text = ProvisionFixtures.ShippedText(ProvisionFixtures.Setagaya);
        var compact = JsonNode.Parse(text)!.ToJsonString();
        ProvisionFixtures.Reader().Check(compact, out _).ShouldBeEmpty();
        ProvisionSetService.Hash(compact).ShouldNotBe(ProvisionSetService.Hash(text));
    }

    private static List<string> Paths(JsonSchemaValidator validator, string json) =>
        validator.Validate(Parse(json)).Select(e => e.Path).ToList();

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
