namespace Itaku.Web.Features.Documents;

/// <summary>An official document's metadata and hashes (never its content: that is <c>/html</c> and <c>/pdf</c>).</summary>
public sealed record DocumentDto(
    long Id,
    long ContractId,
    string Number,
    int FiscalYear,
    int Sequence,
    string Kind,
    string Subject,
    string Addressee,
    string Sender,
    DateTime IssuedAt,
    string HtmlSha256,
    string? PdfSha256,
    PdfStatus PdfStatus,
    string? PdfMessage,
    string? RelatedType,
    string? RelatedId,
    long? LedgerIndex,
    long? PdfLedgerIndex);

/// <summary>
/// The answer to "is this file a document Itaku issued?". <see cref="Accessible"/> is false when a document
/// matches but belongs to a contract the caller cannot see: then only the fact of the match is told.
/// </summary>
public sealed record VerifyResultDto(
    bool Matches,
    bool Accessible,
    string Sha256,
    string? Which,
    long? DocumentId,
    long? ContractId,
    string? ContractNumber,
    string? Number,
    string? Subject,
    DateTime? IssuedAt,
    long? LedgerIndex,
    string Message);

/// <summary>A document's PDF, or the reason there is none.</summary>
public sealed record DocumentPdf(string Number, byte[]? Pdf, PdfStatus Status, string? Message);

/// <summary>A document's stored HTML snapshot, byte for byte.</summary>
public sealed record DocumentHtmlFile(string Number, byte[] Html);

/// <summary>Entity → DTO by hand, and the user-facing reason a document has no PDF.</summary>
public static class DocumentMapping
{
    public const string PdfPending = "PDF は作成中です。しばらくしてから再度お試しください。";

    public static DocumentDto ToDto(this OfficialDocument d) => new(
        d.Id, d.ContractId, d.Number, d.FiscalYear, d.Sequence, d.Kind, d.Subject, d.Addressee, d.Sender, d.IssuedAt,
        d.HtmlSha256, d.PdfSha256, d.PdfStatus, PdfMessage(d.PdfStatus, d.PdfError), d.RelatedType, d.RelatedId, d.LedgerIndex, d.PdfLedgerIndex);

    public static string? PdfMessage(PdfStatus status, string? error) => status switch
    {
        PdfStatus.Created => null,
        PdfStatus.Pending => PdfPending,
        _ => error ?? "PDF を作成できませんでした。",
    };
}
