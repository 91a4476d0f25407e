using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Compliance;

/// <summary>
/// The compliance matrix of one contract (<see cref="ComplianceService"/>), and the Owner's decisions
/// that some obligations do not apply. Access goes through <see cref="ContractService.RequireAsync"/>: a
/// contract the caller cannot see is a 404, one they may read but not manage a 403.
/// </summary>
public sealed class ContractObligationService(
    ItakuDbContext db, ContractService contracts, ComplianceService compliance, AuditTrail audit, CurrentUser current, TimeProvider time)
{
    public async Task<ContractObligationsDto> ListAsync(long contractId, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        return await BuildAsync(contractId, ct);
    }

    /// <summary>The matrix as a CSV file for Excel (<see cref="ComplianceCsv"/>), named after the contract and the day.</summary>
    public async Task<(string FileName, byte[] Content)> CsvAsync(long contractId, Func<string, string> localize, CancellationToken ct)
    {
        var contract = await contracts.GetAsync(contractId, ct);
        var matrix = await BuildAsync(contractId, ct);
        var safeNumber = string.Concat(contract.Number.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_'));
        var name = $"compliance-{safeNumber}-{matrix.AssessedOn.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)}.csv";
        return (name, ComplianceCsv.Write(contract.Number, contract.Title, matrix, localize));
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
        if (snapshot is null || !ComplianceService.Rows(ComplianceService.Document(snapshot)).ContainsKey(key))
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

    private async Task<ContractObligationsDto> BuildAsync(long contractId, CancellationToken ct) =>
        (await compliance.AssessAsync([contractId], ct))[contractId];
}
