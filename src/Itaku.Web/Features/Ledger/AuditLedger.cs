using Itaku.Ledger;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Ledger;

/// <summary>
/// Puts the audit trail behind the Merkle ledger: the audit events a <c>SaveChanges</c> is about to
/// insert are appended to the audit log inside the same transaction (see <c>ItakuDbContext</c>).
/// </summary>
public sealed class AuditLedger(IOptions<LedgerSettings> settings, TimeProvider time)
{
    public async Task AppendAsync(ItakuDbContext db, IReadOnlyList<AuditEvent> events, CancellationToken ct)
    {
        var origin = settings.Value.AuditOrigin;
        var logId = await db.LedgerLogs.AsNoTracking().Where(l => l.Origin == origin).Select(l => (long?)l.Id).FirstOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"The audit log {origin} does not exist; start-up creates it.");
        var store = new EfLedgerStore(db, logId, time);
        await store.LockAsync(ct);
        var head = await store.ReadHeadAsync(ct);
        var entries = new List<ReadOnlyMemory<byte>>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            events[i].LedgerIndex = head.Size + i;
            entries.Add(AuditEntry.Serialize(events[i]));
        }

        await new LedgerAppender(store).AppendAsync(entries, ct);
    }

    /// <summary>Creates the audit log on first start.</summary>
    public async Task EnsureLogAsync(ItakuDbContext db, CancellationToken ct)
    {
        var origin = settings.Value.AuditOrigin;
        if (!await db.LedgerLogs.AnyAsync(l => l.Origin == origin, ct))
        {
            db.LedgerLogs.Add(new LedgerLog
            {
                Origin = origin,
                Kind = LedgerLogKind.Audit,
                Name = "監査証跡 / audit trail",
                RootHash = TreeHasher.EmptyRoot(),
                CreatedAt = time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(ct);
        }
    }
}
