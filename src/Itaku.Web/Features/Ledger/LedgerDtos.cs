namespace Itaku.Web.Features.Ledger;

public sealed record LogDto(long Id, string Origin, LedgerLogKind Kind, string Name, long? ContractId, long Size, long? CheckpointSize, int RetentionDays);

public sealed record EntryDto(long Index, DateTime ReceivedAt, string Data, string? Text);

public sealed record EntriesDto(long Start, long End, IReadOnlyList<EntryDto> Items);

public sealed record InclusionProofDto(long Index, long TreeSize, string LeafHash, IReadOnlyList<string> Hashes);

public sealed record ConsistencyProofDto(long From, long To, IReadOnlyList<string> Hashes);
