namespace Itaku.Web.Features.Ledger;

/// <summary>
/// A log. <c>RetentionDays</c> is null for the audit log, which is never pruned; entries below
/// <c>PrunedBefore</c> lost their payload to retention, the last of them received at <c>PrunedThrough</c>.
/// </summary>
public sealed record LogDto(long Id, string Origin, LedgerLogKind Kind, string Name, long? ContractId, long Size, long? CheckpointSize, int? RetentionDays,
    long PrunedBefore = 0, DateTime? PrunedThrough = null);

/// <summary>An export bundle on disk, its index range, and where retention had already pruned the log (null: nothing asked for was pruned).</summary>
public sealed record ExportFile(FileStream File, long Start, long End, long? PrunedBefore, DateTime? PrunedThrough);

public sealed record EntryDto(long Index, DateTime ReceivedAt, string Data, string? Text);

public sealed record EntriesDto(long Start, long End, IReadOnlyList<EntryDto> Items);

public sealed record InclusionProofDto(long Index, long TreeSize, string LeafHash, IReadOnlyList<string> Hashes);

public sealed record ConsistencyProofDto(long From, long To, IReadOnlyList<string> Hashes);

/// <summary>One audit event of a contract: its leaf in the audit trail and the leaf's inclusion proof at <c>TreeSize</c> of <see cref="ContractAuditDto"/>.</summary>
public sealed record AuditEventProofDto(long Index, DateTime OccurredAt, string Action, string Data, string? Text, string LeafHash, IReadOnlyList<string> Hashes);

/// <summary>A page of a contract's audit events, proven against the audit trail's checkpoint <c>Checkpoint</c> (a C2SP signed note) of size <c>TreeSize</c>.</summary>
public sealed record ContractAuditDto(long LogId, string? Checkpoint, long TreeSize, IReadOnlyList<AuditEventProofDto> Items, string? NextCursor);
