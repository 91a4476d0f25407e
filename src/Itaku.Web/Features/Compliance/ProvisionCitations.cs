using Itaku.Web.Features.Requests;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Compliance;

/// <summary>
/// Which request kinds a contract's own provision set calls for, and the articles of that set that
/// call for each (「第13条第4項」 on a Gunma contract, 「第7項」 on a Setagaya one). A kind no article of
/// the set evidences is not offered; a contract without a set is offered every kind, citing none.
/// </summary>
public sealed class ProvisionCitations(ItakuDbContext db)
{
    /// <summary>The articles of the contract's set that create <paramref name="obligationKey"/>; null when none does.</summary>
    public async Task<string?> ForObligationAsync(long contractId, string obligationKey, CancellationToken ct)
    {
        var snapshot = await db.ContractProvisionSnapshots.AsNoTracking().FirstOrDefaultAsync(s => s.ContractId == contractId, ct);
        return snapshot is not null && ComplianceService.Rows(ComplianceService.Document(snapshot)).TryGetValue(obligationKey, out var row)
            ? CitationText.Join(row.Citations)
            : null;
    }

    /// <summary>Request kind key → citation text, in <see cref="RequestKinds.All"/> order.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ForRequestKindsAsync(long contractId, CancellationToken ct)
    {
        var snapshot = await db.ContractProvisionSnapshots.AsNoTracking().FirstOrDefaultAsync(s => s.ContractId == contractId, ct);
        if (snapshot is null)
        {
            return RequestKinds.All.ToDictionary(k => k.Key, _ => "");
        }

        var rows = ComplianceService.Rows(ComplianceService.Document(snapshot)).Values.ToList();
        var result = new Dictionary<string, string>();
        foreach (var kind in RequestKinds.All)
        {
            var cites = rows.Where(r => r.First.Evidence.RecordType == kind.RecordType).SelectMany(r => r.Citations).ToList();
            if (cites.Count > 0)
            {
                result[kind.Key] = CitationText.Join(cites);
            }
        }

        return result;
    }
}
