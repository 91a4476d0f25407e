using System.Data.Common;
using System.Runtime.CompilerServices;
using Itaku.Ledger;
using Microsoft.Data.Sqlite;
using SQLitePCL;
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

    /// <summary>
    /// For ingested logs: each new entry's receive time, event time and clock-skew flag, in batch order. Unset (the
    /// audit trail), every row gets the clock's now as its receive time and no event time.
    /// </summary>
    public IReadOnlyList<EntryTimes>? Times { get; set; }

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
        if (!db.Database.IsNpgsql())
        {
            return await WithSqliteAsync(connection =>
            {
                using var select = Prepare(connection, "SELECT \"Size\", \"RootHash\" FROM \"LedgerLogs\" WHERE \"Id\" = ?1");
                Check(raw.sqlite3_bind_int64(select, 1, logId), connection.Handle!);
                return Step(select, connection) ? new TreeHead(raw.sqlite3_column_int64(select, 0), raw.sqlite3_column_blob(select, 1).ToArray())
                    : throw new InvalidOperationException($"Log {logId} does not exist.");
            }, cancellationToken);
        }

        var head = await db.LedgerLogs.AsNoTracking().Where(l => l.Id == logId).Select(l => new { l.Size, l.RootHash }).FirstAsync(cancellationToken);
        return new TreeHead(head.Size, head.RootHash);
    }

    public async Task<byte[]?> ReadTileAsync(int level, long index, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsNpgsql())
        {
            return await WithSqliteAsync(connection =>
            {
                using var select = Prepare(connection, "SELECT \"Hashes\" FROM \"LedgerTiles\" WHERE \"LogId\" = ?1 AND \"Level\" = ?2 AND \"TileIndex\" = ?3");
                return ReadTile(select, connection, level, index);
            }, cancellationToken);
        }

        return await db.LedgerTiles.AsNoTracking()
            .Where(t => t.LogId == logId && t.Level == level && t.TileIndex == index)
            .Select(t => t.Hashes)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private byte[]? ReadTile(sqlite3_stmt select, SqliteConnection connection, int level, long index)
    {
        Check(raw.sqlite3_reset(select), connection.Handle!);
        Check(raw.sqlite3_bind_int64(select, 1, logId), connection.Handle!);
        Check(raw.sqlite3_bind_int(select, 2, level), connection.Handle!);
        Check(raw.sqlite3_bind_int64(select, 3, index), connection.Handle!);
        return Step(select, connection) ? raw.sqlite3_column_blob(select, 0).ToArray() : null;
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
            // SQLite runs in-process: a lookup costs no round trip, and one prepared per-tile lookup measured
            // no slower than a combined statement (docs/benchmarks.md).
            return await WithSqliteAsync(connection =>
            {
                using var select = Prepare(connection, "SELECT \"Hashes\" FROM \"LedgerTiles\" WHERE \"LogId\" = ?1 AND \"Level\" = ?2 AND \"TileIndex\" = ?3");
                for (int i = 0; i < tiles.Count; i++)
                {
                    result[i] = ReadTile(select, connection, tiles[i].Level, tiles[i].Index);
                }

                return result;
            }, cancellationToken);
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
    /// Writes the batch with plain SQL in the caller's transaction: a compare-and-set of the head (size must still be
    /// the batch's previous size), the entries (SQLite: native multi-row INSERTs; PostgreSQL: one binary COPY), and an
    /// upsert per changed tile. EF's change tracker cost about 85% of ingest time (docs/benchmarks.md, ADR 13).
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

        var now = time.GetUtcNow().UtcDateTime;
        if (Times is { } given && given.Count != batch.Entries.Count)
        {
            throw new ArgumentException($"{given.Count} entry times for {batch.Entries.Count} entries.", nameof(batch));
        }

        if (connection is SqliteConnection sqlite)
        {
            InsertEntries(sqlite, batch, now);
        }
        else
        {
            await CopyEntriesAsync((Npgsql.NpgsqlConnection)connection, batch, now, cancellationToken);
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
    /// SQLite rows per INSERT statement, the remainder one row at a time: one statement execution (cursor set-up and
    /// tear-down) per 32 rows; 32 × 5 parameters stays far below SQLite's parameter limit.
    /// </summary>
    private const int RowsPerInsert = 32;

    /// <summary>
    /// PostgreSQL: the entries in one binary COPY, inside the caller's transaction (a COPY is part of the connection's
    /// open transaction and rolls back with it). One message stream instead of a statement per 32 rows.
    /// </summary>
    private async Task CopyEntriesAsync(Npgsql.NpgsqlConnection connection, LedgerBatch batch, DateTime now, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY \"LedgerEntries\" (\"LogId\", \"Index\", \"Data\", \"ReceivedAt\", \"EventTime\", \"ClockSkewed\") FROM STDIN (FORMAT BINARY)", cancellationToken);
        for (var i = 0; i < batch.Entries.Count; i++)
        {
            var times = Times?[i];
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(logId, NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(batch.PreviousSize + i, NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken);
            await copy.WriteAsync(batch.Entries[i], NpgsqlTypes.NpgsqlDbType.Bytea, cancellationToken);
            await copy.WriteAsync(times?.ReceivedAt ?? now, NpgsqlTypes.NpgsqlDbType.TimestampTz, cancellationToken);
            if (times?.EventTime is { } eventTime)
            {
                await copy.WriteAsync(eventTime, NpgsqlTypes.NpgsqlDbType.TimestampTz, cancellationToken);
            }
            else
            {
                await copy.WriteNullAsync(cancellationToken);
            }

            await copy.WriteAsync(times?.Skewed == true, NpgsqlTypes.NpgsqlDbType.Boolean, cancellationToken);
        }

        await copy.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// SQLite: prepared multi-row INSERTs (as on PostgreSQL) stepped through the connection's native handle, with
    /// parameters bound by position and each leaf bound from its span. Through ADO.NET every execution looked each
    /// parameter up by name (a linear search per parameter), boxed four values and formatted two dates to strings:
    /// together more CPU than SQLite's own insert (docs/benchmarks.md). Times are written as EF writes them
    /// (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>), so EF's queries and comparisons read them unchanged.
    /// </summary>
    private void InsertEntries(SqliteConnection connection, LedgerBatch batch, DateTime now)
    {
        var handle = connection.Handle!;
        Span<byte> received = stackalloc byte[SqliteTimeLength];
        Span<byte> eventText = stackalloc byte[SqliteTimeLength];
        var receivedFor = DateTime.MinValue;
        var receivedLength = 0;
        var done = 0;
        foreach (var rows in new[] { RowsPerInsert, 1 })
        {
            if (batch.Entries.Count - done < rows)
            {
                continue;
            }

            // ?1 is the log; row r binds ?(2+5r) index, ?(3+5r) data, ?(4+5r) receive time, ?(5+5r) event time, ?(6+5r) skew.
            var sql = new System.Text.StringBuilder("INSERT INTO \"LedgerEntries\" (\"LogId\", \"Index\", \"Data\", \"ReceivedAt\", \"EventTime\", \"ClockSkewed\") VALUES ");
            for (var r = 0; r < rows; r++)
            {
                var p = 2 + (5 * r);
                sql.Append(r == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"(?1, ?{p}, ?{p + 1}, ?{p + 2}, ?{p + 3}, ?{p + 4})");
            }

            using var insert = Prepare(connection, sql.ToString());
            Check(raw.sqlite3_bind_int64(insert, 1, logId), handle);
            for (; batch.Entries.Count - done >= rows; done += rows)
            {
                for (var r = 0; r < rows; r++)
                {
                    var i = done + r;
                    var p = 2 + (5 * r);
                    var times = Times?[i];
                    var receivedAt = times?.ReceivedAt ?? now;
                    if (receivedAt != receivedFor || receivedLength == 0)
                    {
                        receivedLength = SqliteTime(receivedAt, received);
                        receivedFor = receivedAt;
                    }

                    Check(raw.sqlite3_bind_int64(insert, p, batch.PreviousSize + i), handle);
                    var data = batch.Entries[i].Span;
                    Check(data.IsEmpty ? raw.sqlite3_bind_zeroblob(insert, p + 1, 0) : raw.sqlite3_bind_blob(insert, p + 1, data), handle);
                    Check(raw.sqlite3_bind_text(insert, p + 2, received[..receivedLength]), handle);
                    Check(times?.EventTime is { } eventTime
                        ? raw.sqlite3_bind_text(insert, p + 3, eventText[..SqliteTime(eventTime, eventText)])
                        : raw.sqlite3_bind_null(insert, p + 3), handle);
                    Check(raw.sqlite3_bind_int(insert, p + 4, times?.Skewed == true ? 1 : 0), handle);
                }

                Step(insert, connection);
                Check(raw.sqlite3_reset(insert), handle);
            }
        }
    }

    private const int SqliteTimeLength = 27;

    /// <summary>
    /// Writes <paramref name="value"/> as EF Core and Microsoft.Data.Sqlite write a DateTime to SQLite,
    /// <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c> (fraction without trailing zeros, no point when it is zero), in UTF-8;
    /// by hand, because the general formatter cost more than the row's insert. Returns the length.
    /// </summary>
    internal static int SqliteTime(DateTime value, Span<byte> destination)
    {
        Digits(destination[..4], value.Year);
        destination[4] = (byte)'-';
        Digits(destination.Slice(5, 2), value.Month);
        destination[7] = (byte)'-';
        Digits(destination.Slice(8, 2), value.Day);
        destination[10] = (byte)' ';
        Digits(destination.Slice(11, 2), value.Hour);
        destination[13] = (byte)':';
        Digits(destination.Slice(14, 2), value.Minute);
        destination[16] = (byte)':';
        Digits(destination.Slice(17, 2), value.Second);
        var fraction = (int)(value.Ticks % TimeSpan.TicksPerSecond);
        if (fraction == 0)
        {
            return 19;
        }

        destination[19] = (byte)'.';
        Digits(destination.Slice(20, 7), fraction);
        var length = 27;
        while (destination[length - 1] == '0')
        {
            length--;
        }

        return length;

        static void Digits(Span<byte> into, int number)
        {
            for (var i = into.Length - 1; i >= 0; i--)
            {
                into[i] = (byte)('0' + (number % 10));
                number /= 10;
            }
        }
    }

    /// <summary>Runs a native SQLite read on the context's connection, opened for it if no transaction holds it open.</summary>
    private async Task<T> WithSqliteAsync<T>(Func<SqliteConnection, T> read, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            return read((SqliteConnection)db.Database.GetDbConnection());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static sqlite3_stmt Prepare(SqliteConnection connection, string sql)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        // ADO.NET commands retry a busy database for the command timeout; native steps wait the same time instead.
        Check(raw.sqlite3_busy_timeout(handle, connection.DefaultTimeout * 1000), handle);
        Check(raw.sqlite3_prepare_v2(handle, sql, out var statement), handle);
        return statement;
    }

    /// <summary>Steps a statement: true for a row, false when done; an error throws <see cref="SqliteException"/>.</summary>
    private static bool Step(sqlite3_stmt statement, SqliteConnection connection)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc is not (raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            Check(rc, connection.Handle!);
        }

        return rc == raw.SQLITE_ROW;
    }

    private static void Check(int rc, SQLitePCL.sqlite3 handle)
    {
        if (rc is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(rc, handle);
        }
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

/// <summary>An ingested entry's receive time, the source's event time, and whether they differ by more than the allowed skew.</summary>
public readonly record struct EntryTimes(DateTime ReceivedAt, DateTime? EventTime, bool Skewed);
