using System.Data.Common;
using System.Diagnostics;
using Itaku.Ledger;
using Itaku.Web.Features.Ledger;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

/// <summary>
/// Inclusion- and consistency-proof latency over the database-backed tile reader: the tiles of an
/// N-entry tree are copied into a fresh database (SQLite file, or a throwaway PostgreSQL database), then
/// each proof is built as <c>LedgerService</c> builds it — a new <c>ItakuDbContext</c> per proof, the head
/// read, <c>ProofBuilder</c> over <c>TileHashReader(EfLedgerStore)</c>, the leaf hash read — and verified.
/// </summary>
internal static class DbProofBench
{
    public static async Task RunAsync(long entries, int proofs, string? postgres)
    {
        var build = Stopwatch.StartNew();
        var memory = await ProofBench.BuildTreeAsync(entries);
        var head = await memory.ReadHeadAsync();
        Console.WriteLine($"proof-db: built a {head.Size:N0}-entry tree in memory in {build.Elapsed.TotalSeconds:F1} s");

        var dir = Directory.CreateTempSubdirectory("itaku-proof-db-").FullName;
        string? database = null;
        DbContextOptions<ItakuDbContext> options;
        if (postgres is null)
        {
            options = new DbContextOptionsBuilder<ItakuDbContext>().UseSqlite($"Data Source={Path.Combine(dir, "proof.db")}").Options;
        }
        else
        {
            database = $"itaku_proof_{Guid.NewGuid():N}";
            await AdminAsync(postgres, $"CREATE DATABASE {database}");
            options = new DbContextOptionsBuilder<ItakuDbContext>().UseNpgsql(new NpgsqlConnectionStringBuilder(postgres) { Database = database }.ConnectionString).Options;
        }

        try
        {
            var copy = Stopwatch.StartNew();
            long logId;
            int tiles = 0;
            await using (var db = new ItakuDbContext(options))
            {
                await db.Database.EnsureCreatedAsync();
                var log = new LedgerLog { Origin = "bench/proof", Kind = LedgerLogKind.Source, Name = "bench", Size = head.Size, RootHash = head.Root, CreatedAt = DateTime.UtcNow };
                db.LedgerLogs.Add(log);
                await db.SaveChangesAsync();
                logId = log.Id;
                await db.Database.OpenConnectionAsync();
                await using var tx = await db.Database.GetDbConnection().BeginTransactionAsync();
                await using var insert = db.Database.GetDbConnection().CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO \"LedgerTiles\" (\"LogId\", \"Level\", \"TileIndex\", \"Hashes\") VALUES (@log, @level, @tile, @hashes)";
                Parameter(insert, "@log", logId);
                var level = Parameter(insert, "@level", 0);
                var index = Parameter(insert, "@tile", 0L);
                var hashes = Parameter(insert, "@hashes", Array.Empty<byte>());
                await insert.PrepareAsync();
                foreach (var tile in TileMath.TilesForSize(head.Size))
                {
                    level.Value = tile.Level;
                    index.Value = tile.Index;
                    hashes.Value = (await memory.ReadTileAsync(tile.Level, tile.Index))!;
                    await insert.ExecuteNonQueryAsync();
                    tiles++;
                }

                await tx.CommitAsync();
            }

            var engine = postgres is null ? "SQLite" : "PostgreSQL";
            Console.WriteLine($"proof-db: {engine}: copied {tiles:N0} tiles in {copy.Elapsed.TotalSeconds:F1} s");
            var random = new Random(42);
            var sizes = new Dictionary<long, byte[]>();
            for (var i = 0; i < 200; i++)
            {
                var size = 1 + random.NextInt64(head.Size - 1);
                sizes[size] = await ProofBuilder.RootAsync(new TileHashReader(memory), size);
            }

            var oldSizes = sizes.Keys.ToArray();
            foreach (var batched in new[] { false, true })
            {
                var how = batched ? "one query for all tiles" : "one query per tile";
                await MeasureAsync("inclusion", engine, how, 300, warmUp: true, async () => await InclusionAsync(options, logId, random.NextInt64(head.Size), head, batched));
                await MeasureAsync("inclusion", engine, how, proofs, warmUp: false, async () => await InclusionAsync(options, logId, random.NextInt64(head.Size), head, batched));
                await MeasureAsync("consistency", engine, how, Math.Min(proofs, 2_000), warmUp: false, async () =>
                {
                    var from = oldSizes[random.Next(oldSizes.Length)];
                    await ConsistencyAsync(options, logId, from, sizes[from], head, batched);
                });
            }
        }
        finally
        {
            if (database is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await AdminAsync(postgres!, $"DROP DATABASE IF EXISTS {database}");
            }

            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Tile queries issued so far (head and leaf-row reads not included).</summary>
    private static long _tileReads;

    /// <summary>One query per tile, as before batching (ITileReader only).</summary>
    private sealed class PerTile(ITileReader inner) : ITileReader
    {
        public Task<byte[]?> ReadTileAsync(int level, long index, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _tileReads);
            return inner.ReadTileAsync(level, index, cancellationToken);
        }
    }

    /// <summary>As LedgerService reads: all of a proof's tiles in one query, remembered for the leaf read.</summary>
    private sealed class Batched(EfLedgerStore inner) : ITileBatchReader
    {
        private readonly Dictionary<(int, long), byte[]?> _read = [];

        public async Task<byte[]?> ReadTileAsync(int level, long index, CancellationToken cancellationToken = default) =>
            (await ReadTilesAsync([(level, index)], cancellationToken))[0];

        public async Task<IReadOnlyList<byte[]?>> ReadTilesAsync(IReadOnlyList<(int Level, long Index)> tiles, CancellationToken cancellationToken = default)
        {
            var missing = tiles.Where(t => !_read.ContainsKey(t)).Distinct().ToList();
            if (missing.Count > 0)
            {
                Interlocked.Increment(ref _tileReads);
                var hashes = await inner.ReadTilesAsync(missing, cancellationToken);
                for (var i = 0; i < missing.Count; i++)
                {
                    _read[missing[i]] = hashes[i];
                }
            }

            return tiles.Select(t => _read[t]).ToList();
        }
    }

    private static ITileReader Tiles(EfLedgerStore store, bool batched) => batched ? new Batched(store) : new PerTile(store);

    private static async Task InclusionAsync(DbContextOptions<ItakuDbContext> options, long logId, long index, TreeHead head, bool batched)
    {
        await using var db = new ItakuDbContext(options);
        var store = new EfLedgerStore(db, logId, TimeProvider.System);
        var size = (await store.ReadHeadAsync()).Size;
        var reader = new TileHashReader(Tiles(store, batched));
        var proof = await ProofBuilder.InclusionProofAsync(reader, index, size);
        var leaf = (await reader.ReadHashesAsync([new NodeId(0, index)]))[0];
        if (!ProofVerifier.VerifyInclusion(index, size, leaf, proof, head.Root) || !leaf.AsSpan().SequenceEqual(TreeHasher.HashLeaf(BitConverter.GetBytes(index))))
        {
            throw new InvalidOperationException($"inclusion proof for {index} does not verify");
        }
    }

    private static async Task ConsistencyAsync(DbContextOptions<ItakuDbContext> options, long logId, long from, byte[] fromRoot, TreeHead head, bool batched)
    {
        await using var db = new ItakuDbContext(options);
        var store = new EfLedgerStore(db, logId, TimeProvider.System);
        var size = (await store.ReadHeadAsync()).Size;
        var proof = await ProofBuilder.ConsistencyProofAsync(new TileHashReader(Tiles(store, batched)), from, size);
        if (!ProofVerifier.VerifyConsistency(from, size, proof, fromRoot, head.Root))
        {
            throw new InvalidOperationException($"consistency proof {from} → {size} does not verify");
        }
    }

    private static async Task MeasureAsync(string what, string engine, string how, int count, bool warmUp, Func<Task> proof)
    {
        var times = new List<double>(count);
        var reads = Interlocked.Read(ref _tileReads);
        for (var i = 0; i < count; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            await proof();
            times.Add((Stopwatch.GetTimestamp() - t0) * 1000.0 / Stopwatch.Frequency);
        }

        if (warmUp)
        {
            return;
        }

        times.Sort();
        Console.WriteLine($"proof-db: {engine}, {how}: {count:N0} random {what} proofs (new DbContext, head read, build{(what == "inclusion" ? ", leaf read" : "")}, verify): "
            + $"{(double)(Interlocked.Read(ref _tileReads) - reads) / count:F2} tile queries each; p50 {Bench.Percentile(times, 50):F3} ms, p99 {Bench.Percentile(times, 99):F3} ms, max {times[^1]:F3} ms"
            + (what == "inclusion" ? $" — target p99 < 5 ms: {(Bench.Percentile(times, 99) < 5 ? "PASS" : "FAIL")}" : ""));
    }

    internal static async Task AdminAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
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
