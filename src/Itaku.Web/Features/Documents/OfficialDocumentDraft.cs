namespace Itaku.Web.Features.Documents;

/// <summary>
/// What a feature hands to <see cref="DocumentService.IssueAsync"/>: everything the letter says. The
/// service adds the number and the date. Every value is text and is HTML-escaped when rendered.
/// </summary>
/// <param name="ContractId">The contract the document belongs to; numbering is per contract and fiscal year.</param>
/// <param name="Kind">Machine-readable kind, e.g. <c>request.subcontracting.submitted</c>.</param>
/// <param name="Subject">件名, centred, e.g. 再委託承認申請書.</param>
/// <param name="Addressee">宛先, top left, e.g. 群馬県知事 様; line breaks are kept.</param>
/// <param name="Sender">発信者, right: organisation, title and name, one per line.</param>
/// <param name="Fields">記 — the numbered items, in order: every field of the record.</param>
public sealed record OfficialDocumentDraft(
    long ContractId,
    string Kind,
    string Subject,
    string Addressee,
    string Sender,
    IReadOnlyList<DocumentField> Fields)
{
    /// <summary>Body text before 記, e.g. 下記のとおり申請します。 One paragraph per item.</summary>
    public IReadOnlyList<string> Paragraphs { get; init; } = [];

    /// <summary>Attached files, listed by name, size and SHA-256 after the items.</summary>
    public IReadOnlyList<DocumentAttachment> Attachments { get; init; } = [];

    /// <summary>The record the document is about, if any (shown nowhere in the letter; used to find its documents).</summary>
    public RelatedRecord? Related { get; init; }
}

/// <summary>One numbered item of 記: a label and its value (line breaks kept).</summary>
public sealed record DocumentField(string Label, string Value);

/// <summary>An attachment as the document lists it; the file itself stays with the issuing feature.</summary>
public sealed record DocumentAttachment(string Name, long Size, string Sha256);

/// <summary>A record of another feature, by type name and id.</summary>
public sealed record RelatedRecord(string Type, string Id);
