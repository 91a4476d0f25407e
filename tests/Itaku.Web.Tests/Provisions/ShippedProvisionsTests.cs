using System.Text.Json;
using Itaku.Web.Features.Provisions;

namespace Itaku.Web.Tests.Provisions;

/// <summary>The data shipped with Itaku: the taxonomy and both source documents, complete and valid.</summary>
public sealed class ShippedProvisionsTests
{
    [Theory]
    [InlineData(ProvisionFixtures.Gunma, 19)]
    [InlineData(ProvisionFixtures.Setagaya, 34)]
    public void ShippedSet_ValidatesAgainstTheSchema_AndHasEveryArticleOfItsSource(string code, int articles)
    {
        var schema = JsonSchemaValidator.Parse(ShippedProvisions.Read(ShippedProvisions.SetSchemaFile));
        using var document = JsonDocument.Parse(ProvisionFixtures.ShippedText(code));

        schema.Validate(document.RootElement).ShouldBeEmpty();
        var errors = ProvisionFixtures.Reader().Check(ProvisionFixtures.ShippedText(code), out var set);
        errors.ShouldBeEmpty();
        set!.Id.ShouldBe(code);
        set.Articles.Select(a => a.Number).ShouldBe(Enumerable.Range(1, articles).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Taxonomy_ValidatesAgainstItsSchema_WithUniqueKeys_AsDocumented()
    {
        var schema = JsonSchemaValidator.Parse(ShippedProvisions.Read(ShippedProvisions.TaxonomySchemaFile));
        using var document = JsonDocument.Parse(ShippedProvisions.Read(ShippedProvisions.TaxonomyFile));
        schema.Validate(document.RootElement).ShouldBeEmpty();

        var taxonomy = ShippedProvisions.LoadTaxonomy();
        taxonomy.All.Count.ShouldBe(67); // docs/obligations.md lists 67 keys
        taxonomy.All.Select(d => d.Key).ShouldBeUnique();
        taxonomy.Contains("subcontracting.prior-approval").ShouldBeTrue();
    }

    [Fact]
    public void EveryTaxonomyKey_IsUsedBySomeShippedSet()
    {
        // A key nobody uses is either dead or a mapping that was forgotten.
        var reader = ProvisionFixtures.Reader();
        var used = new[] { ProvisionFixtures.Gunma, ProvisionFixtures.Setagaya }
            .SelectMany(code => ProvisionSetReader.Deserialize(ProvisionFixtures.ShippedText(code)).Articles)
            .SelectMany(a => a.Obligations.Select(o => o.Key))
            .ToHashSet();
        reader.Taxonomy.All.Select(d => d.Key).Where(k => !used.Contains(k)).ShouldBeEmpty();
    }

    [Fact]
    public void ShippedSetFiles_AreExactlyTheTwoSourceDocuments()
    {
        ShippedProvisions.SetFiles().ShouldBe([ProvisionFixtures.Gunma + ".json", ProvisionFixtures.Setagaya + ".json"]);
    }
}
