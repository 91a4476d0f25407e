namespace Itaku.Ledger;

/// <summary>New contents of one tile: all its hashes so far (width = length / 32), replacing any narrower version.</summary>
public sealed class TileWrite(TileId tile, byte[] hashes)
{
    /// <summary>The tile and its new width.</summary>
    public TileId Tile { get; } = tile;

    /// <summary>Width × 32 bytes of hashes.</summary>
    public byte[] Hashes { get; } = hashes;
}
