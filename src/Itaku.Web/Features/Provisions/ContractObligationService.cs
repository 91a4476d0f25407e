using Itaku.Web.Features.Contracts;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Provisions;

/// <summary>
/// The obligations of one contract, read from its frozen provision set, and the Owner's decisions
/// that some do not apply. Access goes through <see cref="ContractService.RequireAsync"/>: a
/// contract the caller cannot see is a 404, one they may read but not manage a 403.
/// </summary>
public sealed class ContractObligationService(
    ItakuDbContext db, ContractService contracts, ObligationTaxonomy taxonomy, AuditTrail audit, CurrentUser current, TimeProvider time)
{
    public async Task<ContractObligationsDto> ListAsync(long contractId, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        return await BuildAsync(contractId, ct);
    }

    /// <summary>
    /// Marks <paramref name="key"/> not applicable with a reason, or applicable again. Only the
    /// contract's Owner and administrators (<see cref="ContractOperations.Manage"/>); a closed
    /// contract's obligations are settled and stay as they are.
    /// </summary>
    public async Task<ContractObligationDto> SetApplicabilityAsync(long contractId, string key, ApplicabilityRequest request, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Manage, ct);
        var snapshot = await db.ContractProvisionSnapshots.AsNoTracking().FirstOrDefaultAsync(s => s.ContractId == contractId, ct);
        if (snapshot is null || !Rows(ProvisionSetReader.Deserialize(snapshot.Json)).ContainsKey(key))
        {
            throw new NotFoundException("この契約の特記事項に、その義務はありません。");
        }

        if (await db.Contracts.AnyAsync(c => c.Id == contractId && c.Status == ContractStatus.Closed, ct))
        {
            throw new ConflictException("終了した契約の義務は変更できません。");
        }

        var mark = await db.NotApplicableObligations.FirstOrDefaultAsync(n => n.ContractId == contractId && n.ObligationKey == key, ct);
        if (request.Applicable == false)
        {
            var reason = request.Reason!.Trim();
            var previous = mark?.Reason;
            if (previous != reason)
            {
                mark ??= db.NotApplicableObligations.Add(new NotApplicableObligation { ContractId = contractId, ObligationKey = key }).Entity;
                mark.Reason = reason;
                mark.DecidedAt = time.GetUtcNow().UtcDateTime;
                mark.DecidedById = current.Id;
                audit.Record("contract.obligation-not-applicable", "ContractObligation", key, contractId, new { key, reason, previousReason = previous });
                await db.SaveChangesAsync(ct);
            }
        }
        else if (mark is not null)
        {
            db.NotApplicableObligations.Remove(mark);
            audit.Record("contract.obligation-applicable", "ContractObligation", key, contractId, new { key, previousReason = mark.Reason });
            await db.SaveChangesAsync(ct);
        }

        return (await BuildAsync(contractId, ct)).Items.First(o => o.Key == key);
    }

    private async Task<ContractObligationsDto> BuildAsync(long contractId, CancellationToken ct)
    {
        var snapshot = await db.ContractProvisionSnapshots.AsNoTracking().FirstOrDefaultAsync(s => s.ContractId == contractId, ct);
        if (snapshot is null)
        {
            return new ContractObligationsDto(null, []);
        }

        var setId = await db.Contracts.Where(c => c.Id == contractId).Select(c => c.ProvisionSetId).FirstAsync(ct);
        var document = ProvisionSetReader.Deserialize(snapshot.Json);
        var marks = await db.NotApplicableObligations.AsNoTracking()
            .Where(n => n.ContractId == contractId)
            .Select(n => new { n.ObligationKey, n.Reason, n.DecidedAt, By = db.Users.Where(u => u.Id == n.DecidedById).Select(u => u.DisplayName).FirstOrDefault() })
            .ToDictionaryAsync(n => n.ObligationKey, StringComparer.Ordinal, ct);
        var items = Rows(document).Values.Select(r =>
        {
            var mark = marks.GetValueOrDefault(r.First.Key);
            return new ContractObligationDto(
                r.First.Key, taxonomy.Find(r.First.Key)?.Description, r.First.Party, r.Citations, r.First.Evidence,
                Applicable: mark is null, mark?.Reason, mark?.DecidedAt, mark?.By);
        }).ToList();
        var set = new ContractProvisionSetDto(setId, snapshot.Code, snapshot.Version, document.Title, snapshot.Sha256, snapshot.TakenAt);
        return new ContractObligationsDto(set, items);
    }

    /// <summary>One row per key, in the order the document first names it, citing every article that names it.</summary>
    private static OrderedDictionary<string, (ProvisionObligation First, List<ObligationCitation> Citations)> Rows(ProvisionSetDocument document)
    {
        var rows = new OrderedDictionary<string, (ProvisionObligation First, List<ObligationCitation> Citations)>(StringComparer.Ordinal);
        foreach (var article in document.Articles)
        {
            foreach (var o in article.Obligations)
            {
                if (!rows.TryGetValue(o.Key, out var row))
                {
                    rows[o.Key] = row = (o, []);
                }

                row.Citations.Add(new ObligationCitation(article.Number, o.Clause));
            }
        }

        return rows;
    }
}
