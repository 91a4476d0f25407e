using System.Runtime.CompilerServices;
using Itaku.Ledger;

namespace Itaku.Ledger.Tests;

/// <summary>
/// A view of a log as retention leaves it: entries below <paramref name="prunedBefore"/> answer only their leaf
/// hash, and level-0 tiles wholly below it are gone unless listed in <paramref name="keptTiles"/>.
/// </summary>
internal sealed class PrunedStore(ILedgerStore inner, long prunedBefore, IReadOnlySet<long> keptTiles) : IPrunableLedgerStore
{
    /// <summary>Stored leaf hashes of pruned entries, editable by a test.</summary>
    public Dictionary<long, byte[]> LeafHashes { get; } = [];

    public static async Task<PrunedStore> CreateAsync(TestLog log, long prunedBefore, params long[] keptTiles)
    {
        var store = new PrunedStore(log.Store, prunedBefore, keptTiles.ToHashSet());
        for (long i = 0; i < prunedBefore; i++)
        {
            store.LeafHashes[i] = TreeHasher.HashLeaf(log.Entries[(int)i]);
        }

        return await Task.FromResult(store);
    }

    public Task<long> ReadPrunedBeforeAsync(CancellationToken cancellationToken = default) => Task.FromResult(prunedBefore);

    public async IAsyncEnumerable<byte[]> ReadLeafHashesAsync(long start, long end, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        for (var i = start; i < end && LeafHashes.TryGetValue(i, out var hash); i++)
        {
            yield return hash;
        }
    }

    public async Task<byte[]?> ReadTileAsync(int level, long index, CancellationToken cancellationToken = default) =>
        level == 0 && (index + 1) * TileId.FullWidth <= prunedBefore && !keptTiles.Contains(index)
            ? null
            : await inner.ReadTileAsync(level, index, cancellationToken);

    public Task<TreeHead> ReadHeadAsync(CancellationToken cancellationToken = default) => inner.ReadHeadAsync(cancellationToken);

    public async Task<byte[]?> ReadEntryAsync(long index, CancellationToken cancellationToken = default) =>
        index < prunedBefore ? null : await inner.ReadEntryAsync(index, cancellationToken);

    public async IAsyncEnumerable<byte[]> ReadEntriesAsync(long start, long end, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (start < prunedBefore)
        {
            yield break;
        }

        await foreach (var entry in inner.ReadEntriesAsync(start, end, cancellationToken))
        {
            yield return entry;
        }
    }

    public Task WriteBatchAsync(LedgerBatch batch, CancellationToken cancellationToken = default) => inner.WriteBatchAsync(batch, cancellationToken);

    public Task<string?> ReadCheckpointAsync(CancellationToken cancellationToken = default) => inner.ReadCheckpointAsync(cancellationToken);

    public Task WriteCheckpointAsync(string note, long size, long? previousSize, CancellationToken cancellationToken = default) =>
        inner.WriteCheckpointAsync(note, size, previousSize, cancellationToken);
}
