using System.Data.Common;
using System.Runtime.CompilerServices;
using Itaku.Ledger;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Itaku.Web.Features.Ledger;

/// <summary>
/// One log's tiles, entries, head and checkpoints in the application database. Batches are written
/// inside the caller's transaction, so a record change and its ledger entry commit together or not at
/// all; the head is updated only if its size is still the one the batch was computed against, so a
/// second writer that read a stale head fails instead of forking the tree.
/// </summary>
public sealed class EfLedgerStore(ItakuDbContext db, long logId, TimeProvider time) : IPrunableLedgerStore, ITileBatchReader
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
        var head = await db.LedgerLogs.AsNoTracking().Where(l => l.Id == logId).Select(l => new { l.Size, l.RootHash }).FirstAsync(cancellationToken);
        return new TreeHead(head.Size, head.RootHash);
    }

    public async Task<byte[]?> ReadTileAsync(int level, long index, CancellationToken cancellationToken = default)
    {
        return await db.LedgerTiles.AsNoTracking()
            .Where(t => t.LogId == logId && t.Level == level && t.TileIndex == index)
            .Select(t => t.Hashes)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The tiles a proof needs. PostgreSQL: one statement of primary-key lookups, in the caller's transaction
    /// if one is open — one round trip instead of one per tile (docs/benchmarks.md, proof-db).
    /// </summary>
    public async Task<IReadOnlyList<byte[]?>> ReadTilesAsync(IReadOnlyList<(int Level, long Index)> tiles, CancellationToken cancellationToken = default)
    {
        var result = new byte[]?[tiles.Count];
        if (!db.Database.IsNpgsql())
        {
            // SQLite runs in-process: a lookup costs no round trip, and one prepared-per-tile query measured
            // no slower than a combined statement (docs/benchmarks.md).
            for (int i = 0; i < tiles.Count; i++)
            {
                result[i] = await ReadTileAsync(tiles[i].Level, tiles[i].Index, cancellationToken);
            }

            return result;
        }

        if (tiles.Count == 0)
        {
            return result;
        }

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var select = connection.CreateCommand();
            select.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            // UNION ALL of primary-key lookups (an OR of pairs made SQLite scan all of the log's tiles).
            var sql = new System.Text.StringBuilder();
            Parameter(select, "@log", logId);
            for (int i = 0; i < tiles.Count; i++)
            {
                sql.Append(i == 0 ? "" : " UNION ALL ").Append(System.Globalization.CultureInfo.InvariantCulture,
                    $"SELECT \"Level\", \"TileIndex\", \"Hashes\" FROM \"LedgerTiles\" WHERE \"LogId\" = @log AND \"Level\" = @l{i} AND \"TileIndex\" = @t{i}");
                Parameter(select, $"@l{i}", tiles[i].Level);
                Parameter(select, $"@t{i}", tiles[i].Index);
            }

            select.CommandText = sql.ToString();
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.GetInt32(0), reader.GetInt64(1));
                for (int i = 0; i < tiles.Count; i++)
                {
                    if (tiles[i] == key)
                    {
                        result[i] = (byte[])reader.GetValue(2);
                    }
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return result;
    }

    /// <summary>The entry's bytes; null beyond the head or when retention pruned it.</summary>
    public async Task<byte[]?> ReadEntryAsync(long index, CancellationToken cancellationToken = default) =>
        await db.LedgerEntries.AsNoTracking().Where(e => e.LogId == logId && e.Index == index && e.LeafHash == null).Select(e => e.Data).FirstOrDefaultAsync(cancellationToken);

    public async Task<long> ReadPrunedBeforeAsync(CancellationToken cancellationToken = default) =>
        await db.LedgerLogs.AsNoTracking().Where(l => l.Id == logId).Select(l => l.PrunedBefore).FirstAsync(cancellationToken);

    public async IAsyncEnumerable<byte[]> ReadLeafHashesAsync(long start, long end, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int page = 20000;
        var expected = start;
        while (expected < end)
        {
            var from = expected;
            var batch = await db.LedgerEntries.AsNoTracking()
                .Where(e => e.LogId == logId && e.Index >= from && e.Index < end)
                .OrderBy(e => e.Index).Take(page)
                .Select(e => new { e.Index, e.LeafHash })
                .ToListAsync(cancellationToken);
            foreach (var e in batch)
            {
                if (e.Index != expected || e.LeafHash is null)
                {
                    yield break;
                }

                yield return e.LeafHash;
                expected++;
            }

            if (batch.Count < page)
            {
                yield break;
            }
        }
    }

    public async IAsyncEnumerable<byte[]> ReadEntriesAsync(long start, long end, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int page = 5000;
        var expected = start;
        while (expected < end)
        {
            var from = expected;
            var batch = await db.LedgerEntries.AsNoTracking()
                .Where(e => e.LogId == logId && e.Index >= from && e.Index < end && e.LeafHash == null)
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

    /// <summary>
    /// Writes the batch with three plain SQL statements in the caller's transaction: a compare-and-set of
    /// the head (size must still be the batch's previous size), prepared multi-row INSERTs of the entries, and an
    /// upsert per changed tile. EF's change tracker cost about 85% of ingest time (docs/benchmarks.md). Entries go
    /// in multi-row INSERTs of <see cref="RowsPerInsert"/> rows, the remainder one row at a time.
    /// </summary>
    public async Task WriteBatchAsync(LedgerBatch batch, CancellationToken cancellationToken = default)
    {
        var tx = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Ledger writes must run inside the caller's transaction (db.InTransactionAsync).");
        var connection = tx.Connection!;

        await using (var head = Command(connection, tx,
            "UPDATE \"LedgerLogs\" SET \"Size\" = @size, \"RootHash\" = @root WHERE \"Id\" = @log AND \"Size\" = @previous"))
        {
            Parameter(head, "@size", batch.NewHead.Size);
            Parameter(head, "@root", batch.NewHead.Root);
            Parameter(head, "@log", logId);
            Parameter(head, "@previous", batch.PreviousSize);
            if (await head.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new LedgerConflictException($"Log {logId} is no longer at size {batch.PreviousSize}.");
            }
        }

        var now = ReceivedAt ?? time.GetUtcNow().UtcDateTime;
        var done = 0;
        foreach (var rows in new[] { RowsPerInsert, 1 })
        {
            if (batch.Entries.Count - done < rows)
            {
                continue;
            }

            await using var insert = InsertCommand(connection, tx, rows, now, out var parameters);
            await insert.PrepareAsync(cancellationToken);
            for (; batch.Entries.Count - done >= rows; done += rows)
            {
                for (var r = 0; r < rows; r++)
                {
                    var i = done + r;
                    var (index, data, eventTime, skewed) = parameters[r];
                    index.Value = batch.PreviousSize + i;
                    // Bind the leaf's own array when it is one (ingest builds exact-size leaves): no copy per entry.
                    data.Value = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(batch.Entries[i], out var segment)
                        && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : batch.Entries[i].ToArray();
                    eventTime.Value = EventTimes is { } times ? times[i].EventTime : DBNull.Value;
                    skewed.Value = EventTimes is { } flags && flags[i].Skewed;
                }

                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using var tiles = Command(connection, tx,
            "INSERT INTO \"LedgerTiles\" (\"LogId\", \"Level\", \"TileIndex\", \"Hashes\") VALUES (@log, @level, @tile, @hashes) " +
            "ON CONFLICT (\"LogId\", \"Level\", \"TileIndex\") DO UPDATE SET \"Hashes\" = excluded.\"Hashes\"");
        Parameter(tiles, "@log", logId);
        var level = Parameter(tiles, "@level", 0);
        var tileIndex = Parameter(tiles, "@tile", 0L);
        var hashes = Parameter(tiles, "@hashes", Array.Empty<byte>());
        foreach (var write in batch.Tiles)
        {
            level.Value = write.Tile.Level;
            tileIndex.Value = write.Tile.Index;
            hashes.Value = write.Hashes;
            await tiles.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Rows per INSERT statement: one statement per row cost a round trip each on PostgreSQL and a statement
    /// execution each on SQLite; 32 rows × 6 parameters stays far below both engines' parameter limits.
    /// </summary>
    private const int RowsPerInsert = 32;

    private DbCommand InsertCommand(DbConnection connection, DbTransaction tx, int rows, DateTime receivedAt,
        out (DbParameter Index, DbParameter Data, DbParameter EventTime, DbParameter Skewed)[] parameters)
    {
        var sql = new System.Text.StringBuilder("INSERT INTO \"LedgerEntries\" (\"LogId\", \"Index\", \"Data\", \"ReceivedAt\", \"EventTime\", \"ClockSkewed\") VALUES ");
        var command = Command(connection, tx, "");
        Parameter(command, "@log", logId);
        Parameter(command, "@received", receivedAt);
        parameters = new (DbParameter, DbParameter, DbParameter, DbParameter)[rows];
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"(@log, @i{r}, @d{r}, @received, @e{r}, @s{r})");
            parameters[r] = (Parameter(command, $"@i{r}", 0L), Parameter(command, $"@d{r}", Array.Empty<byte>()),
                Parameter(command, $"@e{r}", DBNull.Value), Parameter(command, $"@s{r}", false));
        }

        command.CommandText = sql.ToString();
        return command;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
        return p;
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
