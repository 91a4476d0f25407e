namespace Itaku.Ledger;

/// <summary>The outcome of <see cref="LedgerAuditor.AuditAsync"/>: clean, or the first mismatch found.</summary>
public sealed record AuditResult
{
    /// <summary>True if entries, tiles, head and checkpoint all agree.</summary>
    public bool Ok => Mismatch is null;

    /// <summary>The first mismatch, in words; null when clean.</summary>
    public string? Mismatch { get; init; }

    /// <summary>The entry at which the mismatch showed (the entry whose append produced the bad hash).</summary>
    public long? EntryIndex { get; init; }

    /// <summary>The tile holding the stored hash that disagreed, if any.</summary>
    public TileId? Tile { get; init; }

    /// <summary>Entries recomputed before stopping.</summary>
    public long EntriesChecked { get; init; }

    /// <summary>The stored head's size.</summary>
    public long HeadSize { get; init; }

    /// <summary>Entries below this index were pruned and checked by their kept leaf hashes only.</summary>
    public long PrunedBefore { get; init; }

    /// <summary>The stored checkpoint's size, if there is one.</summary>
    public long? CheckpointSize { get; init; }
}
