using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Provisions;

namespace Itaku.Web.Features.Compliance;

/// <summary>One contract on the dashboard: its parties and how many obligations stand where.</summary>
public sealed record DashboardContractDto(
    long Id,
    string Number,
    string Title,
    ContractStatus Status,
    long ClientDepartmentId,
    string ClientDepartment,
    long ContractorId,
    string Contractor,
    DateOnly EndDate,
    ComplianceCounts Counts,
    DateOnly? NextDue);

/// <summary>One obligation with a date: what someone owes next on one contract.</summary>
public sealed record OwedObligationDto(
    long ContractId,
    string ContractNumber,
    string ContractTitle,
    string Key,
    LocalizedText? Description,
    string Party,
    ComplianceStatus Status,
    DateOnly? DueOn);

/// <summary>A party the dashboard can be filtered by.</summary>
public sealed record DashboardPartyDto(long Id, string Name);

/// <summary>
/// The home page: the caller's contracts with their overdue and due-soon counts and, below, what is
/// owed next — by the contractor's side for contractor staff, and anything overdue or due soon for
/// the client's staff.
/// </summary>
public sealed record DashboardDto(
    DateOnly AssessedOn,
    IReadOnlyList<DashboardContractDto> Contracts,
    IReadOnlyList<OwedObligationDto> Owed,
    IReadOnlyList<DashboardPartyDto> Departments,
    IReadOnlyList<DashboardPartyDto> Contractors);

/// <summary>How the dashboard's contract list is sorted.</summary>
public enum DashboardSort
{
    Overdue,
    DueSoon,
    NextDue,
    Number,
    EndDate,
}
