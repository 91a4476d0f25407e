using System.Text;
using Itaku.Ledger;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Ledger;

/// <summary>Reading the ledger: logs, entries, proofs, checkpoints and export bundles, each behind the log's own access rule.</summary>
public sealed class LedgerService(ItakuDbContext db, CurrentUser current, ContractService contracts, LedgerKeys keys, CheckpointService checkpoints, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<LedgerRetentionSettings> retention)
{
    public const int MaxEntriesPerPage = 1000;

    /// <summary>Most audit events a page of <see cref="ContractAuditAsync"/> returns (each carries its own proof).</summary>
    public const int MaxAuditEventsPerPage = 100;

    /// <summary>
    /// The whole audit trail (every contract's events, sign-ins with addresses) is for system administrators only
    /// (ADR 15); everyone else reads the events of the contracts they may read through <see cref="ContractAuditAsync"/>.
    /// A contract's source logs are for those who can read the contract.
    /// </summary>
    private bool CanReadAudit => current.Role is GlobalRole.SystemAdmin;

    public async Task<List<LogDto>> ListAsync(CancellationToken ct)
    {
        var userId = current.Id;
        var visibleContracts = contracts.Visible().Select(c => c.Id);
        var canReadAudit = CanReadAudit;
        return (await db.LedgerLogs.AsNoTracking()
            .Where(l => (l.Kind == LedgerLogKind.Audit && canReadAudit) || (l.ContractId != null && visibleContracts.Contains(l.ContractId.Value)))
            .OrderBy(l => l.Id)
            .Select(l => new LogDto(l.Id, l.Origin, l.Kind, l.Name, l.ContractId, l.Size,
                db.LedgerCheckpoints.Where(c => c.LogId == l.Id).Max(c => (long?)c.Size),
                l.Kind == LedgerLogKind.Audit ? null : l.RetentionDays,
                l.PrunedBefore,
                db.LedgerEntries.Where(e => e.LogId == l.Id && e.Index == l.PrunedBefore - 1).Select(e => (DateTime?)e.ReceivedAt).FirstOrDefault()))
            .ToListAsync(ct))
            // The retention in force is the configuration's (Ledger:Retention); the stored value is only the last prune's.
            .Select(l => l.RetentionDays is null ? l : l with { RetentionDays = retention.Value.DaysFor(l.Origin) })
            .ToList();
    }

    public Task<LedgerLog> RequireAsync(long id, CancellationToken ct) => RequireAsync(id, allowAuditHashes: false, ct);

    /// <param name="allowAuditHashes">
    /// The caller returns only sizes and hashes (a checkpoint, a consistency proof), never an entry: the audit trail
    /// is then open to every signed-in user, so that each can check the checkpoints they were given grow honestly.
    /// </param>
    private async Task<LedgerLog> RequireAsync(long id, bool allowAuditHashes, CancellationToken ct)
    {
        var log = await db.LedgerLogs.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct)
            ?? throw new NotFoundException("ログが見つかりません。");
        if (log.Kind == LedgerLogKind.Audit)
        {
            return CanReadAudit || allowAuditHashes ? log : throw new NotFoundException("ログが見つかりません。");
        }

        await contracts.RequireAsync(log.ContractId!.Value, ContractOperations.Read, ct);
        return log;
    }

    /// <summary>
    /// A log's latest checkpoint. The audit trail's is readable by every signed-in user, not only administrators: it
    /// holds only the size and root hash, and is what <see cref="ContractAuditAsync"/>'s proofs are checked against.
    /// </summary>
    public async Task<string> CheckpointAsync(long id, CancellationToken ct)
    {
        await RequireAsync(id, allowAuditHashes: true, ct);
        return await Store(id).ReadCheckpointAsync(ct) ?? throw new NotFoundException("このログにはまだチェックポイントがありません。");
    }

    public async Task<EntriesDto> EntriesAsync(long id, long start, long? end, CancellationToken ct)
    {
        var log = await RequireAsync(id, ct);
        var stop = Math.Min(end ?? log.Size, log.Size);
        if (start < 0 || stop < start)
        {
            throw new RequestValidationException("start", $"start は 0 以上 {log.Size} 以下、end 以下で指定してください。");
        }

        if (start < log.PrunedBefore)
        {
            throw Pruned(log, $"索引 {log.PrunedBefore} より前のエントリは保存期間を過ぎて削除されています。start を {log.PrunedBefore} 以上にしてください。");
        }

        stop = Math.Min(stop, start + MaxEntriesPerPage);
        var rows = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.LogId == id && e.Index >= start && e.Index < stop)
            .OrderBy(e => e.Index)
            .ToListAsync(ct);
        var items = rows.Select(e => new EntryDto(e.Index, e.ReceivedAt, Convert.ToBase64String(e.Data), TryText(e.Data))).ToList();
        return new EntriesDto(start, stop, items);
    }

    public async Task<InclusionProofDto> InclusionAsync(long id, long index, long? size, CancellationToken ct)
    {
        var log = await RequireAsync(id, ct);
        var treeSize = size ?? log.Size;
        if (treeSize < 1 || treeSize > log.Size)
        {
            throw new RequestValidationException("size", $"size は 1 から {log.Size} の間で指定してください。");
        }

        if (index < 0 || index >= treeSize)
        {
            throw new RequestValidationException("index", $"index は 0 から {treeSize - 1} の間で指定してください。");
        }

        if (index < log.PrunedBefore)
        {
            throw Pruned(log, $"エントリ {index} は保存期間を過ぎて削除されています（索引 {log.PrunedBefore} より前）。");
        }

        var reader = new TileHashReader(new RequestTiles(Store(id)));
        try
        {
            var proof = await ProofBuilder.InclusionProofAsync(reader, index, treeSize, ct);
            var leaf = (await reader.ReadHashesAsync([new NodeId(0, index)], ct))[0];
            return new InclusionProofDto(index, treeSize, Convert.ToBase64String(leaf), proof.Select(Convert.ToBase64String).ToList());
        }
        catch (LedgerIntegrityException) when (treeSize < log.PrunedBefore)
        {
            throw Pruned(log, $"サイズ {treeSize} の木は、署名済みチェックポイントのサイズでなく、その範囲が保存期間を過ぎて削除されているため証明できません。");
        }
    }

    public async Task<ConsistencyProofDto> ConsistencyAsync(long id, long from, long to, CancellationToken ct)
    {
        var log = await RequireAsync(id, allowAuditHashes: true, ct);
        if (to < 1 || to > log.Size)
        {
            throw new RequestValidationException("to", $"to は 1 から {log.Size} の間で指定してください。");
        }

        if (from < 1 || from > to)
        {
            throw new RequestValidationException("from", "from は 1 以上 to 以下で指定してください。");
        }

        try
        {
            var proof = await ProofBuilder.ConsistencyProofAsync(new TileHashReader(Store(id)), from, to, ct);
            return new ConsistencyProofDto(from, to, proof.Select(Convert.ToBase64String).ToList());
        }
        catch (LedgerIntegrityException) when (from < log.PrunedBefore)
        {
            // Pruning keeps what every signed checkpoint's proofs need; other sizes inside the pruned range are gone.
            throw Pruned(log, $"サイズ {from} からの一貫性証明は、そのサイズが署名済みチェックポイントのサイズでなく、保存期間を過ぎて削除された範囲にあるため作れません。");
        }
    }

    /// <summary>
    /// The audit events of one contract the caller may read, oldest first, each with its leaf (the exact bytes the
    /// audit trail hashed) and its inclusion proof against the audit trail's latest signed checkpoint, which is
    /// returned with them: a reader checks each event without seeing any other contract's (ADR 15).
    /// </summary>
    public async Task<ContractAuditDto> ContractAuditAsync(long contractId, string? cursor, int? limit, CancellationToken ct)
    {
        await contracts.RequireAsync(contractId, ContractOperations.Read, ct);
        var take = limit is > MaxAuditEventsPerPage ? throw new RequestValidationException("limit", $"limit は 1 から {MaxAuditEventsPerPage} の間で指定してください。") : Cursor.Limit(limit);
        var after = Cursor.DecodeLong(cursor) ?? -1;
        var events = await db.AuditEvents.AsNoTracking()
            .Where(e => e.ContractId == contractId && e.LedgerIndex > after)
            .OrderBy(e => e.LedgerIndex)
            .Take(take + 1)
            .Select(e => new { Index = e.LedgerIndex!.Value, e.OccurredAt, e.Action })
            .ToListAsync(ct);
        var page = events.Take(take).ToList();
        var logId = await db.LedgerLogs.AsNoTracking().Where(l => l.Kind == LedgerLogKind.Audit).Select(l => l.Id).FirstAsync(ct);
        var checkpoint = await LatestCheckpointAsync(logId, ct);
        if (page.Count > 0 && (checkpoint is null || page[^1].Index >= checkpoint.Size))
        {
            // The newest events are not under a signed checkpoint yet (one is signed about once a second): sign it now.
            await checkpoints.PublishAllAsync(ct);
            checkpoint = await LatestCheckpointAsync(logId, ct);
        }

        if (checkpoint is null)
        {
            return new ContractAuditDto(logId, null, 0, [], null);
        }

        var indexes = page.Select(e => e.Index).ToList();
        var leaves = await db.LedgerEntries.AsNoTracking().Where(e => e.LogId == logId && indexes.Contains(e.Index))
            .ToDictionaryAsync(e => e.Index, e => e.Data, ct);
        var reader = new TileHashReader(new RequestTiles(Store(logId)));
        var items = new List<AuditEventProofDto>(page.Count);
        foreach (var e in page)
        {
            var proof = await ProofBuilder.InclusionProofAsync(reader, e.Index, checkpoint.Size, ct);
            var leaf = (await reader.ReadHashesAsync([new NodeId(0, e.Index)], ct))[0];
            var data = leaves[e.Index];
            items.Add(new AuditEventProofDto(e.Index, e.OccurredAt, e.Action, Convert.ToBase64String(data), TryText(data),
                Convert.ToBase64String(leaf), proof.Select(Convert.ToBase64String).ToList()));
        }

        var next = events.Count > take ? Cursor.Encode(page[^1].Index.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        return new ContractAuditDto(logId, checkpoint.Note, checkpoint.Size, items, next);
    }

    private async Task<LedgerCheckpoint?> LatestCheckpointAsync(long logId, CancellationToken ct) =>
        await db.LedgerCheckpoints.AsNoTracking().Where(c => c.LogId == logId).OrderByDescending(c => c.Size).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Writes a verifiable bundle of the entries received in [<paramref name="from"/>, <paramref name="to"/>)
    /// (all entries when both are null) to a temporary file and returns it with its index range.
    /// </summary>
    public async Task<ExportFile> ExportAsync(long id, DateTime? from, DateTime? to, CancellationToken ct)
    {
        var log = await RequireAsync(id, ct);
        if (from is not null && to is not null && to <= from)
        {
            throw new RequestValidationException("to", "to は from より後の日時を指定してください。");
        }

        var entries = db.LedgerEntries.AsNoTracking().Where(e => e.LogId == id);
        var start = from is null ? 0 : await entries.Where(e => e.ReceivedAt >= from).MinAsync(e => (long?)e.Index, ct) ?? log.Size;
        var end = to is null ? log.Size : await entries.Where(e => e.ReceivedAt >= to).MinAsync(e => (long?)e.Index, ct) ?? log.Size;
        end = Math.Max(end, start);

        // Entries past retention are gone: the bundle holds what is left of the range and says so.
        long? prunedBefore = null;
        DateTime? prunedThrough = null;
        if (start < log.PrunedBefore)
        {
            prunedBefore = log.PrunedBefore;
            prunedThrough = await PrunedThroughAsync(log, ct);
            if (end <= log.PrunedBefore && end > start)
            {
                throw Pruned(log, $"この範囲はすべて保存期間を過ぎて削除されています（{prunedThrough:yyyy-MM-dd HH:mm:ss} UTC 以前、索引 {log.PrunedBefore} より前）。");
            }

            start = log.PrunedBefore;
            end = Math.Max(end, start);
        }

        // The bundle is proven against a checkpoint covering its end: sign one now if the log ran ahead.
        await checkpoints.PublishAllAsync(ct);
        var path = Path.Combine(Path.GetTempPath(), $"itaku-export-{Guid.NewGuid():N}.jsonl");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await BundleWriter.ExportAsync(Store(id), keys.Verifier, start, end, prunedBefore, file, ct);
        await file.FlushAsync(ct);
        file.Position = 0;
        return new ExportFile(file, start, end, prunedBefore, prunedThrough);
    }

    /// <summary>Receive time of the last pruned entry: everything received up to then is gone.</summary>
    private async Task<DateTime?> PrunedThroughAsync(LedgerLog log, CancellationToken ct) =>
        await db.LedgerEntries.AsNoTracking().Where(e => e.LogId == log.Id && e.Index == log.PrunedBefore - 1).Select(e => (DateTime?)e.ReceivedAt).FirstOrDefaultAsync(ct);

    private static GoneException Pruned(LedgerLog log, string message) =>
        new(message, new Dictionary<string, object?> { ["prunedBefore"] = log.PrunedBefore, ["firstAvailableIndex"] = log.PrunedBefore });

    private EfLedgerStore Store(long id) => new(db, id, time);

    /// <summary>The tiles one request has read, so that the leaf hash after a proof costs no second query.</summary>
    private sealed class RequestTiles(EfLedgerStore store) : ITileBatchReader
    {
        private readonly Dictionary<(int, long), byte[]?> _read = [];

        public async Task<byte[]?> ReadTileAsync(int level, long index, CancellationToken cancellationToken = default) =>
            (await ReadTilesAsync([(level, index)], cancellationToken))[0];

        public async Task<IReadOnlyList<byte[]?>> ReadTilesAsync(IReadOnlyList<(int Level, long Index)> tiles, CancellationToken cancellationToken = default)
        {
            var missing = tiles.Where(t => !_read.ContainsKey(t)).Distinct().ToList();
            if (missing.Count > 0)
            {
                var hashes = await store.ReadTilesAsync(missing, cancellationToken);
                for (int i = 0; i < missing.Count; i++)
                {
                    _read[missing[i]] = hashes[i];
                }
            }

            return tiles.Select(t => _read[t]).ToList();
        }
    }

    private static string? TryText(byte[] data)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(data);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
