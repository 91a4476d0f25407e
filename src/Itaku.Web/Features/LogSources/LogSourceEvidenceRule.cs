using System.Globalization;
using Itaku.Web.Features.Compliance;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.LogSources;

/// <summary>
/// Log duties (G3-ウ, G9, S16) are evidenced by the contract's log sources that are live and have
/// delivered entries into the evidence ledger; one source counts for every <c>evidence-ledger</c> obligation.
/// </summary>
internal sealed class LogSourceEvidenceRule(ItakuDbContext db) : IEvidenceRule
{
    public string RecordType => "evidence-ledger";

    public async Task FindAsync(EvidenceQuery query, EvidenceFindings findings, CancellationToken ct)
    {
        var ids = query.ContractIds.ToList();
        var sources = await db.LogSources.AsNoTracking()
            .Where(s => ids.Contains(s.ContractId) && s.RevokedAt == null)
            .Join(db.LedgerLogs, s => s.LogId, l => l.Id, (s, l) => new { s.ContractId, s.Name, s.CreatedAt, l.Size })
            .Where(s => s.Size > 0)
            .ToListAsync(ct);
        foreach (var s in sources)
        {
            findings.AddEvidence(s.ContractId, null, new EvidenceLink(
                $"ログ送信元「{s.Name}」（{s.Size.ToString("N0", CultureInfo.InvariantCulture)}件）", s.CreatedAt, Href: $"/Contracts/{s.ContractId}/LogSources"));
        }
    }
}
