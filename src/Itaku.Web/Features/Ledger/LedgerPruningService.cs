using System.Data.Common;
using System.Globalization;
using Itaku.Ledger;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Ledger;

/// <summary>What one pruning run did to one log.</summary>
public sealed record PruneResult(long LogId, string Origin, int RetentionDays, long PrunedFrom, long PrunedBefore, int TilesDeleted);

/// <summary>
/// Retention (issue 3, item 6): once a day, every contractor source log loses the payloads of entries
/// received before its retention period (<c>Ledger:Retention</c>, never under 90 days) and the level-0
/// tiles wholly inside that pruned prefix — except a tile that contains a signed checkpoint's size, whose
/// hashes a consistency or inclusion proof against that checkpoint still needs (ADR 0007). Pruned rows
/// keep index, times and leaf hash. Only entries already covered by a signed checkpoint are pruned, each
/// run is one transaction per log with its audit event, and an entry that no longer matches its leaf
/// hash stops the run for that log rather than having its evidence of tampering thrown away.
/// The audit log itself is never pruned.
/// </summary>
public sealed class LedgerPruningService(
    IServiceScopeFactory scopes, IOptions<LedgerRetentionSettings> settings, TimeProvider time, ILogger<LedgerPruningService> log)
    : BackgroundService
{
    private const int Page = 5000;
    private const int H = TreeHasher.HashSize;
    private readonly SemaphoreSlim _running = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Shortly after start-up and then once per interval, so that an instance restarted daily still prunes.
        await Task.Delay(TimeSpan.FromMinutes(5), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        using var timer = new PeriodicTimer(settings.Value.PruneInterval);
        do
        {
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException or TimeoutException)
            {
                log.LogError(e, "Ledger pruning failed to run");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Prunes every source log now; returns what was pruned (logs with nothing to prune are left out).</summary>
    public async Task<IReadOnlyList<PruneResult>> RunAsync(CancellationToken ct)
    {
        await _running.WaitAsync(ct);
        try
        {
            List<long> logs;
            await using (var scope = scopes.CreateAsyncScope())
            {
                logs = await scope.ServiceProvider.GetRequiredService<ItakuDbContext>().LedgerLogs.AsNoTracking()
                    .Where(l => l.Kind == LedgerLogKind.Source).OrderBy(l => l.Id).Select(l => l.Id).ToListAsync(ct);
            }

            var results = new List<PruneResult>();
            foreach (var id in logs)
            {
                await using var scope = scopes.CreateAsyncScope();
                try
                {
                    if (await PruneLogAsync(scope.ServiceProvider, id, ct) is { } result)
                    {
                        results.Add(result);
                        log.LogInformation("Ledger retention: pruned log {Origin} entries [{From},{To}), {Tiles} level-0 tiles", result.Origin, result.PrunedFrom, result.PrunedBefore, result.TilesDeleted);
                    }
                }
                catch (LedgerIntegrityException e)
                {
                    log.LogError("Ledger retention: log {LogId} not pruned: {Problem}", id, e.Message);
                }
            }

            return results;
        }
        finally
        {
            _running.Release();
        }
    }

    public override void Dispose()
    {
        _running.Dispose();
        base.Dispose();
    }

    private async Task<PruneResult?> PruneLogAsync(IServiceProvider services, long logId, CancellationToken ct)
    {
        var db = services.GetRequiredService<ItakuDbContext>();
        var audit = services.GetRequiredService<AuditTrail>();
        return await db.InTransactionAsync(async () =>
        {
            await new EfLedgerStore(db, logId, time).LockAsync(ct);
            var l = await db.LedgerLogs.AsNoTracking().Where(x => x.Id == logId)
                .Select(x => new { x.Origin, x.Size, x.PrunedBefore, x.RetentionDays, x.ContractId }).SingleAsync(ct);
            var days = settings.Value.DaysFor(l.Origin);
            var cutoff = time.GetUtcNow().UtcDateTime - TimeSpan.FromDays(days);

            // The first entry still inside the period bounds the prefix (a clock stepped back never shortens retention),
            // and nothing is pruned before a signed checkpoint has committed to it.
            var firstKept = await db.LedgerEntries.Where(e => e.LogId == logId && e.Index >= l.PrunedBefore && e.ReceivedAt >= cutoff)
                .MinAsync(e => (long?)e.Index, ct) ?? l.Size;
            var signed = await db.LedgerCheckpoints.Where(c => c.LogId == logId).MaxAsync(c => (long?)c.Size, ct) ?? 0;
            var prunedBefore = Math.Min(firstKept, signed);
            if (prunedBefore <= l.PrunedBefore)
            {
                if (l.RetentionDays != days)
                {
                    await db.LedgerLogs.Where(x => x.Id == logId).ExecuteUpdateAsync(s => s.SetProperty(x => x.RetentionDays, days), ct);
                }

                return null;
            }

            await ClearPayloadsAsync(db, logId, l.PrunedBefore, prunedBefore, ct);
            var tilesDeleted = await DeleteTilesAsync(db, logId, l.PrunedBefore, prunedBefore, ct);
            await db.LedgerLogs.Where(x => x.Id == logId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.PrunedBefore, prunedBefore).SetProperty(x => x.RetentionDays, days), ct);
            audit.Record("ledger.pruned", nameof(LedgerLog), logId.ToString(CultureInfo.InvariantCulture), l.ContractId, new
            {
                origin = l.Origin,
                retentionDays = days,
                receivedBefore = cutoff,
                prunedFrom = l.PrunedBefore,
                prunedBefore,
                tilesDeleted,
            }, actor: "system");
            await db.SaveChangesAsync(ct);
            return new PruneResult(logId, l.Origin, days, l.PrunedBefore, prunedBefore, tilesDeleted);
        }, ct);
    }

    /// <summary>Replaces the payloads of [from, to) by their leaf hashes, checking each against its level-0 tile first.</summary>
    private static async Task ClearPayloadsAsync(ItakuDbContext db, long logId, long from, long to, CancellationToken ct)
    {
        var tx = db.Database.CurrentTransaction!.GetDbTransaction();
        await using var update = tx.Connection!.CreateCommand();
        update.Transaction = tx;
        update.CommandText = "UPDATE \"LedgerEntries\" SET \"Data\" = @empty, \"LeafHash\" = @hash WHERE \"LogId\" = @log AND \"Index\" = @index";
        Parameter(update, "@empty", Array.Empty<byte>());
        var hash = Parameter(update, "@hash", Array.Empty<byte>());
        Parameter(update, "@log", logId);
        var index = Parameter(update, "@index", 0L);
        await update.PrepareAsync(ct);

        (long Index, byte[]? Hashes) tile = (-1, null);
        for (var start = from; start < to; start += Page)
        {
            var pageStart = start;
            var end = Math.Min(to, start + Page);
            var rows = await db.LedgerEntries.AsNoTracking()
                .Where(e => e.LogId == logId && e.Index >= pageStart && e.Index < end && e.LeafHash == null)
                .OrderBy(e => e.Index).Select(e => new { e.Index, e.Data }).ToListAsync(ct);
            var expected = start;
            foreach (var row in rows)
            {
                if (row.Index != expected)
                {
                    throw new LedgerIntegrityException($"Entry {expected}: missing; the log was not pruned.");
                }

                var leaf = TreeHasher.HashLeaf(row.Data);
                var tileIndex = row.Index / TileId.FullWidth;
                if (tile.Index != tileIndex)
                {
                    tile = (tileIndex, await db.LedgerTiles.AsNoTracking()
                        .Where(t => t.LogId == logId && t.Level == 0 && t.TileIndex == tileIndex).Select(t => t.Hashes).FirstOrDefaultAsync(ct));
                }

                var offset = (int)(row.Index % TileId.FullWidth) * H;
                if (tile.Hashes is null || tile.Hashes.Length < offset + H || !tile.Hashes.AsSpan(offset, H).SequenceEqual(leaf))
                {
                    throw new LedgerIntegrityException($"Entry {row.Index}: does not match its stored leaf hash; the log was not pruned (see the self-audit).");
                }

                hash.Value = leaf;
                index.Value = row.Index;
                await update.ExecuteNonQueryAsync(ct);
                expected++;
            }

            if (expected != end)
            {
                throw new LedgerIntegrityException($"Entry {expected}: missing; the log was not pruned.");
            }
        }
    }

    /// <summary>
    /// Deletes the level-0 tiles wholly inside the newly pruned prefix, keeping each tile that holds a signed
    /// checkpoint's size: proofs for that size need hashes of subtrees smaller than 256 leaves inside it.
    /// </summary>
    private static async Task<int> DeleteTilesAsync(ItakuDbContext db, long logId, long from, long to, CancellationToken ct)
    {
        long firstTile = from / TileId.FullWidth;
        long endTile = to / TileId.FullWidth;
        return await db.LedgerTiles
            .Where(t => t.LogId == logId && t.Level == 0 && t.TileIndex >= firstTile && t.TileIndex < endTile
                && !db.LedgerCheckpoints.Any(c => c.LogId == logId && c.Size % TileId.FullWidth != 0 && c.Size / TileId.FullWidth == t.TileIndex))
            .ExecuteDeleteAsync(ct);
    }

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
        return p;
    }
}
