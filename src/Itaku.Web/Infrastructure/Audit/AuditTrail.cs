using System.Text.Json;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Data;

namespace Itaku.Web.Infrastructure.Audit;

/// <summary>
/// The one way anything is written to the audit trail. <see cref="Record"/> only adds the event
/// to the unit of work: it commits with the caller's <c>SaveChanges</c>, in the same
/// transaction as the change it describes, or not at all.
/// </summary>
public sealed class AuditTrail(ItakuDbContext db, CurrentUser current, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Record(string action, string subjectType, string? subjectId, long? contractId = null, object? details = null, string? actor = null, Guid? actorId = null)
    {
        db.AuditEvents.Add(new AuditEvent
        {
            OccurredAt = Microseconds(time.GetUtcNow().UtcDateTime),
            ActorId = actorId ?? current.IdOrNull,
            Actor = Truncate(actor ?? current.Name, 256),
            Action = action,
            SubjectType = subjectType,
            SubjectId = subjectId,
            ContractId = contractId,
            IpAddress = current.IpAddress,
            Details = details is null ? null : JsonSerializer.Serialize(details, Json),
        });
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    /// <summary>PostgreSQL keeps microseconds: the stored time must re-serialise to the very bytes in the ledger.</summary>
    public static DateTime Microseconds(DateTime t) => t.AddTicks(-(t.Ticks % 10));
}
