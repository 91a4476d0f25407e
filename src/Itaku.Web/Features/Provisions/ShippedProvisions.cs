using System.Text;

namespace Itaku.Web.Features.Provisions;

/// <summary>
/// The provision files shipped with Itaku in <c>Provisions/</c>: data, not code. The Web SDK copies
/// them beside the application as content, so an operator can read them, and a set file dropped
/// there is seeded at the next start like the shipped ones.
/// </summary>
public static class ShippedProvisions
{
    public const string TaxonomyFile = "obligations.json";
    public const string TaxonomySchemaFile = "obligations.schema.json";
    public const string SetSchemaFile = "provision-set.schema.json";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Provisions");

    public static string Read(string fileName) => File.ReadAllText(Path.Combine(Folder, fileName), Encoding.UTF8);

    /// <summary>The set files: every <c>*.json</c> but the taxonomy and the schemas, in name order.</summary>
    public static IReadOnlyList<string> SetFiles() =>
        Directory.GetFiles(Folder, "*.json")
            .Select(f => Path.GetFileName(f))
            .Where(n => n != TaxonomyFile && !n.EndsWith(".schema.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static ObligationTaxonomy LoadTaxonomy() =>
        ObligationTaxonomy.Load(Read(TaxonomyFile), JsonSchemaValidator.Parse(Read(TaxonomySchemaFile)));

    public static ProvisionSetReader CreateReader(ObligationTaxonomy taxonomy) =>
        new(taxonomy, JsonSchemaValidator.Parse(Read(SetSchemaFile)));
}
