namespace Itaku.Ledger;

/// <summary>Which tiles a tree has, which change on append, and where a node's hash is kept.</summary>
public static class TileMath
{
    /// <summary>Every tile of a tree of <paramref name="size"/> entries, level by level, partial tiles last.</summary>
    public static IEnumerable<TileId> TilesForSize(long size) => ChangedTiles(0, size);

    /// <summary>
    /// The tiles whose contents differ between sizes <paramref name="oldSize"/> and <paramref name="newSize"/>,
    /// each with its width at the new size: the old partial tile at each level (if any) plus every new one.
    /// </summary>
    public static IReadOnlyList<TileId> ChangedTiles(long oldSize, long newSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(newSize, oldSize);
        var tiles = new List<TileId>();
        for (int level = 0; level * TileId.Height < 63; level++)
        {
            // Hashes stored at this tile level are the complete nodes of tree level 8·level.
            long oldCount = oldSize >> (level * TileId.Height);
            long newCount = newSize >> (level * TileId.Height);
            if (newCount == 0)
            {
                break;
            }

            for (long tile = oldCount / TileId.FullWidth; tile * TileId.FullWidth < newCount; tile++)
            {
                long width = Math.Min(TileId.FullWidth, newCount - (tile * TileId.FullWidth));
                if (tile * TileId.FullWidth + width > oldCount)
                {
                    tiles.Add(new TileId(level, tile, (int)width));
                }
            }
        }

        return tiles;
    }

    /// <summary>Width of tile (<paramref name="level"/>, <paramref name="index"/>) in a tree of <paramref name="size"/> entries; 0 if it does not exist yet.</summary>
    public static int WidthAt(int level, long index, long size)
    {
        long count = size >> (level * TileId.Height);
        return (int)Math.Clamp(count - (index * TileId.FullWidth), 0, TileId.FullWidth);
    }

    /// <summary>
    /// Where the hash of <paramref name="node"/> comes from: the tile at level ⌊level/8⌋ and the run of
    /// 2^(level mod 8) consecutive hashes in it whose perfect subtree is the node (a single hash when the
    /// node's level is a multiple of 8). The returned tile's width is the least that contains the run.
    /// </summary>
    public static (TileId Tile, int Start, int Count) Locate(NodeId node)
    {
        int tileLevel = node.Level / TileId.Height;
        int within = node.Level % TileId.Height;
        long first = node.Index << within;
        long tileIndex = first / TileId.FullWidth;
        int start = (int)(first % TileId.FullWidth);
        int count = 1 << within;
        return (new TileId(tileLevel, tileIndex, start + count), start, count);
    }
}
