using Itaku.Ledger;
using System.Data;
using Microsoft.Data.Sqlite;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Ledger;

/// <summary>One log's outcome in the latest self-audit.</summary>
public sealed record LogHealth(long LogId, string Origin, bool Ok, string? Mismatch, long? EntryIndex, long EntriesChecked, DateTime CheckedAt);

/// <summary>The latest self-audit's results, shown on the administrator's ledger page.</summary>
public sealed class LedgerHealth
{
    private readonly Lock _lock = new();
    private IReadOnlyDictionary<long, LogHealth> _logs = new Dictionary<long, LogHealth>();

    /// <summary>When the latest complete self-audit finished; null before the first.</summary>
    public DateTime? LastRun { get; private set; }

    public IReadOnlyDictionary<long, LogHealth> Logs
    {
        get
        {
            lock (_lock)
            {
                return _logs;
            }
        }
    }

    public bool AllOk => Logs.Values.All(l => l.Ok);

    public void Record(DateTime finishedAt, IReadOnlyList<LogHealth> logs)
    {
        lock (_lock)
        {
            _logs = logs.ToDictionary(l => l.LogId);
            LastRun = finishedAt;
        }
    }
}

/// <summary>
/// The periodic self-audit (issue 3, item 8): recomputes every log's tree from its stored entries and
/// compares it with the stored tiles, head and latest checkpoint; proves every stored checkpoint
/// consistent with the next; and, for the audit trail, checks that each audit event still serialises to
/// the exact bytes of its leaf. A mismatch is kept in <see cref="LedgerHealth"/> and logged as an error.
/// </summary>
public sealed class SelfAuditService(
    IServiceScopeFactory scopes, IOptions<LedgerSettings> settings, LedgerKeys keys, LedgerHealth health, TimeProvider time, ILogger<SelfAuditService> log)
    : BackgroundService
{
    private const int Page = 2000;
    private readonly SemaphoreSlim _running = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first run comes after one interval, not at start-up.
        using var timer = new PeriodicTimer(settings.Value.SelfAuditInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or DbUpdateException or InvalidOperationException or LedgerIntegrityException or TimeoutException)
            {
                log.LogError(e, "Ledger self-audit failed to run");
            }
        }
    }

    /// <summary>Audits every log now; returns the results (also kept in <see cref="LedgerHealth"/>).</summary>
    public async Task<IReadOnlyList<LogHealth>> RunAsync(CancellationToken ct)
    {
        await _running.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
            var logs = await db.LedgerLogs.AsNoTracking().OrderBy(l => l.Id).Select(l => new { l.Id, l.Origin, l.Kind }).ToListAsync(ct);
            var results = new List<LogHealth>(logs.Count);
            foreach (var l in logs)
            {
                string? problem;
                long? index;
                long checkedCount;
                await using (var snapshot = await BeginSnapshotAsync(db, ct))
                {
                    (problem, index, checkedCount) = await AuditLogAsync(db, l.Id, l.Origin, l.Kind, ct);
                }

                db.ChangeTracker.Clear();
                if (problem is not null)
                {
                    log.LogError("Ledger self-audit: log {Origin} (id {LogId}) does not verify: {Mismatch} (entry {EntryIndex})", l.Origin, l.Id, problem, index);
                }

                results.Add(new LogHealth(l.Id, l.Origin, problem is null, problem, index, checkedCount, time.GetUtcNow().UtcDateTime));
            }

            health.Record(time.GetUtcNow().UtcDateTime, results);
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

    /// <summary>
    /// A read-only snapshot for one log's audit, so that appends committed meanwhile are not mistaken for
    /// entries beyond the head. SQLite (WAL): a deferred transaction, which takes no write lock.
    /// </summary>
    private static async Task<IAsyncDisposable> BeginSnapshotAsync(ItakuDbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            return await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        }

        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var transaction = connection.BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(transaction, ct);
        return new SqliteSnapshot(db, transaction);
    }

    private sealed class SqliteSnapshot(ItakuDbContext db, SqliteTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await db.Database.UseTransactionAsync(null);
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<(string? Problem, long? Index, long Checked)> AuditLogAsync(ItakuDbContext db, long logId, string origin, LedgerLogKind kind, CancellationToken ct)
    {
        var store = new EfLedgerStore(db, logId, time);
        AuditResult result;
        try
        {
            result = await LedgerAuditor.AuditAsync(store, keys.Verifier, ct);
        }
        catch (Exception e) when (e is LedgerIntegrityException or FormatException or NoteVerificationException or ArgumentException)
        {
            return (e.Message, null, 0);
        }

        if (!result.Ok)
        {
            return (result.Mismatch, result.EntryIndex, result.EntriesChecked);
        }

        if (await CheckCheckpointChainAsync(db, store, logId, origin, ct) is { } chain)
        {
            return (chain, null, result.EntriesChecked);
        }

        if (kind == LedgerLogKind.Audit && await CheckAuditEventsAsync(db, logId, result.HeadSize, ct) is { } events)
        {
            return (events.Problem, events.Index, result.EntriesChecked);
        }

        if (result.PrunedBefore > 0 && await CheckPruningRecordedAsync(db, logId, result.PrunedBefore, ct) is { } pruning)
        {
            return (pruning, null, result.EntriesChecked);
        }

        return (null, null, result.EntriesChecked);
    }

    /// <summary>
    /// The pruned boundary is one the retention job recorded in the (tamper-evident) audit trail: otherwise
    /// payloads were cleared behind its back, and a tree that still verifies would hide lost evidence.
    /// </summary>
    private static async Task<string?> CheckPruningRecordedAsync(ItakuDbContext db, long logId, long prunedBefore, CancellationToken ct)
    {
        var subject = logId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var details = await db.AuditEvents.AsNoTracking()
            .Where(e => e.Action == "ledger.pruned" && e.SubjectType == nameof(LedgerLog) && e.SubjectId == subject && e.Details != null)
            .Select(e => e.Details!).ToListAsync(ct);
        long recorded = 0;
        foreach (var d in details)
        {
            using var json = System.Text.Json.JsonDocument.Parse(d);
            if (json.RootElement.TryGetProperty("prunedBefore", out var p) && p.TryGetInt64(out var value))
            {
                recorded = Math.Max(recorded, value);
            }
        }

        return recorded == prunedBefore
            ? null
            : $"Retention: entries below {prunedBefore} are marked pruned, but the audit trail records pruning of this log only up to {recorded}.";
    }

    /// <summary>Every stored checkpoint is signed by this instance, for this log, and consistent with the next.</summary>
    private async Task<string?> CheckCheckpointChainAsync(ItakuDbContext db, EfLedgerStore store, long logId, string origin, CancellationToken ct)
    {
        var rows = await db.LedgerCheckpoints.AsNoTracking().Where(c => c.LogId == logId).OrderBy(c => c.Size).Select(c => new { c.Size, c.Note }).ToListAsync(ct);
        var reader = new TileHashReader(store);
        Checkpoint? previous = null;
        foreach (var row in rows)
        {
            Checkpoint current;
            try
            {
                current = SignedCheckpoint.Open(row.Note, keys.Verifier, origin).Checkpoint;
            }
            catch (Exception e) when (e is NoteVerificationException or FormatException)
            {
                return $"Checkpoint at size {row.Size}: {e.Message}";
            }

            if (current.Size != row.Size)
            {
                return $"Checkpoint at size {row.Size}: its signed size is {current.Size}.";
            }

            if (previous is not null && previous.Size > 0)
            {
                try
                {
                    var proof = await ProofBuilder.ConsistencyProofAsync(reader, previous.Size, current.Size, ct);
                    if (!ProofVerifier.VerifyConsistency(previous.Size, current.Size, proof, previous.Root, current.Root))
                    {
                        return $"Checkpoint at size {current.Size}: not consistent with the checkpoint at size {previous.Size}.";
                    }
                }
                catch (LedgerIntegrityException e)
                {
                    return $"Checkpoint at size {current.Size}: no consistency proof from size {previous.Size}: {e.Message}";
                }
            }

            previous = current;
        }

        return null;
    }

    /// <summary>Each audit event re-serialises to the bytes of its leaf, and every leaf has its event.</summary>
    private static async Task<(string Problem, long Index)?> CheckAuditEventsAsync(ItakuDbContext db, long logId, long size, CancellationToken ct)
    {
        long expected = 0;
        while (true)
        {
            var from = expected;
            var events = await db.AuditEvents.AsNoTracking()
                .Where(e => e.LedgerIndex != null && e.LedgerIndex >= from && e.LedgerIndex < size)
                .OrderBy(e => e.LedgerIndex).Take(Page)
                .ToListAsync(ct);
            if (events.Count == 0)
            {
                break;
            }

            var last = events[^1].LedgerIndex!.Value;
            var leaves = await db.LedgerEntries.AsNoTracking()
                .Where(x => x.LogId == logId && x.Index >= from && x.Index <= last)
                .Select(x => new { x.Index, x.Data })
                .ToDictionaryAsync(x => x.Index, x => x.Data, ct);
            foreach (var e in events)
            {
                var index = e.LedgerIndex!.Value;
                if (index != expected)
                {
                    return ($"Entry {expected}: no audit event refers to it (the row was deleted or its index altered).", expected);
                }

                if (!leaves.TryGetValue(index, out var leaf))
                {
                    return ($"Audit event {e.Id}: its entry {index} is missing.", index);
                }

                byte[] bytes;
                try
                {
                    bytes = AuditEntry.Serialize(e);
                }
                catch (Exception x) when (x is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
                {
                    return ($"Audit event {e.Id}: cannot be serialised ({x.Message}), so it no longer matches entry {index}.", index);
                }

                if (!bytes.AsSpan().SequenceEqual(leaf))
                {
                    return ($"Audit event {e.Id}: the row differs from entry {index} of the audit log (the row was altered).", index);
                }

                expected++;
            }

            if (events.Count < Page)
            {
                break;
            }
        }

        return expected < size ? ($"Entry {expected}: no audit event refers to it (the row was deleted or its index altered).", expected) : null;
    }
}
