namespace Itaku.Ledger;

/// <summary>
/// Storage for one log (one origin), implemented by the application over its database and by
/// <see cref="InMemoryLedgerStore"/>. Tiles are kept per (level, index) at their widest width so far.
/// </summary>
public interface ILedgerStore : ITileReader
{
    /// <summary>The current head, or <see cref="TreeHead.Empty"/> for a log never written.</summary>
    Task<TreeHead> ReadHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>The entry at <paramref name="index"/>, or null if absent (beyond the head, or pruned).</summary>
    Task<byte[]?> ReadEntryAsync(long index, CancellationToken cancellationToken = default);

    /// <summary>Entries [<paramref name="start"/>, <paramref name="end"/>) in order; stops early at the first absent one.</summary>
    IAsyncEnumerable<byte[]> ReadEntriesAsync(long start, long end, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically stores the batch's entries, tiles and head, inside the caller's ambient transaction if it has
    /// one. Throws <see cref="LedgerConflictException"/> if the stored size is not <see cref="LedgerBatch.PreviousSize"/>.
    /// </summary>
    Task WriteBatchAsync(LedgerBatch batch, CancellationToken cancellationToken = default);

    /// <summary>The latest signed checkpoint note, or null if none was published.</summary>
    Task<string?> ReadCheckpointAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the latest checkpoint with <paramref name="note"/> (for tree size <paramref name="size"/>).
    /// Throws <see cref="LedgerConflictException"/> unless the stored checkpoint's size is still
    /// <paramref name="previousSize"/> (null: none stored), so two publishers cannot regress it.
    /// </summary>
    Task WriteCheckpointAsync(string note, long size, long? previousSize, CancellationToken cancellationToken = default);
}
