namespace Itaku.Web.Features.Notices;

/// <summary>
/// A notice (届出・報告): a one-way submission by the contractor that the client acknowledges (受理),
/// e.g. the management structure after signing (S3), a roster or a roster change (G4). Unlike a
/// request it is not approved or rejected; it is never changed after submission — a correction is the
/// next notice. Later issues add kinds (<see cref="NoticeKinds"/>).
/// </summary>
public sealed class Notice
{
    public long Id { get; set; }
    public long ContractId { get; set; }

    /// <summary>A key of <see cref="NoticeKinds"/>, e.g. <c>management-structure</c>.</summary>
    public string Kind { get; set; } = "";

    public string Title { get; set; } = "";

    /// <summary>Free text of the notice.</summary>
    public string Body { get; set; } = "";

    /// <summary>The kind's structured fields as a JSON object (<c>{}</c> when the kind has none).</summary>
    public string FieldsJson { get; set; } = "{}";

    /// <summary>The roster version a roster or roster-change notice submits.</summary>
    public long? RosterVersionId { get; set; }

    public Guid SubmittedById { get; set; }
    public DateTime SubmittedAt { get; set; }

    public Guid? AcknowledgedById { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public string? AcknowledgementComment { get; set; }
}
