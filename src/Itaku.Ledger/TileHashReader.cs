namespace Itaku.Ledger;

/// <summary>
/// Answers node hashes from tiles: a node at a level that is a multiple of 8 is read directly; any other
/// is rehashed from at most 128 hashes of one tile. Each tile is read once per call — all in one request
/// when the store is an <see cref="ITileBatchReader"/>.
/// </summary>
public sealed class TileHashReader(ITileReader tiles) : IHashReader
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<byte[]>> ReadHashesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken = default)
    {
        var loaded = new Dictionary<(int Level, long Index), byte[]?>();
        if (tiles is ITileBatchReader batch && nodes.Count > 1)
        {
            var wanted = nodes.Select(n => TileMath.Locate(n).Tile).Select(t => (t.Level, t.Index)).Distinct().ToList();
            var hashes = await batch.ReadTilesAsync(wanted, cancellationToken);
            for (int i = 0; i < wanted.Count; i++)
            {
                loaded[wanted[i]] = hashes[i];
            }
        }

        var result = new byte[nodes.Count][];
        for (int i = 0; i < nodes.Count; i++)
        {
            var (tile, start, count) = TileMath.Locate(nodes[i]);
            var key = (tile.Level, tile.Index);
            if (!loaded.TryGetValue(key, out var hashes))
            {
                hashes = await tiles.ReadTileAsync(tile.Level, tile.Index, cancellationToken);
                loaded[key] = hashes;
            }

            if (hashes is null || hashes.Length < tile.Width * TreeHasher.HashSize)
            {
                throw new LedgerIntegrityException($"{nodes[i]} is not stored: {tile} is missing or too short.");
            }

            result[i] = SubtreeRoot(hashes.AsSpan(start * TreeHasher.HashSize, count * TreeHasher.HashSize));
        }

        return result;
    }

    // Root of a perfect subtree given its leaves-of-the-tile, hashed pairwise level by level in place.
    private static byte[] SubtreeRoot(ReadOnlySpan<byte> hashes)
    {
        const int H = TreeHasher.HashSize;
        int count = hashes.Length / H;
        Span<byte> work = stackalloc byte[TileId.FullWidth / 2 * H];
        if (count == 1)
        {
            return hashes.ToArray();
        }

        for (int i = 0; i < count / 2; i++)
        {
            TreeHasher.HashChildren(hashes.Slice(2 * i * H, H), hashes.Slice(((2 * i) + 1) * H, H), work.Slice(i * H, H));
        }

        for (count /= 2; count > 1; count /= 2)
        {
            for (int i = 0; i < count / 2; i++)
            {
                TreeHasher.HashChildren(work.Slice(2 * i * H, H), work.Slice(((2 * i) + 1) * H, H), work.Slice(i * H, H));
            }
        }

        return work[..H].ToArray();
    }
}
