namespace Itaku.Ledger;

/// <summary>
/// Appends batches of entries to a log: rebuilds the tree's compact range from the tiles, checks it
/// against the stored head, hashes the new entries, and writes entries, changed tiles and head as one
/// <see cref="LedgerBatch"/>. Appends to one log must be serialised by the caller (a conflicting concurrent
/// append fails with <see cref="LedgerConflictException"/> rather than corrupting the log).
/// </summary>
public sealed class LedgerAppender(ILedgerStore store)
{
    private const int H = TreeHasher.HashSize;

    /// <summary>Appends one entry.</summary>
    public Task<AppendResult> AppendAsync(ReadOnlyMemory<byte> entry, CancellationToken cancellationToken = default) =>
        AppendAsync([entry], cancellationToken);

    /// <summary>Appends <paramref name="entries"/> in order and returns the new size and root.</summary>
    public Task<AppendResult> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> entries, CancellationToken cancellationToken = default) =>
        AppendCoreAsync(entries, null, cancellationToken);

    /// <summary>
    /// Appends <paramref name="entries"/> whose RFC 6962 leaf hashes (<see cref="TreeHasher.HashLeaf(ReadOnlySpan{byte})"/>,
    /// 32 bytes each, in order) the caller computed already. Leaf hashes depend only on the entries, so a caller that
    /// serialises appends can hash before it takes the lock and keep the serialised part short. The hashes must be
    /// those of these exact bytes: a wrong one would commit a root the entries do not reproduce (the audit would
    /// then report the log as damaged).
    /// </summary>
    public Task<AppendResult> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> entries, ReadOnlyMemory<byte> leafHashes, CancellationToken cancellationToken = default) =>
        leafHashes.Length == entries.Count * H
            ? AppendCoreAsync(entries, leafHashes, cancellationToken)
            : throw new ArgumentException($"Expected {entries.Count * H} bytes of leaf hashes, got {leafHashes.Length}.", nameof(leafHashes));

    private async Task<AppendResult> AppendCoreAsync(IReadOnlyList<ReadOnlyMemory<byte>> entries, ReadOnlyMemory<byte>? leafHashes, CancellationToken cancellationToken)
    {
        var head = await store.ReadHeadAsync(cancellationToken);
        long oldSize = head.Size;
        long newSize = oldSize + entries.Count;

        // Start from the current partial tiles; the visitor below writes each new hash into place.
        var buffers = new Dictionary<(int Level, long Index), byte[]>();
        var changed = TileMath.ChangedTiles(oldSize, newSize);
        foreach (var tile in changed)
        {
            var buffer = new byte[tile.Width * H];
            int oldWidth = TileMath.WidthAt(tile.Level, tile.Index, oldSize);
            if (oldWidth > 0)
            {
                var stored = await store.ReadTileAsync(tile.Level, tile.Index, cancellationToken);
                if (stored is null || stored.Length < oldWidth * H)
                {
                    throw new LedgerIntegrityException($"Tile {tile.Level}/{tile.Index} is missing or shorter than the head of size {oldSize} requires.");
                }

                stored.AsSpan(0, oldWidth * H).CopyTo(buffer);
            }

            buffers[(tile.Level, tile.Index)] = buffer;
        }

        var tree = await LoadTreeAsync(head, (node, hash) =>
        {
            if (node.Level % TileId.Height == 0)
            {
                var buffer = buffers[(node.Level / TileId.Height, node.Index / TileId.FullWidth)];
                hash.CopyTo(buffer.AsSpan((int)(node.Index % TileId.FullWidth) * H));
            }
        }, cancellationToken);

        for (var i = 0; i < entries.Count; i++)
        {
            if (leafHashes is { } known)
            {
                tree.AppendLeafHash(known.Span.Slice(i * H, H));
            }
            else
            {
                tree.Append(entries[i].Span);
            }
        }

        var newHead = new TreeHead(newSize, tree.Root());
        var writes = changed.Select(t => new TileWrite(t, buffers[(t.Level, t.Index)])).ToList();
        await store.WriteBatchAsync(new LedgerBatch(oldSize, entries, writes, newHead), cancellationToken);
        return new AppendResult(oldSize, newSize, newHead.Root);
    }

    // Refuses to build on tiles that do not reproduce the stored root: appending would bury the damage.
    private async Task<MerkleTree> LoadTreeAsync(TreeHead head, NodeVisitor visitor, CancellationToken cancellationToken)
    {
        var nodes = NodeId.Decompose(0, head.Size);
        var hashes = await new TileHashReader(store).ReadHashesAsync(nodes, cancellationToken);
        var tree = MerkleTree.FromCompactRange(head.Size, hashes, visitor);
        return tree.Root().AsSpan().SequenceEqual(head.Root)
            ? tree
            : throw new LedgerIntegrityException($"The tiles do not reproduce the stored root at size {head.Size}.");
    }
}
