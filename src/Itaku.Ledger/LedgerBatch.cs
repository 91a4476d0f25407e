namespace Itaku.Ledger;

/// <summary>
/// Everything one append changes, written by <see cref="ILedgerStore.WriteBatchAsync"/> in a single
/// transaction: the new entries (indices <see cref="PreviousSize"/> onward), the tiles they change and the new head.
/// </summary>
public sealed class LedgerBatch(long previousSize, IReadOnlyList<ReadOnlyMemory<byte>> entries, IReadOnlyList<TileWrite> tiles, TreeHead newHead)
{
    /// <summary>Size the batch was computed against; the store must refuse the batch if the stored size differs.</summary>
    public long PreviousSize { get; } = previousSize;

    /// <summary>The new entries, in index order, starting at <see cref="PreviousSize"/>.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Entries { get; } = entries;

    /// <summary>The tiles whose contents changed.</summary>
    public IReadOnlyList<TileWrite> Tiles { get; } = tiles;

    /// <summary>The head after the batch.</summary>
    public TreeHead NewHead { get; } = newHead;
}
