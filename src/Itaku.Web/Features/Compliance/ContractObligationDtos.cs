using System.ComponentModel.DataAnnotations;
using Itaku.Web.Features.Provisions;

namespace Itaku.Web.Features.Compliance;

/// <summary>Where a key comes from in the set: the article (条・項) number and, if given, the clause.</summary>
public sealed record ObligationCitation(string Article, string? Clause, bool Items = false)
{
    /// <summary>As the contract's document writes it: 「第4条第1項」, or 「第3項」 in an item-numbered set.</summary>
    public override string ToString() => CitationText.Format(Article, Clause, Items);
}

/// <summary>
/// One row of the compliance matrix: one obligation key of the contract's snapshot, citing every
/// article that creates it, with the Owner's applicability decision, its status today, the next
/// due date, the records that evidence it and what is still owed. <c>DueFrom</c> is the event the next due
/// date counts from (契約の有効化, 再委託の承認, 契約開始日, 記録開始日…) and its date.
/// </summary>
public sealed record ContractObligationDto(
    string Key,
    LocalizedText? Description,
    string Party,
    IReadOnlyList<ObligationCitation> Citations,
    ObligationEvidence Evidence,
    bool Applicable,
    string? Reason,
    DateTime? DecidedAt,
    string? DecidedBy,
    ComplianceStatus Status,
    DateOnly? NextDue,
    IReadOnlyList<EvidenceLink> Records,
    IReadOnlyList<OutstandingDuty> Owed,
    TriggerOccurrence? DueFrom = null);

/// <summary>The provision set a contract was signed with, as frozen in its snapshot.</summary>
public sealed record ContractProvisionSetDto(long? ProvisionSetId, string Code, string Version, LocalizedText Title, string Sha256, DateTime TakenAt);

/// <summary>
/// A contract's compliance matrix as of <c>AssessedOn</c> (a date in the client's time zone);
/// <c>ProvisionSet</c> is null (and the list empty) for a contract signed without a set.
/// <c>RecordStartDate</c> (記録開始日) is set when the contract became active after its start date;
/// <c>Live</c> is false for a Draft or Closed contract, which owes nothing by a date.
/// </summary>
public sealed record ContractObligationsDto(
    ContractProvisionSetDto? ProvisionSet, DateOnly AssessedOn, ComplianceCounts Counts, IReadOnlyList<ContractObligationDto> Items,
    DateOnly? RecordStartDate = null, bool Live = true);

/// <summary>How many obligations are in each status.</summary>
public sealed record ComplianceCounts(int Met, int DueSoon, int Overdue, int NotYetDue, int NotApplicable, int NotTracked, int BeforeRecordStart = 0, int ApprovalExpired = 0)
{
    public static ComplianceCounts Of(IEnumerable<ComplianceStatus> statuses)
    {
        var n = new int[Enum.GetValues<ComplianceStatus>().Length];
        foreach (var s in statuses)
        {
            n[(int)s]++;
        }

        return new ComplianceCounts(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]);
    }
}

/// <summary>Marks an obligation not applicable (with the reason) or applicable again.</summary>
/// <remarks>
/// The reason is checked here rather than by attributes so that its error is keyed <c>reason</c>, as
/// in the JSON: .NET 10's minimal-API validation keys attribute errors by the C# name (dotnet/aspnetcore#61764).
/// </remarks>
public sealed record ApplicabilityRequest(
    [property: Required(ErrorMessage = "適用するかどうか（applicable）を指定してください。")] bool? Applicable,
    string? Reason) : IValidatableObject
{
    public const int MaxReasonLength = 1000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Applicable == false && string.IsNullOrWhiteSpace(Reason))
        {
            yield return new ValidationResult("対象外とする理由を入力してください。", ["reason"]);
        }
        else if (Reason?.Length > MaxReasonLength)
        {
            yield return new ValidationResult($"理由は{MaxReasonLength}文字以内で入力してください。", ["reason"]);
        }
    }
}
