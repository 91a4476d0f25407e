using Itaku.Web.Infrastructure.Web;
using System.Text.Json.Serialization;

namespace Itaku.Web.Features.Compliance;

/// <summary>Where one obligation of a contract stands today.</summary>
[JsonConverter(typeof(EnumNames<ComplianceStatus>))]
public enum ComplianceStatus
{
    /// <summary>充足: the records show it is fulfilled, and nothing is due within the due-soon window.</summary>
    Met,

    /// <summary>期限間近: something is due within the due-soon window (default 14 days).</summary>
    DueSoon,

    /// <summary>期限超過: a due date has passed without the record that fulfils it.</summary>
    Overdue,

    /// <summary>期限前: nothing is owed yet (the first due date is later, or no triggering event has happened).</summary>
    NotYetDue,

    /// <summary>対象外: the contract's Owner declared it not applicable, with a reason.</summary>
    NotApplicable,

    /// <summary>個別に確認 (formerly 記録対象外, too easily read as 対象外): no Itaku record proves it (record type <c>none</c>, or a record type no feature registers yet).</summary>
    NotTracked,

    /// <summary>記録開始前: counted from the contract start it fell due before the record start date (記録開始日); the next due date counts from that date.</summary>
    BeforeRecordStart,

    /// <summary>承認期限切れ: the prior approval that evidenced it is past its validity period, and no other is in force.</summary>
    ApprovalExpired,
}
