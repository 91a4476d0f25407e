namespace Itaku.Web.Infrastructure.Audit;

/// <summary>
/// One entry of the application's audit trail. Append-only: nothing updates or deletes a row.
/// The evidence-ledger work puts a Merkle tree behind <see cref="AuditTrail"/>.
/// </summary>
public sealed class AuditEvent
{
    public long Id { get; set; }
    public DateTime OccurredAt { get; set; }
    public Guid? ActorId { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string SubjectType { get; set; } = "";
    public string? SubjectId { get; set; }
    public long? ContractId { get; set; }
    public string? IpAddress { get; set; }

    /// <summary>JSON object with the details of the change.</summary>
    public string? Details { get; set; }

    /// <summary>Index of this event's leaf in the audit log of the evidence ledger.</summary>
    public long? LedgerIndex { get; set; }
}
