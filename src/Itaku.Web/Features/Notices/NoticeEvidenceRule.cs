using Itaku.Web.Features.Compliance;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Notices;

/// <summary>
/// Record type <c>notice</c>: a submitted notice evidences the obligation of its kind
/// (<see cref="NoticeKind.ObligationKey"/>: management-structure.submit / .notify-changes). Submission is
/// the contractor's duty, so an unacknowledged notice counts as well; roster kinds are evidenced through
/// the <c>roster</c> record type (<see cref="Roster.RosterEvidenceRule"/>).
/// </summary>
internal sealed class NoticeEvidenceRule(ItakuDbContext db) : IEvidenceRule
{
    public string RecordType => "notice";

    public async Task FindAsync(EvidenceQuery query, EvidenceFindings findings, CancellationToken ct)
    {
        var ids = query.ContractIds.ToList();
        var kinds = NoticeKinds.All.Where(k => !k.ByRosterOnly && k.ObligationKey is not null).Select(k => k.Key).ToList();
        var notices = await db.Notices.AsNoTracking()
            .Where(n => ids.Contains(n.ContractId) && kinds.Contains(n.Kind))
            .Select(n => new { n.Id, n.ContractId, n.Kind, n.Title, n.SubmittedAt })
            .ToListAsync(ct);
        foreach (var n in notices)
        {
            var kind = NoticeKinds.Find(n.Kind)!;
            findings.AddEvidence(n.ContractId, kind.ObligationKey, new EvidenceLink($"{kind.Ja}「{n.Title}」", n.SubmittedAt, null, $"/Contracts/{n.ContractId}/Notices#notice-{n.Id}"));
        }
    }
}
