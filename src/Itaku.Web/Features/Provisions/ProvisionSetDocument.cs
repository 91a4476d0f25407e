using System.Text.Json.Serialization;

namespace Itaku.Web.Features.Provisions;

// The shape of a provision-set file (provision-set.schema.json) and of the taxonomy
// (obligations.json), read only after the file has passed ProvisionSetReader's checks.

/// <summary>Text in Japanese and English.</summary>
public sealed record LocalizedText(string Ja, string En)
{
    /// <summary>The English text on an English page, the Japanese otherwise (Japanese first).</summary>
    [JsonIgnore]
    public string Current => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? En : Ja;
}

/// <summary>One source document: a municipality's information-security special provisions.</summary>
public sealed record ProvisionSetDocument(
    string Id,
    string Version,
    LocalizedText Issuer,
    LocalizedText Title,
    string Source,
    IReadOnlyList<LocalizedText>? Notes,
    IReadOnlyList<ProvisionArticle> Articles);

/// <summary>An article (条) or item (項) of the document, with the obligations it creates.</summary>
public sealed record ProvisionArticle(
    string Number,
    LocalizedText Title,
    LocalizedText? Caption,
    LocalizedText Summary,
    IReadOnlyList<ProvisionObligation> Obligations);

/// <summary>One duty of an article, pointing at a key of the taxonomy.</summary>
public sealed record ProvisionObligation(string Key, string Party, string? Clause, ObligationEvidence Evidence, LocalizedText? Note);

/// <summary>What proves the obligation: a record type, when it is due, and how often (ISO 8601 durations).</summary>
public sealed record ObligationEvidence(string RecordType, string Trigger, string? Recurrence, string? DueOffset);

/// <summary>One key of the shared obligation taxonomy (obligations.json).</summary>
public sealed record ObligationDefinition(string Key, string Category, string Ja, string En, ObligationEvidence DefaultEvidence, string? DueAfter = null)
{
    [JsonIgnore]
    public LocalizedText Description => new(Ja, En);
}
