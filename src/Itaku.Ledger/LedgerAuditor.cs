namespace Itaku.Ledger;

/// <summary>
/// Self-audit: recomputes the whole tree from the stored entries and compares every stored tile hash,
/// the head and the latest checkpoint against it, stopping at the first disagreement. Streams entries,
/// so memory stays constant; reads each tile once. For an <see cref="IPrunableLedgerStore"/> the pruned
/// prefix is recomputed from its kept leaf hashes, so the higher-level tiles over it are still checked.
/// </summary>
public static class LedgerAuditor
{
    private const int H = TreeHasher.HashSize;

    /// <summary>
    /// Audits the log in <paramref name="store"/>. With <paramref name="verifier"/> the checkpoint's
    /// signature is checked too; without it only its contents are compared.
    /// </summary>
    public static async Task<AuditResult> AuditAsync(ILedgerStore store, NoteVerifier? verifier = null, CancellationToken cancellationToken = default)
    {
        var head = await store.ReadHeadAsync(cancellationToken);
        var result = new AuditResult { HeadSize = head.Size };
        var note = await store.ReadCheckpointAsync(cancellationToken);
        Checkpoint? checkpoint = null;
        if (note is not null)
        {
            try
            {
                checkpoint = verifier is null ? Checkpoint.Parse(SignedNote.Parse(note).Text) : SignedCheckpoint.Open(note, verifier).Checkpoint;
            }
            catch (Exception e) when (e is NoteVerificationException or FormatException)
            {
                return result with { Mismatch = "Checkpoint: " + e.Message };
            }

            result = result with { CheckpointSize = checkpoint.Size };
            if (checkpoint.Size > head.Size)
            {
                return result with { Mismatch = $"Checkpoint: its size {checkpoint.Size} is beyond the log's head {head.Size}." };
            }
        }

        var pending = new List<(NodeId Node, byte[] Hash)>();
        var tree = new MerkleTree((node, hash) =>
        {
            if (node.Level % TileId.Height == 0)
            {
                pending.Add((node, hash.ToArray()));
            }
        });
        var tiles = new TileCursor(store);
        if (CheckCheckpoint(tree, checkpoint) is { } early)
        {
            return result with { Mismatch = early };
        }

        long prunedBefore = store is IPrunableLedgerStore prunable ? await prunable.ReadPrunedBeforeAsync(cancellationToken) : 0;
        if (prunedBefore < 0 || prunedBefore > head.Size)
        {
            return result with { Mismatch = $"Retention: the pruned boundary {prunedBefore} is outside the log's {head.Size} entries." };
        }

        result = result with { PrunedBefore = prunedBefore };
        long index = 0;
        if (prunedBefore > 0)
        {
            // Pruned entries: their kept leaf hashes are recomputed against the tiles that remain. A level-0
            // tile wholly below the boundary may have been deleted; every higher tile must still agree.
            await foreach (var leaf in ((IPrunableLedgerStore)store).ReadLeafHashesAsync(0, prunedBefore, cancellationToken))
            {
                if (leaf.Length != H)
                {
                    return result with { Mismatch = $"Entry {index}: its kept leaf hash is not {H} bytes.", EntryIndex = index, EntriesChecked = index };
                }

                tree.AppendLeafHash(leaf);
                if (await CompareAsync(index, prunedBefore) is { } mismatch)
                {
                    return mismatch;
                }
            }

            if (index != prunedBefore)
            {
                return result with { Mismatch = $"Entry {index}: its kept leaf hash is missing, but the log was pruned up to {prunedBefore}.", EntryIndex = index, EntriesChecked = index };
            }
        }

        await foreach (var entry in store.ReadEntriesAsync(prunedBefore, head.Size, cancellationToken))
        {
            tree.Append(entry);
            if (await CompareAsync(index, 0) is { } mismatch)
            {
                return mismatch;
            }
        }

        async Task<AuditResult?> CompareAsync(long at, long deletedBelow)
        {
            foreach (var (node, hash) in pending)
            {
                var (tile, problem) = await tiles.CompareAsync(node, hash, deletedBelow, cancellationToken);
                if (problem is not null)
                {
                    return result with { Mismatch = problem, EntryIndex = at, Tile = tile, EntriesChecked = at };
                }
            }

            pending.Clear();
            index++;
            return CheckCheckpoint(tree, checkpoint) is { } bad
                ? result with { Mismatch = bad, EntryIndex = index - 1, EntriesChecked = index }
                : null;
        }

        result = result with { EntriesChecked = index };
        if (index != head.Size)
        {
            return result with { Mismatch = $"Entry {index}: missing, but the head says the log has {head.Size} entries.", EntryIndex = index };
        }

        if (!tree.Root().AsSpan().SequenceEqual(head.Root))
        {
            return result with { Mismatch = $"Head: its root differs from the root recomputed from the {head.Size} entries." };
        }

        return await CheckNothingBeyondHeadAsync(store, head.Size, cancellationToken) is { } extra
            ? result with { Mismatch = extra }
            : result;
    }

    private static string? CheckCheckpoint(MerkleTree tree, Checkpoint? checkpoint) =>
        checkpoint is not null && tree.Size == checkpoint.Size && !tree.Root().AsSpan().SequenceEqual(checkpoint.Root)
            ? $"Checkpoint: its root at size {checkpoint.Size} differs from the root recomputed from the entries."
            : null;

    // Tiles are written together with the head, so hashes past the head mean a write went astray.
    private static async Task<string?> CheckNothingBeyondHeadAsync(ILedgerStore store, long size, CancellationToken cancellationToken)
    {
        if (await store.ReadEntryAsync(size, cancellationToken) is not null)
        {
            return $"Entry {size}: present beyond the head.";
        }

        for (int level = 0; level * TileId.Height < 63 && (size >> (level * TileId.Height)) > 0; level++)
        {
            long count = size >> (level * TileId.Height);
            long last = (count - 1) / TileId.FullWidth;
            int width = TileMath.WidthAt(level, last, size);
            var stored = await store.ReadTileAsync(level, last, cancellationToken);
            if (stored is not null && stored.Length > width * H)
            {
                return $"Tile {new TileId(level, last, width)}: holds {stored.Length / H} hashes, more than the head's {width}.";
            }

            if (await store.ReadTileAsync(level, last + 1, cancellationToken) is not null)
            {
                return $"Tile {level}/{last + 1}: present beyond the head.";
            }
        }

        return null;
    }

    // Remembers the current tile at each level; entries are visited in order, so each tile is read once.
    private sealed class TileCursor(ILedgerStore store)
    {
        private readonly Dictionary<int, (long Index, byte[]? Hashes)> _current = [];

        /// <summary>Compares one stored hash; a level-0 tile wholly below <paramref name="deletedBelow"/> may be absent (pruned).</summary>
        public async Task<(TileId Tile, string? Problem)> CompareAsync(NodeId node, byte[] hash, long deletedBelow, CancellationToken cancellationToken)
        {
            int level = node.Level / TileId.Height;
            long index = node.Index / TileId.FullWidth;
            int offset = (int)(node.Index % TileId.FullWidth);
            if (!_current.TryGetValue(level, out var tile) || tile.Index != index)
            {
                tile = (index, await store.ReadTileAsync(level, index, cancellationToken));
                _current[level] = tile;
            }

            var id = new TileId(level, index, offset + 1);
            if (tile.Hashes is null && level == 0 && (index + 1) * TileId.FullWidth <= deletedBelow)
            {
                return (id, null);
            }

            if (tile.Hashes is null || tile.Hashes.Length < (offset + 1) * H)
            {
                return (id, $"Tile {id}: missing the hash of {node}.");
            }

            if (tile.Hashes.AsSpan(offset * H, H).SequenceEqual(hash))
            {
                return (id, null);
            }

            return (id, node.Level == 0
                ? $"Entry {node.Index}: does not match its stored leaf hash in {id} (the entry or the tile was altered)."
                : $"Tile {id}: the stored hash of {node} does not match entries [{node.Begin},{node.End}).");
        }
    }
}
