using Itaku.Ledger;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Ledger;

/// <summary>
/// Signs a new checkpoint for every log that grew, about once a second. The publisher proves the new
/// head consistent with the last checkpoint before signing, so two inconsistent checkpoints are never signed.
/// </summary>
public sealed class CheckpointService(IServiceScopeFactory scopes, IOptions<LedgerSettings> settings, LedgerKeys keys, TimeProvider time, ILogger<CheckpointService> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.CheckpointInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PublishAllAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is LedgerIntegrityException or LedgerConflictException or DbUpdateException or InvalidOperationException)
            {
                log.LogError(e, "Checkpoint publishing failed");
            }
        }
    }

    /// <summary>Publishes for every log whose head is beyond its latest checkpoint; returns how many were signed.</summary>
    public async Task<int> PublishAllAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var due = await db.LedgerLogs.AsNoTracking()
            .Where(l => l.Size > 0 && !db.LedgerCheckpoints.Any(c => c.LogId == l.Id && c.Size == l.Size))
            .Select(l => new { l.Id, l.Origin })
            .ToListAsync(ct);
        foreach (var l in due)
        {
            await db.InTransactionAsync(async () =>
            {
                var store = new EfLedgerStore(db, l.Id, time);
                await store.LockAsync(ct);
                await new CheckpointPublisher(store, keys.Signer, l.Origin).PublishAsync(ct);
                await db.SaveChangesAsync(ct);
                return true;
            }, ct);
            db.ChangeTracker.Clear();
        }

        return due.Count;
    }
}
