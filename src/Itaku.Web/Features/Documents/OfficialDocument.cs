namespace Itaku.Web.Features.Documents;

/// <summary>
/// One official document (書面) as issued: its number, the self-contained HTML snapshot and that
/// snapshot's SHA-256, and — once Chromium has printed it — the PDF and its SHA-256. Nothing updates
/// the snapshot after it is stored; both hashes are in the audit trail, hence in the evidence ledger,
/// so anyone can later prove that a file in their hands is the document that was issued.
/// </summary>
public sealed class OfficialDocument
{
    public long Id { get; set; }
    public long ContractId { get; set; }

    /// <summary>Japanese fiscal year (年度) of the issue date, April–March, as its Gregorian starting year.</summary>
    public int FiscalYear { get; set; }

    /// <summary>1, 2, 3… per contract and fiscal year; restarts every April.</summary>
    public int Sequence { get; set; }

    /// <summary>The number as printed, from <c>Documents:NumberFormat</c> at issue time.</summary>
    public string Number { get; set; } = "";

    /// <summary>What kind of document, e.g. <c>request.subcontracting.submitted</c> (free text, chosen by the issuing feature).</summary>
    public string Kind { get; set; } = "";

    public string Subject { get; set; } = "";
    public string Addressee { get; set; } = "";
    public string Sender { get; set; } = "";
    public DateTime IssuedAt { get; set; }

    /// <summary>The document as issued: UTF-8 HTML; its bytes are what <see cref="HtmlSha256"/> hashes.</summary>
    public string Html { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <see cref="Html"/>.</summary>
    public string HtmlSha256 { get; set; } = "";

    public byte[]? Pdf { get; set; }
    public string? PdfSha256 { get; set; }
    public PdfStatus PdfStatus { get; set; }

    /// <summary>Why there is no PDF (Japanese, shown to users), when <see cref="PdfStatus"/> says so.</summary>
    public string? PdfError { get; set; }

    public DateTime? PdfCreatedAt { get; set; }

    /// <summary>The record the document is about (e.g. <c>SubcontractingRequest</c>, <c>42</c>), if any.</summary>
    public string? RelatedType { get; set; }

    public string? RelatedId { get; set; }

    /// <summary>Leaf index, in the audit log of the evidence ledger, of the <c>document.issued</c> event.</summary>
    public long? LedgerIndex { get; set; }

    /// <summary>Leaf index of the <c>document.pdf-created</c> event that recorded the PDF's hash.</summary>
    public long? PdfLedgerIndex { get; set; }
}
