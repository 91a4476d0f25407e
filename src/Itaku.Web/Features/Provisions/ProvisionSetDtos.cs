namespace Itaku.Web.Features.Provisions;

public sealed record ProvisionSetSummaryDto(
    long Id,
    string Code,
    string Version,
    LocalizedText Title,
    LocalizedText Issuer,
    string Sha256,
    DateTime ImportedAt,
    string ImportedBy);

public sealed record ProvisionSetDto(
    long Id,
    string Code,
    string Version,
    LocalizedText Title,
    LocalizedText Issuer,
    string Source,
    IReadOnlyList<LocalizedText> Notes,
    string Sha256,
    DateTime ImportedAt,
    string ImportedBy,
    IReadOnlyList<ProvisionArticleDto> Articles);

public sealed record ProvisionArticleDto(
    string Number,
    LocalizedText Title,
    LocalizedText? Caption,
    LocalizedText Summary,
    IReadOnlyList<ProvisionObligationDto> Obligations);

/// <summary>An obligation of an article, with the taxonomy's description of its key.</summary>
public sealed record ProvisionObligationDto(
    string Key,
    LocalizedText? Description,
    string Party,
    string? Clause,
    ObligationEvidence Evidence,
    LocalizedText? Note);

internal static class ProvisionSetMapping
{
    public static ProvisionSetDto ToDto(this ProvisionSet s, ProvisionSetDocument d, ObligationTaxonomy taxonomy) => new(
        s.Id, s.Code, s.Version, d.Title, d.Issuer, d.Source, d.Notes ?? [], s.Sha256, s.ImportedAt, s.ImportedBy,
        d.Articles.Select(a => new ProvisionArticleDto(a.Number, a.Title, a.Caption, a.Summary,
            a.Obligations.Select(o => new ProvisionObligationDto(o.Key, taxonomy.Find(o.Key)?.Description, o.Party, o.Clause, o.Evidence, o.Note)).ToList())).ToList());
}
