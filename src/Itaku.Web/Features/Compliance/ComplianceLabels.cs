namespace Itaku.Web.Features.Compliance;

/// <summary>The Japanese words for statuses and parties; pages pass them through the localizer for English.</summary>
public static class ComplianceLabels
{
    public static string Status(ComplianceStatus status) => status switch
    {
        ComplianceStatus.Met => "充足",
        ComplianceStatus.DueSoon => "期限間近",
        ComplianceStatus.Overdue => "期限超過",
        ComplianceStatus.NotYetDue => "期限前",
        ComplianceStatus.NotApplicable => "対象外",
        ComplianceStatus.BeforeRecordStart => "記録開始前",
        ComplianceStatus.ApprovalExpired => "承認期限切れ",
        _ => "個別に確認",
    };

    /// <summary>The badge modifier of docs/ui-style.md.</summary>
    public static string Badge(ComplianceStatus status) => status switch
    {
        ComplianceStatus.Met => "badge--met",
        ComplianceStatus.DueSoon => "badge--due",
        ComplianceStatus.Overdue => "badge--overdue",
        ComplianceStatus.NotYetDue or ComplianceStatus.BeforeRecordStart => "badge--draft",
        ComplianceStatus.ApprovalExpired => "badge--overdue",
        _ => "badge--na",
    };

    public static string Party(string party) => party switch
    {
        "contractor" => "受託者（乙）",
        "client" => "発注者（甲）",
        _ => "甲乙双方",
    };
}
