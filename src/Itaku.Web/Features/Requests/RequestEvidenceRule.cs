using Itaku.Web.Features.Compliance;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Requests;

/// <summary>
/// Prior-approval duties (G5-2, G13-4, G14, S4, S7, S9, S18, S19, S20) are evidenced by approved
/// requests of their kind; one rule instance per kind (<see cref="RequestsExtensions"/>).
/// </summary>
internal sealed class RequestEvidenceRule(ItakuDbContext db, RequestKind kind) : IEvidenceRule
{
    public string RecordType => kind.RecordType;

    public async Task FindAsync(EvidenceQuery query, EvidenceFindings findings, CancellationToken ct)
    {
        var ids = query.ContractIds.ToList();
        var approved = await db.Requests.AsNoTracking()
            .Where(r => ids.Contains(r.ContractId) && r.Kind == kind.Key && r.Status == RequestStatus.Approved)
            .Select(r => new { r.Id, r.ContractId, r.DecidedAt, r.ValidFrom, r.ValidUntil, Title = r.Revisions.Where(v => v.Number == r.Revision).Select(v => v.Title).First() })
            .ToListAsync(ct);
        foreach (var r in approved)
        {
            findings.AddEvidence(r.ContractId, null, new EvidenceLink(
                $"{kind.Ja}の承認「{r.Title}」", r.DecidedAt!.Value, r.ValidUntil, $"/Contracts/{r.ContractId}/Requests/{r.Id}", r.ValidFrom));
        }
    }
}
