using Itaku.Web.Features.Compliance;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Roster;

/// <summary>
/// Record type <c>roster</c>: every submitted version evidences <c>roster.submit</c>; versions after the
/// first are changes reported and evidence <c>roster.notify-changes</c>. <c>work-location.designated</c>
/// (G5-1) is the client's designation, which the provision set says is recorded as the contract's work
/// locations: those evidence it, not the contractor's roster (which only says who works where). Submission is the contractor's duty, so a
/// version counts from its submission, acknowledged or not. Keys are named, never null: an approved
/// subcontractor's roster evidences <c>subcontracting.roster-submit</c> / <c>-changes</c> (G14-3), never the
/// contractor's own duties, and the contractor's roster never the subcontractor's.
/// </summary>
internal sealed class RosterEvidenceRule(ItakuDbContext db) : IEvidenceRule
{
    public string RecordType => "roster";

    public async Task FindAsync(EvidenceQuery query, EvidenceFindings findings, CancellationToken ct)
    {
        var ids = query.ContractIds.ToList();
        var versions = await db.RosterVersions.AsNoTracking()
            .Where(v => ids.Contains(v.ContractId) && v.Status != RosterStatus.Draft && v.SubmittedAt != null)
            .Select(v => new { v.ContractId, v.OrganizationId, v.Number, v.SubmittedAt })
            .ToListAsync(ct);
        // Each roster (the contractor's, each subcontractor's) has a first version and, after it, changes.
        var firsts = versions.GroupBy(v => (v.ContractId, v.OrganizationId)).ToDictionary(g => g.Key, g => g.Min(v => v.Number));
        foreach (var v in versions)
        {
            var sub = v.OrganizationId is not null;
            var link = new EvidenceLink(
                sub ? $"再委託先の従事者名簿 第{v.Number}版" : $"従事者名簿 第{v.Number}版", v.SubmittedAt!.Value, null, $"/Contracts/{v.ContractId}/Roster?version={v.Number}",
                Subject: sub ? TriggerEvents.OrganizationSubject(v.OrganizationId!.Value) : null);
            var first = firsts[(v.ContractId, v.OrganizationId)] == v.Number;
            findings.AddEvidence(v.ContractId, sub ? "subcontracting.roster-submit" : "roster.submit", link);
            if (!first)
            {
                findings.AddEvidence(v.ContractId, sub ? "subcontracting.roster-changes" : "roster.notify-changes", link);
            }
        }

        var designated = await db.Contracts.AsNoTracking()
            .Where(c => ids.Contains(c.Id) && c.WorkLocations.Count != 0)
            .Select(c => new { c.Id, c.CreatedAt, Places = c.WorkLocations.Count })
            .ToListAsync(ct);
        foreach (var c in designated)
        {
            findings.AddEvidence(c.Id, "work-location.designated", new EvidenceLink($"契約に登録された作業場所（{c.Places}か所）", c.CreatedAt, null, $"/Contracts/{c.Id}"));
        }
    }
}
