using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Compliance;

/// <summary>
/// The dashboard: every contract the caller can see (closed ones left out unless asked for),
/// assessed in one pass of the evidence rules.
/// </summary>
public sealed class DashboardService(ItakuDbContext db, ContractService contracts, ComplianceService compliance, CurrentUser current)
{
    public async Task<DashboardDto> GetAsync(
        long? departmentId, long? contractorId, bool includeClosed, DashboardSort sort, bool reverse, CancellationToken ct)
    {
        var visible = contracts.Visible();
        if (!includeClosed)
        {
            visible = visible.Where(c => c.Status != ContractStatus.Closed);
        }

        var all = await visible.Select(c => new { c.Id, c.Number, c.Title, c.Status, c.ClientDepartmentId, c.ContractorId, c.EndDate }).ToListAsync(ct);
        var partyIds = all.SelectMany(c => new[] { c.ClientDepartmentId, c.ContractorId }).Distinct().ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => partyIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var departments = Parties(all.Select(c => c.ClientDepartmentId), names);
        var contractors = Parties(all.Select(c => c.ContractorId), names);

        var shown = all.Where(c => (departmentId is null || c.ClientDepartmentId == departmentId) && (contractorId is null || c.ContractorId == contractorId)).ToList();
        var matrices = await compliance.AssessAsync(shown.Select(c => c.Id).ToList(), ct);
        var rows = shown.Select(c =>
        {
            var m = matrices[c.Id];
            var next = m.Items.Where(i => i.NextDue is not null && i.Status is not (ComplianceStatus.NotApplicable or ComplianceStatus.NotTracked)).Min(i => i.NextDue);
            return new DashboardContractDto(c.Id, c.Number, c.Title, c.Status, c.ClientDepartmentId, names.GetValueOrDefault(c.ClientDepartmentId, ""),
                c.ContractorId, names.GetValueOrDefault(c.ContractorId, ""), c.EndDate, m.Counts, next);
        });
        // Each sort has a natural order (most overdue first, earliest date first, numbers ascending); reverse flips it.
        rows = sort switch
        {
            DashboardSort.DueSoon => Order(rows, r => r.Counts.DueSoon, !reverse).ThenBy(r => r.Number, StringComparer.Ordinal),
            DashboardSort.NextDue => Order(rows, r => r.NextDue ?? DateOnly.MaxValue, reverse).ThenBy(r => r.Number, StringComparer.Ordinal),
            DashboardSort.Number => Order(rows, r => r.Number, reverse, StringComparer.Ordinal),
            DashboardSort.EndDate => Order(rows, r => r.EndDate, reverse).ThenBy(r => r.Number, StringComparer.Ordinal),
            _ => Order(rows, r => r.Counts.Overdue, !reverse).ThenByDescending(r => r.Counts.DueSoon).ThenBy(r => r.Number, StringComparer.Ordinal),
        };

        var contractorSide = current.Role == GlobalRole.ContractorStaff;
        var owed = shown.SelectMany(c => matrices[c.Id].Items
                .Where(i => contractorSide
                    ? i.Party != "client" && i.NextDue is not null && i.Status is ComplianceStatus.Overdue or ComplianceStatus.DueSoon or ComplianceStatus.NotYetDue or ComplianceStatus.Met
                    : i.Status is ComplianceStatus.Overdue or ComplianceStatus.DueSoon)
                .Select(i => new OwedObligationDto(c.Id, c.Number, c.Title, i.Key, i.Description, i.Party, i.Status, i.NextDue)))
            .OrderBy(o => o.DueOn ?? DateOnly.MaxValue).ThenBy(o => o.ContractNumber, StringComparer.Ordinal)
            .ToList();
        return new DashboardDto(compliance.Today, rows.ToList(), owed, departments, contractors);
    }

    private static IOrderedEnumerable<T> Order<T, TKey>(IEnumerable<T> rows, Func<T, TKey> key, bool descending, IComparer<TKey>? comparer = null) =>
        descending ? rows.OrderByDescending(key, comparer) : rows.OrderBy(key, comparer);

    private static List<DashboardPartyDto> Parties(IEnumerable<long> ids, Dictionary<long, string> names) =>
        ids.Distinct().Select(id => new DashboardPartyDto(id, names.GetValueOrDefault(id, ""))).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
}
