using System.Globalization;
using System.Security.Cryptography;
using Itaku.Ledger;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Ledger;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.LogSources;

/// <summary>Registering the systems that push logs for a contract; each gets a ledger log and an ingest token.</summary>
public sealed class LogSourceService(ItakuDbContext db, ContractService contracts, CurrentUser current, AuditTrail audit, IOptions<LedgerSettings> settings, TimeProvider time)
{
    public const string TokenPrefix = "itki_";

    public async Task<List<LogSourceDto>> ListAsync(long contractId, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        return await db.LogSources.AsNoTracking()
            .Where(s => s.ContractId == contractId)
            .OrderBy(s => s.Id)
            .Select(s => new LogSourceDto(s.Id, s.ContractId, s.LogId, s.Name, s.CreatedAt, s.RevokedAt != null,
                db.LedgerLogs.Where(l => l.Id == s.LogId).Select(l => l.Size).First(),
                db.LedgerEntries.Count(e => e.LogId == s.LogId && e.ClockSkewed), s.DisabledAt != null))
            .ToListAsync(ct);
    }

    public async Task<CreatedLogSourceDto> CreateAsync(long contractId, CreateLogSourceRequest request, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.ManageLogSources, ct);
        var token = NewToken();
        var now = time.GetUtcNow().UtcDateTime;
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var log = new LedgerLog
        {
            Origin = $"{settings.Value.OriginPrefix}/contracts/{contractId}/sources/{suffix}",
            Kind = LedgerLogKind.Source,
            ContractId = contractId,
            Name = request.Name!.Trim(),
            RootHash = TreeHasher.EmptyRoot(),
            CreatedAt = now,
        };
        var source = new LogSource
        {
            ContractId = contractId,
            Name = log.Name,
            TokenHash = TokenService.Hash(token),
            CreatedBy = current.Id,
            CreatedAt = now,
        };
        return await db.InTransactionAsync(async () =>
        {
            db.LedgerLogs.Add(log);
            await db.SaveChangesAsync(ct);
            source.LogId = log.Id;
            db.LogSources.Add(source);
            await db.SaveChangesAsync(ct);
            audit.Record("log-source.created", nameof(LogSource), source.Id.ToString(CultureInfo.InvariantCulture), contractId,
                new { source.Name, log.Origin });
            await db.SaveChangesAsync(ct);
            return new CreatedLogSourceDto(new LogSourceDto(source.Id, contractId, log.Id, source.Name, now, false, 0, 0), token);
        }, ct);
    }

    /// <summary>Issues a new ingest token; the old one stops working in the same transaction. Audited.</summary>
    public async Task<RotatedTokenDto> RotateTokenAsync(long contractId, long sourceId, CancellationToken ct)
    {
        var token = NewToken();
        await ChangeAsync(contractId, sourceId, "log-source.token-rotated", s =>
        {
            if (s.RevokedAt is not null)
            {
                throw new ConflictException("失効した送信元のトークンは再発行できません。");
            }

            s.TokenHash = TokenService.Hash(token);
        }, ct);
        return new RotatedTokenDto(sourceId, token);
    }

    /// <summary>Revokes the source for good: its token stops working and no new one can be issued. Audited.</summary>
    public Task RevokeAsync(long contractId, long sourceId, CancellationToken ct) =>
        ChangeAsync(contractId, sourceId, "log-source.revoked", s =>
        {
            if (s.RevokedAt is not null)
            {
                throw new ConflictException("この送信元はすでに失効しています。");
            }

            s.RevokedAt = time.GetUtcNow().UtcDateTime;
        }, ct);

    /// <summary>Disables (ingest refused, token kept) or enables the source again. Audited.</summary>
    public Task SetDisabledAsync(long contractId, long sourceId, bool disabled, CancellationToken ct) =>
        ChangeAsync(contractId, sourceId, disabled ? "log-source.disabled" : "log-source.enabled", s =>
        {
            if (s.RevokedAt is not null)
            {
                throw new ConflictException("失効した送信元は停止・再開できません。");
            }

            if ((s.DisabledAt is not null) == disabled)
            {
                throw new ConflictException(disabled ? "この送信元はすでに停止しています。" : "この送信元は停止していません。");
            }

            s.DisabledAt = disabled ? time.GetUtcNow().UtcDateTime : null;
        }, ct);

    private async Task ChangeAsync(long contractId, long sourceId, string action, Action<LogSource> change, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.ManageLogSources, ct);
        var source = await db.LogSources.FirstOrDefaultAsync(s => s.Id == sourceId && s.ContractId == contractId, ct)
            ?? throw new NotFoundException("ログ送信元が見つかりません。");
        change(source);
        await db.InTransactionAsync(async () =>
        {
            audit.Record(action, nameof(LogSource), sourceId.ToString(CultureInfo.InvariantCulture), contractId, new { source.Name });
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }

    private static string NewToken() => TokenPrefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
}
