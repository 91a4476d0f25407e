using Itaku.Web.Features.Compliance;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Attestations;

/// <summary>
/// Tells the compliance matrix which obligations an accepted attestation evidences, from its
/// acceptance until the last day of its validity. Submitted and returned ones prove nothing yet.
/// </summary>
public sealed class AttestationEvidenceRule(ItakuDbContext db) : IEvidenceRule
{
    public string RecordType => AttestationService.RecordType;

    public async Task FindAsync(EvidenceQuery query, EvidenceFindings findings, CancellationToken ct)
    {
        var ids = query.ContractIds.ToArray();
        var accepted = await db.Set<Attestation>().AsNoTracking()
            .Where(a => ids.Contains(a.ContractId) && a.Status == AttestationStatus.Accepted)
            .OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.ContractId, a.ObligationKey, a.DecidedAt, a.ValidUntil })
            .ToListAsync(ct);
        foreach (var a in accepted)
        {
            findings.AddEvidence(a.ContractId, a.ObligationKey, new EvidenceLink(
                FormattableString.Invariant($"遵守確認 #{a.Id}"), a.DecidedAt!.Value, a.ValidUntil, FormattableString.Invariant($"/Contracts/{a.ContractId}/Attestations/{a.Id}")));
        }
    }
}
