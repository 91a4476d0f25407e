using System.Globalization;
using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Documents;

/// <summary>
/// Official documents (書面): issuing (numbering, rendering, hashing into the ledger), reading, PDF
/// printing and verification of a file against what was issued. Other features call
/// <see cref="IssueAsync"/> from inside their own change, so that the record, its document and both
/// audit events commit together.
/// </summary>
public sealed class DocumentService(
    ItakuDbContext db,
    AuditTrail audit,
    TimeProvider time,
    IOptions<DocumentSettings> settings,
    OfficeCalendar calendar,
    ContractService contracts,
    PdfPrinter printer,
    DocumentPdfWorker worker)
{
    /// <summary>Largest file <see cref="VerifyAsync"/> accepts; documents are tens of kilobytes, PDFs a few hundred.</summary>
    public const int MaxVerifyBytes = 20 * 1024 * 1024;

    private const string SystemActor = "system:pdf-printer";
    private static readonly System.Globalization.CultureInfo Japanese = new("ja-JP");


    private DbSet<OfficialDocument> Documents => db.Set<OfficialDocument>();

    /// <summary>
    /// Issues a document: allocates the next number of the contract's fiscal year, renders and stores the HTML
    /// snapshot, and records <c>document.issued</c> with the snapshot's SHA-256 in the audit trail (so in the
    /// ledger). Joins the caller's transaction when one is open — the number is then held until the caller
    /// commits, and a rollback takes the document and its number back. No authorisation here: the calling
    /// feature has decided that its user may cause this document. The PDF follows in the background.
    /// </summary>
    public async Task<DocumentDto> IssueAsync(OfficialDocumentDraft draft, CancellationToken ct)
    {
        Check(draft);
        var joined = db.Database.CurrentTransaction is not null;
        var doc = await db.InTransactionAsync(async () =>
        {
            await LockNumberingAsync(draft.ContractId, ct);
            var contractNumber = await db.Contracts.AsNoTracking().Where(c => c.Id == draft.ContractId).Select(c => c.Number).FirstOrDefaultAsync(ct)
                ?? throw new NotFoundException("契約が見つかりません。");
            var now = AuditTrail.Microseconds(time.GetUtcNow().UtcDateTime);
            var date = calendar.DateOf(now);
            var fiscalYear = DocumentNumbers.FiscalYear(date);
            var last = await Documents.Where(d => d.ContractId == draft.ContractId && d.FiscalYear == fiscalYear).MaxAsync(d => (int?)d.Sequence, ct);
            var sequence = (last ?? 0) + 1;
            var number = DocumentNumbers.Format(settings.Value.NumberFormat, fiscalYear, contractNumber, sequence);
            var html = DocumentHtml.Render(new DocumentHtml.Content(
                number,
                JapaneseDates.Format(date, settings.Value.DateStyle, Japanese),
                draft.Subject,
                draft.Addressee,
                draft.Sender,
                draft.Paragraphs,
                draft.Fields,
                draft.Attachments));
            var doc = new OfficialDocument
            {
                ContractId = draft.ContractId,
                FiscalYear = fiscalYear,
                Sequence = sequence,
                Number = number,
                Kind = draft.Kind,
                Subject = draft.Subject,
                Addressee = draft.Addressee,
                Sender = draft.Sender,
                IssuedAt = now,
                Html = html,
                HtmlSha256 = Sha256Hex(Encoding.UTF8.GetBytes(html)),
                PdfStatus = PdfStatus.Pending,
                RelatedType = draft.Related?.Type,
                RelatedId = draft.Related?.Id,
            };
            Documents.Add(doc);
            await db.SaveChangesAsync(ct);

            var subjectId = doc.Id.ToString(CultureInfo.InvariantCulture);
            audit.Record("document.issued", nameof(OfficialDocument), subjectId, doc.ContractId, new
            {
                number,
                fiscalYear,
                sequence,
                kind = doc.Kind,
                subject = doc.Subject,
                htmlSha256 = doc.HtmlSha256,
                related = draft.Related,
                attachments = draft.Attachments,
            });
            await db.SaveChangesAsync(ct);
            doc.LedgerIndex = LedgerIndexOf("document.issued", subjectId);
            await db.SaveChangesAsync(ct);
            return doc;
        }, ct);

        if (!joined)
        {
            // Committed: print now. Inside a caller's transaction the periodic sweep picks it up after their commit.
            worker.Wake();
        }

        return doc.ToDto();
    }

    public async Task<CursorPage<DocumentDto>> ListAsync(long contractId, string? cursor, int? limit, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        var take = Cursor.Limit(limit);
        var before = Cursor.DecodeLong(cursor);
        var query = Documents.AsNoTracking().Where(d => d.ContractId == contractId);
        if (before is not null)
        {
            query = query.Where(d => d.Id < before);
        }

        var rows = await query.OrderByDescending(d => d.Id).Take(take + 1).Select(Projection).ToListAsync(ct);
        return Cursor.ToPage(rows, take, d => d.Id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The documents issued about one record of another feature (e.g. a request and its decision).</summary>
    public async Task<List<DocumentDto>> ListForRecordAsync(long contractId, RelatedRecord related, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        return await Documents.AsNoTracking()
            .Where(d => d.ContractId == contractId && d.RelatedType == related.Type && d.RelatedId == related.Id)
            .OrderBy(d => d.Id).Select(Projection).ToListAsync(ct);
    }

    public async Task<DocumentDto> GetAsync(long contractId, long documentId, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        return await Documents.AsNoTracking().Where(d => d.ContractId == contractId && d.Id == documentId).Select(Projection).FirstOrDefaultAsync(ct)
            ?? throw NotFound();
    }

    /// <summary>The stored snapshot, byte for byte: what its hash in the ledger was computed over.</summary>
    public async Task<DocumentHtmlFile> GetHtmlAsync(long contractId, long documentId, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        var row = await Documents.AsNoTracking().Where(d => d.ContractId == contractId && d.Id == documentId)
            .Select(d => new { d.Number, d.Html }).FirstOrDefaultAsync(ct) ?? throw NotFound();
        return new DocumentHtmlFile(row.Number, Encoding.UTF8.GetBytes(row.Html));
    }

    public async Task<DocumentPdf> GetPdfAsync(long contractId, long documentId, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        var row = await Documents.AsNoTracking().Where(d => d.ContractId == contractId && d.Id == documentId)
            .Select(d => new { d.Number, d.Pdf, d.PdfStatus, d.PdfError }).FirstOrDefaultAsync(ct) ?? throw NotFound();
        return new DocumentPdf(row.Number, row.Pdf, row.PdfStatus, DocumentMapping.PdfMessage(row.PdfStatus, row.PdfError));
    }

    /// <summary>
    /// Whether a file is, byte for byte, the HTML or the PDF of an issued document. Any signed-in user may ask:
    /// whoever holds the exact bytes already knows the content, so confirming a match reveals nothing more —
    /// but number, contract and date are told only to those who can see the contract (ADR 8).
    /// </summary>
    public async Task<VerifyResultDto> VerifyAsync(ReadOnlyMemory<byte> file, CancellationToken ct)
    {
        var hash = Sha256Hex(file.Span);
        var match = await Documents.AsNoTracking()
            .Where(d => d.HtmlSha256 == hash || d.PdfSha256 == hash)
            .OrderBy(d => d.Id)
            .Select(d => new { d.Id, d.ContractId, d.Number, d.Subject, d.IssuedAt, d.HtmlSha256, d.LedgerIndex, d.PdfLedgerIndex })
            .FirstOrDefaultAsync(ct);
        if (match is null)
        {
            return new VerifyResultDto(false, false, hash, null, null, null, null, null, null, null, null,
                "不一致：このファイルと一致する書面は記録されていません。1バイトでも異なると一致しません。");
        }

        var which = match.HtmlSha256 == hash ? "html" : "pdf";
        var contractNumber = await contracts.Visible().Where(c => c.Id == match.ContractId).Select(c => c.Number).FirstOrDefaultAsync(ct);
        if (contractNumber is null)
        {
            return new VerifyResultDto(true, false, hash, which, null, null, null, null, null, null, null,
                "一致：このファイルは記録された書面と同一です。ただし、あなたはこの書面の契約を閲覧する権限がないため、詳細は表示できません。");
        }

        return new VerifyResultDto(true, true, hash, which, match.Id, match.ContractId, contractNumber, match.Number, match.Subject, match.IssuedAt,
            which == "html" ? match.LedgerIndex : match.PdfLedgerIndex,
            $"一致：このファイルは書面 {match.Number}（{(which == "html" ? "HTML" : "PDF")}）と同一です。");
    }

    /// <summary>
    /// Prints the document's PDF if it has none yet, stores it and records <c>document.pdf-created</c> with its
    /// SHA-256; when Chromium is missing or fails, records why (once per change of reason). A PDF once stored is
    /// never replaced: the update only applies while the document has no PDF. Used by the background printer.
    /// </summary>
    public async Task<PdfStatus> CreatePdfAsync(long documentId, CancellationToken ct)
    {
        var doc = await Documents.AsNoTracking().Where(d => d.Id == documentId)
            .Select(d => new { d.ContractId, d.Number, d.Html, d.HtmlSha256, d.PdfSha256, d.PdfStatus }).FirstOrDefaultAsync(ct)
            ?? throw NotFound();
        if (doc.PdfSha256 is not null)
        {
            return doc.PdfStatus;
        }

        var printed = await printer.PrintAsync(Encoding.UTF8.GetBytes(doc.Html), ct);
        var subjectId = documentId.ToString(CultureInfo.InvariantCulture);
        return await db.InTransactionAsync(async () =>
        {
            if (printed.Pdf is { } pdf)
            {
                var hash = Sha256Hex(pdf);
                var now = AuditTrail.Microseconds(time.GetUtcNow().UtcDateTime);
                var stored = await Documents.Where(d => d.Id == documentId && d.PdfSha256 == null).ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Pdf, pdf)
                    .SetProperty(d => d.PdfSha256, hash)
                    .SetProperty(d => d.PdfStatus, PdfStatus.Created)
                    .SetProperty(d => d.PdfError, (string?)null)
                    .SetProperty(d => d.PdfCreatedAt, now), ct);
                if (stored == 0)
                {
                    return PdfStatus.Created; // printed meanwhile by someone else; theirs stays
                }

                audit.Record("document.pdf-created", nameof(OfficialDocument), subjectId, doc.ContractId,
                    new { number = doc.Number, htmlSha256 = doc.HtmlSha256, pdfSha256 = hash, size = pdf.Length }, actor: SystemActor);
                await db.SaveChangesAsync(ct);
                var index = LedgerIndexOf("document.pdf-created", subjectId);
                await Documents.Where(d => d.Id == documentId).ExecuteUpdateAsync(s => s.SetProperty(d => d.PdfLedgerIndex, index), ct);
                return PdfStatus.Created;
            }

            var changed = await Documents.Where(d => d.Id == documentId && d.PdfSha256 == null && (d.PdfStatus != printed.Status || d.PdfError != printed.Error))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.PdfStatus, printed.Status).SetProperty(d => d.PdfError, printed.Error), ct);
            if (changed > 0)
            {
                audit.Record("document.pdf-not-created", nameof(OfficialDocument), subjectId, doc.ContractId,
                    new { number = doc.Number, status = printed.Status.ToString(), reason = printed.Error }, actor: SystemActor);
                await db.SaveChangesAsync(ct);
            }

            return printed.Status;
        }, ct);
    }

    /// <summary>Documents still without PDF: those waiting (always) and, after a restart, those that failed before.</summary>
    public Task<List<long>> WithoutPdfAsync(bool includeFailed, CancellationToken ct) =>
        Documents.AsNoTracking()
            .Where(d => d.PdfSha256 == null && (d.PdfStatus == PdfStatus.Pending || includeFailed))
            .OrderBy(d => d.Id).Select(d => d.Id).Take(500).ToListAsync(ct);

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static readonly Expression<Func<OfficialDocument, DocumentDto>> Projection = d => new DocumentDto(
        d.Id, d.ContractId, d.Number, d.FiscalYear, d.Sequence, d.Kind, d.Subject, d.Addressee, d.Sender, d.IssuedAt,
        d.HtmlSha256, d.PdfSha256, d.PdfStatus, DocumentMapping.PdfMessage(d.PdfStatus, d.PdfError), d.RelatedType, d.RelatedId, d.LedgerIndex, d.PdfLedgerIndex);

    /// <summary>
    /// Serialises numbering per contract. PostgreSQL: a row lock on the contract (NO KEY UPDATE, so inserts that
    /// merely reference the contract are not blocked), held to the end of the transaction. SQLite: EF's
    /// transactions begin IMMEDIATE and already hold the database's write lock. The unique index on
    /// (contract, fiscal year, sequence) is the backstop either way.
    /// </summary>
    private async Task LockNumberingAsync(long contractId, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"Contracts\" WHERE \"Id\" = {contractId} FOR NO KEY UPDATE", ct);
        }
    }

    /// <summary>The leaf index the save just gave the audit event of this action and subject.</summary>
    private long? LedgerIndexOf(string action, string subjectId) =>
        db.ChangeTracker.Entries<AuditEvent>()
            .Select(e => e.Entity)
            .LastOrDefault(e => e.Action == action && e.SubjectType == nameof(OfficialDocument) && e.SubjectId == subjectId)?.LedgerIndex;

    private static NotFoundException NotFound() => new("書面が見つかりません。");

    /// <summary>A draft is built by code, not typed by users: a bad one is the calling feature's bug.</summary>
    private static void Check(OfficialDocumentDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrWhiteSpace(draft.Kind, nameof(draft.Kind));
        ArgumentException.ThrowIfNullOrWhiteSpace(draft.Subject, nameof(draft.Subject));
        ArgumentException.ThrowIfNullOrWhiteSpace(draft.Addressee, nameof(draft.Addressee));
        ArgumentException.ThrowIfNullOrWhiteSpace(draft.Sender, nameof(draft.Sender));
        ArgumentNullException.ThrowIfNull(draft.Fields, nameof(draft.Fields));
        if (draft.Kind.Length > 100 || draft.Subject.Length > 500 || draft.Addressee.Length > 1000 || draft.Sender.Length > 1000)
        {
            throw new ArgumentException("Kind ≤ 100, subject ≤ 500, addressee and sender ≤ 1000 characters.", nameof(draft));
        }

        if (draft.Related is { } r && (string.IsNullOrEmpty(r.Type) || r.Type.Length > 50 || string.IsNullOrEmpty(r.Id) || r.Id.Length > 100))
        {
            throw new ArgumentException("Related: type ≤ 50 and id ≤ 100 characters, neither empty.", nameof(draft));
        }

        if (draft.Fields.Any(f => f is null || string.IsNullOrWhiteSpace(f.Label) || f.Value is null)
            || draft.Attachments.Any(a => a is null || string.IsNullOrWhiteSpace(a.Name) || a.Sha256 is null))
        {
            throw new ArgumentException("Every field needs a label and a value; every attachment a name and a SHA-256.", nameof(draft));
        }
    }

    /// <summary>A date as the documents write it (令和8年12月20日, or 2026年12月20日 by the settings).</summary>
    public string DocumentDate(DateOnly date) => JapaneseDates.Format(date, settings.Value.DateStyle, Japanese);

    /// <summary>A period as the documents write it: 「令和8年12月20日から令和8年12月27日まで」.</summary>
    public string DocumentPeriod(DateOnly? from, DateOnly? until) => (from, until) switch
    {
        ({ } f, { } u) => $"{DocumentDate(f)}から{DocumentDate(u)}まで",
        ({ } f, null) => $"{DocumentDate(f)}から",
        (null, { } u) => $"{DocumentDate(u)}まで",
        _ => "",
    };

    /// <summary>
    /// The number and date of the latest document of <paramref name="kind"/> about a record, so a reply
    /// can cite the letter it answers (「令和8年12月7日付け第5号で申請のあった…」); null when none was issued.
    /// </summary>
    public async Task<(string Number, string Date)?> LatestCitationAsync(long contractId, string kind, RelatedRecord related, CancellationToken ct)
    {
        var doc = await Documents.AsNoTracking()
            .Where(d => d.ContractId == contractId && d.Kind == kind && d.RelatedType == related.Type && d.RelatedId == related.Id)
            .OrderByDescending(d => d.Id).Select(d => new { d.Number, d.IssuedAt }).FirstOrDefaultAsync(ct);
        return doc is null ? null : (doc.Number, DocumentDate(calendar.DateOf(doc.IssuedAt)));
    }
}
