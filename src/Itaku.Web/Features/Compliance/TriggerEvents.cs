using Itaku.Web.Features.Contracts;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Compliance;

/// <summary>
/// The events Itaku records that start an <c>event</c> obligation's <c>dueOffset</c>, named by the taxonomy's
/// <c>dueAfter</c> (obligations.json, docs/obligations.md). An event Itaku does not record (a change, an
/// incident, a fix released) is not listed: its obligations owe nothing by a date until a rule reports a duty.
/// </summary>
public static class TriggerEvents
{
    /// <summary>The contract became Active (its signing as Itaku records it): one occurrence per contract.</summary>
    public const string ContractActivated = "contract.activated";

    /// <summary>A subcontractor was approved (G14-3/4): one occurrence per approved subcontractor.</summary>
    public const string SubcontractingApproved = "subcontracting.approved";

    /// <summary>The subject a subcontractor's records carry, so its roster settles its own approval only.</summary>
    public static string OrganizationSubject(long organizationId) => $"organization:{organizationId}";

    internal sealed record ContractFacts(long Id, DateOnly StartDate, ContractStatus Status, DateOnly? ActivatedOn);

    /// <summary>Every recorded occurrence of each event for <paramref name="contracts"/>, by contract and event name.</summary>
    internal static async Task<Dictionary<(long ContractId, string Event), List<TriggerOccurrence>>> FindAsync(
        ItakuDbContext db, OfficeCalendar calendar, IReadOnlyCollection<ContractFacts> contracts, CancellationToken ct)
    {
        var result = new Dictionary<(long, string), List<TriggerOccurrence>>();
        void Add(long contractId, string name, TriggerOccurrence occurrence)
        {
            if (!result.TryGetValue((contractId, name), out var list))
            {
                result[(contractId, name)] = list = [];
            }

            list.Add(occurrence);
        }

        foreach (var c in contracts.Where(c => c.Status != ContractStatus.Draft))
        {
            // Records made while the contract was a draft (a roster prepared before signing) count too.
            Add(c.Id, ContractActivated, c.ActivatedOn is { } on
                ? new TriggerOccurrence(on, "契約の有効化（締結）", EarlierRecordsCount: true)
                : new TriggerOccurrence(c.StartDate, "契約開始日", EarlierRecordsCount: true));
        }

        var ids = contracts.Select(c => c.Id).ToList();
        var approvals = await db.ContractSubcontractors.AsNoTracking().Where(s => ids.Contains(s.ContractId))
            .Join(db.Organizations, s => s.OrganizationId, o => o.Id, (s, o) => new { s.ContractId, s.OrganizationId, s.AddedAt, o.Name })
            .ToListAsync(ct);
        foreach (var a in approvals)
        {
            Add(a.ContractId, SubcontractingApproved,
                new TriggerOccurrence(calendar.DateOf(a.AddedAt), $"再委託の承認（{a.Name}）", OrganizationSubject(a.OrganizationId)));
        }

        return result;
    }
}
