namespace Itaku.Web.Features.Provisions;

/// <summary>
/// One version of a provision set as it was imported: the file's text exactly as received, with
/// its SHA-256. Never updated: a changed document is published as a new version, a new row, so
/// that what a contract was signed against can always be shown as it was.
/// </summary>
public sealed class ProvisionSet
{
    public long Id { get; set; }

    /// <summary>The set's own identifier (<c>id</c> in the file), e.g. gunma-outsourcing-security.</summary>
    public string Code { get; set; } = "";

    public string Version { get; set; } = "";
    public string TitleJa { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public string IssuerJa { get; set; } = "";
    public string IssuerEn { get; set; } = "";

    /// <summary>The file, as imported.</summary>
    public string Json { get; set; } = "";

    /// <summary>Lowercase hex SHA-256 of <see cref="Json"/> in UTF-8.</summary>
    public string Sha256 { get; set; } = "";

    public DateTime ImportedAt { get; set; }

    /// <summary>The administrator who imported it; null for a set shipped with Itaku and seeded at start-up.</summary>
    public Guid? ImportedById { get; set; }

    /// <summary>Who imported it, as written in the audit trail.</summary>
    public string ImportedBy { get; set; } = "";
}
