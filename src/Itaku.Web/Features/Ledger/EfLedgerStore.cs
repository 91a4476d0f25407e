using System.Runtime.CompilerServices;
using Itaku.Ledger;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Ledger;

/// <summary>
/// One log's tiles, entries, head and checkpoints in the application database. Writes are staged in
/// the DbContext and committed by the caller's <c>SaveChanges</c>, inside the caller's transaction:
/// a record change and its ledger entry commit together or not at all. The head's size is a
/// concurrency token, so a second writer that computed against a stale head fails instead of forking.
/// </summary>
public sealed class EfLedgerStore(ItakuDbContext db, long logId, TimeProvider time) : ILedgerStore
{
    public long LogId => logId;

    /// <summary>Receive time written on the next batch's rows; the clock's now when unset.</summary>
    public DateTime? ReceivedAt { get; set; }

    /// <summary>For ingested logs: each new entry's event time and clock-skew flag, in batch order.</summary>
    public IReadOnlyList<(DateTime EventTime, bool Skewed)>? EventTimes { get; set; }

    /// <summary>
    /// Serialises writers of this log until the transaction ends. PostgreSQL: a row lock. SQLite:
    /// nothing to do — EF's transactions there begin IMMEDIATE and already hold the database's write lock.
    /// </summary>
    public async Task LockAsync(CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"LedgerLogs\" WHERE \"Id\" = {logId} FOR UPDATE", ct);
        }
    }

    public async Task<TreeHead> ReadHeadAsync(CancellationToken cancellationToken = default)
    {
        var tracked = db.LedgerLogs.Local.FirstOrDefault(l => l.Id == logId);
        if (tracked is not null)
        {
            return new TreeHead(tracked.Size, tracked.RootHash);
        }

        var head = await db.LedgerLogs.AsNoTracking().Where(l => l.Id == logId).Select(l => new { l.Size, l.RootHash }).FirstAsync(cancellationToken);
        return new TreeHead(head.Size, head.RootHash);
    }

    public async Task<byte[]?> ReadTileAsync(int level, long index, CancellationToken cancellationToken = default)
    {
        var tracked = db.LedgerTiles.Local.FirstOrDefault(t => t.LogId == logId && t.Level == level && t.TileIndex == index);
        return tracked?.Hashes ?? await db.LedgerTiles.AsNoTracking()
            .Where(t => t.LogId == logId && t.Level == level && t.TileIndex == index)
            .Select(t => t.Hashes)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<byte[]?> ReadEntryAsync(long index, CancellationToken cancellationToken = default) =>
        await db.LedgerEntries.AsNoTracking().Where(e => e.LogId == logId && e.Index == index).Select(e => e.Data).FirstOrDefaultAsync(cancellationToken);

    public async IAsyncEnumerable<byte[]> ReadEntriesAsync(long start, long end, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int page = 5000;
        var expected = start;
        while (expected < end)
        {
            var from = expected;
            var batch = await db.LedgerEntries.AsNoTracking()
                .Where(e => e.LogId == logId && e.Index >= from && e.Index < end)
                .OrderBy(e => e.Index).Take(page)
                .Select(e => new { e.Index, e.Data })
                .ToListAsync(cancellationToken);
            foreach (var e in batch)
            {
                if (e.Index != expected)
                {
                    yield break;
                }

                yield return e.Data;
                expected++;
            }

            if (batch.Count < page)
            {
                yield break;
            }
        }
    }

    public async Task WriteBatchAsync(LedgerBatch batch, CancellationToken cancellationToken = default)
    {
        var log = await db.LedgerLogs.FirstAsync(l => l.Id == logId, cancellationToken);
        if (log.Size != batch.PreviousSize)
        {
            throw new LedgerConflictException($"Log {log.Origin} is at size {log.Size}, not {batch.PreviousSize}.");
        }

        log.Size = batch.NewHead.Size;
        log.RootHash = batch.NewHead.Root;
        var now = ReceivedAt ?? time.GetUtcNow().UtcDateTime;
        for (var i = 0; i < batch.Entries.Count; i++)
        {
            var entry = new LedgerEntry { LogId = logId, Index = batch.PreviousSize + i, Data = batch.Entries[i].ToArray(), ReceivedAt = now };
            if (EventTimes is { } times)
            {
                (entry.EventTime, entry.ClockSkewed) = times[i];
            }

            db.LedgerEntries.Add(entry);
        }

        foreach (var write in batch.Tiles)
        {
            var tile = db.LedgerTiles.Local.FirstOrDefault(t => t.LogId == logId && t.Level == write.Tile.Level && t.TileIndex == write.Tile.Index)
                ?? await db.LedgerTiles.FirstOrDefaultAsync(t => t.LogId == logId && t.Level == write.Tile.Level && t.TileIndex == write.Tile.Index, cancellationToken);
            if (tile is null)
            {
                db.LedgerTiles.Add(new LedgerTile { LogId = logId, Level = write.Tile.Level, TileIndex = write.Tile.Index, Hashes = write.Hashes });
            }
            else
            {
                tile.Hashes = write.Hashes;
            }
        }
    }

    public async Task<string?> ReadCheckpointAsync(CancellationToken cancellationToken = default) =>
        await db.LedgerCheckpoints.AsNoTracking().Where(c => c.LogId == logId).OrderByDescending(c => c.Size).Select(c => c.Note).FirstOrDefaultAsync(cancellationToken);

    public async Task WriteCheckpointAsync(string note, long size, long? previousSize, CancellationToken cancellationToken = default)
    {
        var latest = await db.LedgerCheckpoints.AsNoTracking().Where(c => c.LogId == logId).OrderByDescending(c => c.Size).Select(c => (long?)c.Size).FirstOrDefaultAsync(cancellationToken);
        if (latest != previousSize)
        {
            throw new LedgerConflictException($"The latest checkpoint is at size {latest}, not {previousSize}.");
        }

        db.LedgerCheckpoints.Add(new LedgerCheckpoint { LogId = logId, Size = size, Note = note, CreatedAt = time.GetUtcNow().UtcDateTime });
    }
}
